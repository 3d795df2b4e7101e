import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import type { FormClient } from '../../../tests/support/http.ts'
import { createApp } from '../../app.tsx'
import { logActivity } from './activities/log-activity.ts'
import { submitFeedback, voteFeedback } from './feedback/submit-feedback.ts'
import { decideGroup, proposeGroup } from './groups/propose-group.ts'
import { scheduleMeeting } from './meetings/schedule-meeting.ts'
import { createWorkingGroup } from './meetings/working-groups.ts'
import { addBenefit, claimBenefit } from './benefits/fulfil-benefit.ts'
import { activityFormFor, groupFormFor, makeTermWorld } from './test-support.ts'
import type { Db } from '../../db/client.ts'

const NOW = new Date('2025-10-01T08:00:00Z')
const pages = ['activities', 'groups', 'feedback', 'meetings', 'dashboard', 'benefits']

/** A program with `n` of everything each list page lists. */
async function worldWith(db: Db, n: number, SECRET: string) {
  const world = await makeTermWorld(db, n)
  const p = world.programId
  const groups = [world.groupId]
  for (let i = 1; i < n; i++) {
    const standing = await world.standingOf(world.ambassadors[i]!.id)
    const { id } = await proposeGroup(db, { programId: p, standing, form: groupFormFor(`Group ${i} ${world.tag}`, { region: i % 2 ? 'east_asia' : 'africa' }) })
    await decideGroup(db, { programId: p, groupId: id, standing: world.managerStanding, decision: 'approved', now: NOW })
    groups.push(id)
  }
  for (let i = 0; i < n; i++) {
    const standing = await world.standingOf(world.ambassadors[i]!.id)
    await logActivity(db, { programId: p, standing, now: NOW, form: activityFormFor(`https://blog.example/${world.tag}/${i}`, { groupId: groups[i]!, type: i ? 'talk' : 'meetup', occurredOn: `2025-0${5 + i}-10` }) })
    const item = await submitFeedback(db, { programId: p, standing, form: { groupId: groups[i]!, text: `Point number ${i} from the group`, productArea: `area-${i}`, kind: 'docs_gap' } })
    if (i) await voteFeedback(db, { programId: p, standing: await world.standingOf(world.ambassadors[0]!.id), feedbackId: item.id, groupId: groups[0]! })
    const wg = await createWorkingGroup(db, { programId: p, standing: world.managerStanding, name: `WG ${i}`, memberIds: [world.ambassadors[i]!.id] })
    const benefit = await addBenefit(db, { programId: p, standing: world.managerStanding, name: `Gift ${i}`, kind: 'gift', needsAddress: true, shipperIds: [world.manager.id] })
    await claimBenefit(db, SECRET, { programId: p, standing, benefitId: benefit.id, address: `Street ${i}, 10115 Berlin` })
    await scheduleMeeting(db, { programId: p, standing: world.managerStanding, form: { title: `Call ${i}`, timeZone: 'Asia/Shanghai', firstDay: '2025-09-04', startTime: '20:00', durationMinutes: '45', workingGroupId: i ? wg.id : '' } })
  }
  return world
}

describeDb('community list pages', (ctx) => {
  let one: { world: Awaited<ReturnType<typeof worldWith>>; manager: FormClient; ambassador: FormClient }
  let three: typeof one
  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(NOW)
    const app = createApp(deps)
    const make = async (n: number) => {
      const world = await worldWith(deps.db, n, deps.secretKey)
      return { world, manager: await signedInClient(app, deps.db, world.manager.email), ambassador: await signedInClient(app, deps.db, world.ambassadors[0]!.email) }
    }
    one = await make(1)
    three = await make(3)
  })

  async function queriesFor(client: FormClient, path: string) {
    const before = ctx().database.queryCount
    const res = await client.get(path)
    expect(res.status, path).toBe(200)
    return { queries: ctx().database.queryCount - before, html: res.text }
  }

  it('every list page issues the same number of queries for 1 row and for 3 rows (manager and ambassador)', async () => {
    for (const page of pages) {
      const a = await queriesFor(one.manager, `${one.world.base}/${page}`)
      const b = await queriesFor(three.manager, `${three.world.base}/${page}`)
      expect(b.queries, page).toBe(a.queries)
    }
    for (const page of ['activities', 'feedback', 'meetings', 'my-year', 'benefits']) {
      const a = await queriesFor(one.ambassador, `${one.world.base}/${page}`)
      const b = await queriesFor(three.ambassador, `${three.world.base}/${page}`)
      expect(b.queries, page).toBe(a.queries)
    }
  })

  it('an ambassador’s year is their term (May 2025 to April 2026), not the twelve months before today', async () => {
    const deps = ctx()
    try {
      deps.setNow(new Date('2025-09-15T12:00:00Z'))
      const year = (await one.ambassador.get(`${one.world.base}/my-year`)).text
      const months = [...year.matchAll(/<th scope="row">(\d{4}-\d{2})<\/th>/g)].map((m) => m[1])
      expect(months).toEqual(['2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04'])
    } finally {
      deps.setNow(NOW)
    }
  })

  it('pages show what they list; the dashboard is managers-only and draws SVG without script', async () => {
    const ledger = (await queriesFor(three.manager, `${three.world.base}/activities`)).html
    expect(ledger.match(/blog\.example/g)).toHaveLength(3)
    const dashboard = (await queriesFor(three.manager, `${three.world.base}/dashboard`)).html
    expect(dashboard).toContain('<svg')
    expect(dashboard).not.toContain('<script')
    expect(dashboard).toContain('Total: 3')
    expect((await three.ambassador.get(`${three.world.base}/dashboard`)).status).toBe(403)
    const feedback = (await queriesFor(three.manager, `${three.world.base}/feedback`)).html
    expect(feedback).toContain('raised by 1 other groups')
    const meetings = (await three.manager.get(`${three.world.base}/meetings?tz=Europe/Berlin`)).text
    // 20:00 in Shanghai is 14:00 in Berlin (CEST) until October 26, 13:00 after.
    expect(meetings).toContain('14:00')
    expect(meetings).toContain('/calendar/people/')
    const csv = await three.manager.get(`${three.world.base}/feedback.csv`)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csv.text.trim().split('\r\n')).toHaveLength(4)
  })
})
