import { createHash } from 'node:crypto'
import { beforeAll, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../../../tests/support/db.ts'
import { refusal } from '../../../../tests/support/refusal.ts'
import { auditLog } from '../../audit/schema.ts'
import { ingestContributions } from '../../contributions/store.ts'
import { activities, userGroups } from '../schema.ts'
import { activityFormFor, makeTermWorld } from '../test-support.ts'
import { confirmActivity, logActivity } from './log-activity.ts'
import { listLedger } from './ledger.ts'

const NOW = new Date('2025-09-01T08:00:00Z')

describeDb('activity ledger', (ctx) => {
  let world: Awaited<ReturnType<typeof makeTermWorld>>
  beforeAll(async () => {
    ctx().setNow(NOW)
    world = await makeTermWorld(ctx().db)
  })

  it('logs an activity for a group the ambassador is liaison of, audited, and keeps the group alive', async () => {
    const { db } = ctx()
    const standing = await world.standingOf(world.ambassadors[0]!.id)
    const { id } = await logActivity(db, { programId: world.programId, standing, now: NOW, form: activityFormFor('https://blog.example/pi', { type: 'meetup', groupId: world.groupId, audienceSize: '42', occurredOn: '2025-08-30' }) })
    const [row] = await db.select().from(activities).where(eq(activities.id, id))
    expect(row).toMatchObject({ type: 'meetup', audienceSize: 42, groupId: world.groupId, urlKey: 'blog.example/pi' })
    const [group] = await db.select({ last: userGroups.lastMeetupOn }).from(userGroups).where(eq(userGroups.id, world.groupId))
    expect(group!.last).toBe('2025-08-30')
    expect(await db.select().from(auditLog).where(eq(auditLog.entityId, id))).toHaveLength(1)
  })

  it('refuses a future day, a non-http link, a duplicate link, a group they are not liaison of, and non-members', async () => {
    const { db } = ctx()
    const first = await world.standingOf(world.ambassadors[0]!.id)
    const second = await world.standingOf(world.ambassadors[1]!.id)
    const base = { programId: world.programId, now: NOW }
    expect((await refusal(logActivity(db, { ...base, standing: first, form: activityFormFor('https://blog.example/future', { occurredOn: '2025-09-03' }) }))).fields).toEqual({ occurredOn: 'community.field.future' })
    expect((await refusal(logActivity(db, { ...base, standing: first, form: activityFormFor('javascript:alert(1)') }))).fields).toEqual({ url: 'community.field.notLink' })
    expect((await refusal(logActivity(db, { ...base, standing: first, form: activityFormFor('ftp://files.example/x') }))).fields).toEqual({ url: 'community.field.notLink' })
    // The same link written differently (scheme, case, fragment, trailing slash) is the same log, whoever logs it.
    expect((await refusal(logActivity(db, { ...base, standing: second, form: activityFormFor('http://BLOG.example/pi/#comments') }))).fields.url).toBe('community.field.duplicateLink')
    expect((await refusal(logActivity(db, { ...base, standing: second, form: activityFormFor('https://blog.example/other', { groupId: world.groupId }) }))).fields).toEqual({ groupId: 'community.field.notLiaison' })
    const outsider = { ...second, isMember: false, personId: world.manager.id, isManager: false }
    expect((await refusal(logActivity(db, { ...base, standing: outsider, form: activityFormFor('https://blog.example/outsider') }))).code).toBe('forbidden')
    const count = await db.select().from(activities).where(eq(activities.programId, world.programId))
    expect(count).toHaveLength(1)
  })

  it('shows imported contributions in the ledger without copying them, and managers confirm logged lines', async () => {
    const { db } = ctx()
    const person = world.ambassadors[1]!
    const author = { email: person.email, name: 'Ambassador Two', personId: person.id }
    await ingestContributions(db, [
      { kind: 'commit', source: 'git', repository: 'kubesphere/kubesphere', externalId: `sha-${world.tag}`, occurredAt: new Date('2025-07-10T10:00:00Z'), title: 'Fix the installer', url: 'https://github.com/kubesphere/kubesphere/commit/abc', author },
      { kind: 'commit', source: 'git', repository: 'kubesphere/kubesphere', externalId: `old-${world.tag}`, occurredAt: new Date('2024-07-10T10:00:00Z'), title: 'Before the term', author },
    ])
    const mine = await listLedger(db, { programId: world.programId, personId: person.id })
    expect(mine.entries.map((e) => [e.source, e.type, e.title, e.day])).toEqual([['imported', 'commit', 'Fix the installer', '2025-07-10']])
    // An imported line's id is the MD5 of its natural key as 32 hex digits (the cursor's form).
    expect(mine.entries[0]!.id).toBe(createHash('md5').update(`commit\u001fkubesphere/kubesphere\u001fsha-${world.tag}`).digest('hex'))
    expect(await db.select().from(activities).where(eq(activities.personId, person.id))).toHaveLength(0)
    const all = await listLedger(db, { programId: world.programId })
    expect(all.entries.map((e) => e.source).sort()).toEqual(['imported', 'logged'])
    const logged = all.entries.find((e) => e.source === 'logged')!
    expect(logged.confirmed).toBe(false)
    const ambassador = await world.standingOf(world.ambassadors[0]!.id)
    expect((await refusal(confirmActivity(db, { programId: world.programId, activityId: logged.id, standing: ambassador, now: NOW }))).code).toBe('forbidden')
    await confirmActivity(db, { programId: world.programId, activityId: logged.id, standing: world.managerStanding, now: NOW })
    await confirmActivity(db, { programId: world.programId, activityId: logged.id, standing: world.managerStanding, now: NOW })
    expect((await listLedger(db, { programId: world.programId })).entries.find((e) => e.id === logged.id)!.confirmed).toBe(true)
  })

  it('refuses a day before the term began or after it ended (a day that was the term’s somewhere on Earth counts), but not for managers', async () => {
    const { db } = ctx()
    // The term runs from May 1, 2025 to April 30, 2026 in Asia/Shanghai: 2025-04-30T16:00Z to 2026-04-30T16:00Z.
    const standing = await world.standingOf(world.ambassadors[1]!.id)
    const log = (slug: string, occurredOn: string, now = NOW, who = standing) => logActivity(db, { programId: world.programId, standing: who, now, form: activityFormFor(`https://term.example/${world.tag}/${slug}`, { occurredOn }) })
    expect((await refusal(log('years-before', '2023-06-01'))).fields).toEqual({ occurredOn: 'community.field.beforeTerm' })
    expect((await refusal(log('day-before', '2025-04-29'))).fields).toEqual({ occurredOn: 'community.field.beforeTerm' })
    // When the term began it was still April 30 west of Shanghai (UTC−12): that day is the term's first somewhere.
    await log('first-day', '2025-04-30')
    // After the end, before the term-end job moved the ambassador to alumni (they still report as a member).
    const later = new Date('2026-06-01T08:00:00Z')
    expect((await refusal(log('after-end', '2026-05-20', later))).fields).toEqual({ occurredOn: 'community.field.afterTerm' })
    // When it ended it was already May 1 in Kiritimati (UTC+14): the last day somewhere.
    await log('last-day', '2026-05-01', later)
    expect((await refusal(log('day-after', '2026-05-02', later))).fields).toEqual({ occurredOn: 'community.field.afterTerm' })
    // A manager logs the program's own work, which no term bounds.
    await log('manager', '2023-06-01', NOW, world.managerStanding)
    const logged = await db.select({ url: activities.url }).from(activities).where(eq(activities.programId, world.programId))
    expect(logged.map((a) => a.url).filter((u) => u.startsWith('https://term.example/')).sort()).toEqual(['first-day', 'last-day', 'manager'].map((slug) => `https://term.example/${world.tag}/${slug}`))
  })
})
