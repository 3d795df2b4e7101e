import { beforeAll, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../../../tests/support/db.ts'
import { refusal } from '../../../../tests/support/refusal.ts'
import { auditLog } from '../../audit/schema.ts'
import { groupFormFor, makeTermWorld } from '../test-support.ts'
import { userGroupLiaisons, userGroups } from '../schema.ts'
import { decideGroup, proposeGroup, setLiaisons } from './propose-group.ts'
import { listGroups } from './queries.ts'

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
})
