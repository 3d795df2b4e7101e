import { beforeAll, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../../../tests/support/db.ts'
import { refusal } from '../../../../tests/support/refusal.ts'
import { auditLog } from '../../audit/schema.ts'
import { groupFormFor, makeTermWorld } from '../test-support.ts'
import { userGroupLiaisons, userGroups } from '../schema.ts'
import { decideGroup, proposeGroup, setLiaisons } from './propose-group.ts'
import { listGroups } from './queries.ts'
import { createApp } from '../../../app.tsx'
import { signedInClient } from '../../../../tests/support/sign-in.ts'
import { people } from '../../people/schema.ts'

describeDb('user groups', (ctx) => {
  let world: Awaited<ReturnType<typeof makeTermWorld>>
  beforeAll(async () => {
    world = await makeTermWorld(ctx().db, 3)
  })

  it('an ambassador proposes, a manager approves; the proposer is liaison and only then reports for it', async () => {
    const { db } = ctx()
    const proposer = world.ambassadors[1]!
    const { id } = await proposeGroup(db, { programId: world.programId, standing: await world.standingOf(proposer.id), form: groupFormFor(`Istanbul ${world.tag}`, { city: 'Istanbul', country: 'tr', region: 'middle_east', lastMeetupOn: '' }) })
    expect((await world.standingOf(proposer.id)).liaisonGroupIds).not.toContain(id)
    const listedBefore = await listGroups(db, { programId: world.programId, today: '2025-09-01' })
    expect(listedBefore.map((g) => g.id)).not.toContain(id)
    await decideGroup(db, { programId: world.programId, groupId: id, standing: world.managerStanding, decision: 'approved', now: new Date() })
    expect((await world.standingOf(proposer.id)).liaisonGroupIds).toContain(id)
    const [row] = await db.select().from(userGroups).where(eq(userGroups.id, id))
    expect(row).toMatchObject({ status: 'approved', country: 'TR', decidedBy: world.manager.id })
    expect((await db.select().from(auditLog).where(eq(auditLog.entityId, id))).map((a) => a.action).sort()).toEqual(['user_group.approve', 'user_group.propose'])
  })

  it('refuses bad fields, a duplicate name (any case or accents), approval by an ambassador, and liaisons who are not members', async () => {
    const { db } = ctx()
    const standing = await world.standingOf(world.ambassadors[2]!.id)
    const bad = await refusal(proposeGroup(db, { programId: world.programId, standing, form: groupFormFor('X', { country: 'ZZ', region: 'mars', links: 'javascript:alert(1)', cadence: 'hourly' }) }))
    expect(bad.fields).toEqual({ name: 'community.field.giveName', country: 'community.field.chooseCountry', region: 'community.field.chooseRegion', links: 'community.field.notLink', cadence: 'community.field.chooseCadence' })
    const dup = await refusal(proposeGroup(db, { programId: world.programId, standing, form: groupFormFor(`BERLIN ${world.tag}`) }))
    expect(dup.fields).toEqual({ name: 'community.field.duplicateGroup' })
    const { id } = await proposeGroup(db, { programId: world.programId, standing, form: groupFormFor(`Lima ${world.tag}`, { region: 'latin_america' }) })
    expect((await refusal(decideGroup(db, { programId: world.programId, groupId: id, standing, decision: 'approved', now: new Date() }))).code).toBe('forbidden')
    expect((await refusal(setLiaisons(db, { programId: world.programId, groupId: id, standing: world.managerStanding, personIds: [world.manager.id] }))).fields).toEqual({ liaisons: 'community.field.notMember' })
    await setLiaisons(db, { programId: world.programId, groupId: id, standing: world.managerStanding, personIds: [world.ambassadors[0]!.id, world.ambassadors[2]!.id] })
    expect((await db.select().from(userGroupLiaisons).where(eq(userGroupLiaisons.groupId, id))).map((row) => row.personId).sort()).toEqual([world.ambassadors[0]!.id, world.ambassadors[2]!.id].sort())
  })

  it('health: active within 90 days of the last meetup, quiet after, dormant after 180 days or never', async () => {
    const { db } = ctx()
    const listed = await listGroups(db, { programId: world.programId, today: '2025-08-17', includeUnapproved: true })
    const byName = Object.fromEntries(listed.map((g) => [g.name.split(' ')[0], g]))
    expect(byName.Berlin!.health).toBe('active') // last meetup 2025-05-20: 89 days before 2025-08-17
    expect((await listGroups(db, { programId: world.programId, today: '2025-08-18' })).find((g) => g.name.startsWith('Berlin'))!.health).toBe('quiet')
    expect((await listGroups(db, { programId: world.programId, today: '2025-11-16' })).find((g) => g.name.startsWith('Berlin'))!.health).toBe('dormant')
    expect(byName.Istanbul!.health).toBe('dormant')
    expect(byName.Berlin!.liaisons.map((l: { name: string }) => l.name)).toEqual([`Ambassador 1 ${world.tag}`])
  })

  it('a manager sets a group\'s liaisons by handle on the groups page; a handle of no ambassador is told under that group\'s field, nothing changed', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const manager = await signedInClient(app, deps.db, world.manager.email)
    const page = `${world.base}/groups`
    const handleOf = async (id: string) => (await deps.db.select({ handle: people.handle }).from(people).where(eq(people.id, id)))[0]!.handle
    const [first, third, boss] = [await handleOf(world.ambassadors[0]!.id), await handleOf(world.ambassadors[2]!.id), await handleOf(world.manager.id)]
    const liaisonsOf = async () => (await deps.db.select({ personId: userGroupLiaisons.personId }).from(userGroupLiaisons).where(eq(userGroupLiaisons.groupId, world.groupId))).map((r) => r.personId).sort()
    const before = await liaisonsOf()
    const listing = await manager.get(page)
    expect(listing.text).toContain(`<input id="liaisons-${world.groupId}" name="liaisons" value="${first}"/>`)

    for (const typed of [`${first}, nobody-${deps.engine}`, `${first}, ${boss}`]) {
      const refused = await manager.post(`${page}/${world.groupId}/liaisons`, { liaisons: typed })
      expect(refused.status).toBe(422)
      expect(refused.text).toContain(`value="${typed}" aria-invalid="true" aria-describedby="liaisons-${world.groupId}-error"`)
      expect(refused.text).toContain(`<p class="field-error" id="liaisons-${world.groupId}-error">Only ambassadors of the program can take this role.</p>`)
      expect(await liaisonsOf()).toEqual(before)
    }
    const zh = await manager.post(`${page}/${world.groupId}/liaisons?lang=zh-CN`, { liaisons: `nobody-${deps.engine}` })
    expect(zh.text).toContain('只有本项目的大使可以担任此角色。')

    expect((await manager.post(`${page}/${world.groupId}/liaisons?lang=en`, { liaisons: `@${first.toUpperCase()} ${third}` })).status).toBe(303)
    expect(await liaisonsOf()).toEqual([world.ambassadors[0]!.id, world.ambassadors[2]!.id].sort())
    // The new liaison may now report for the group; an ambassador cannot change liaisons.
    expect((await world.standingOf(world.ambassadors[2]!.id)).liaisonGroupIds).toContain(world.groupId)
    const ambassador = await signedInClient(app, deps.db, world.ambassadors[0]!.email)
    expect((await ambassador.post(`${page}/${world.groupId}/liaisons`, { liaisons: first })).status).toBe(403)
  })
})
