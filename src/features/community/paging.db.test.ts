import { sql } from 'drizzle-orm'
import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { createApp } from '../../app.tsx'
import { listLedger, type LedgerCursor } from './activities/ledger.ts'
import { logActivity } from './activities/log-activity.ts'
import { rebuildActivityMonths } from './activities/rollup.ts'
import { activitiesByMonth, coverageByRegion } from './dashboards/queries.ts'
import { cachedFeedbackThemes, listFeedback, pageFeedback } from './feedback/queries.ts'
import { submitFeedback, voteFeedback } from './feedback/submit-feedback.ts'
import { decideGroup, proposeGroup } from './groups/propose-group.ts'
import { activityFormFor, groupFormFor, makeTermWorld } from './test-support.ts'

const NOW = new Date('2025-10-01T08:00:00Z')

function rows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows
}

describeDb('community roll-ups and keyset pages', (ctx) => {
  let world: Awaited<ReturnType<typeof makeTermWorld>>
  beforeAll(async () => {
    ctx().setNow(NOW)
    world = await makeTermWorld(ctx().db, 3)
  })

  it('logActivity keeps activity_months exact: the dashboard reads the same counts as a count over the activities', async () => {
    const { db } = ctx()
    const p = world.programId
    const days = ['2025-05-31', '2025-06-01', '2025-06-30', '2025-07-15', '2025-07-15', '2025-09-30']
    for (const [i, day] of days.entries()) {
      const standing = await world.standingOf(world.ambassadors[i % 2]!.id)
      await logActivity(db, { programId: p, standing, now: NOW, form: activityFormFor(`https://rollup.example/${world.tag}/${i}`, { occurredOn: day, type: i % 3 ? 'talk' : 'video', region: i % 2 ? 'africa' : 'europe' }) })
    }
    // A refused duplicate counts nothing.
    await expect(logActivity(db, { programId: p, standing: await world.standingOf(world.ambassadors[0]!.id), now: NOW, form: activityFormFor(`https://rollup.example/${world.tag}/0`) })).rejects.toThrow()
    const rollup = async () =>
      rows<{ k: string; n: number }>(await db.execute(sql`select month::text || ' ' || type || ' ' || region || ' ' || person_id as k, count as n from activity_months where program_id = ${p} order by 1`))
    const counted = rows<{ k: string; n: number }>(
      await db.execute(sql`select date_trunc('month', occurred_on)::date::text || ' ' || type || ' ' || region || ' ' || person_id as k, count(*)::int as n from activities where program_id = ${p} group by 1 order by 1`),
    )
    expect((await rollup()).map((r) => [r.k, Number(r.n)])).toEqual(counted.map((r) => [r.k, Number(r.n)]))
    const before = await rollup()
    await rebuildActivityMonths(db, p)
    expect(await rollup()).toEqual(before)

    // Whole months read the roll-up; a window cut mid-month reads the activities: the same answer for the same months.
    const byRollup = await activitiesByMonth(db, { programId: p, fromDay: '2025-05-01', toDay: '2025-10-01' })
    const byRows = await activitiesByMonth(db, { programId: p, fromDay: '2025-05-01', toDay: '2025-09-30' })
    expect(byRollup.filter((c) => c.month !== '2025-09')).toEqual(byRows.filter((c) => c.month !== '2025-09'))
    expect(byRollup).toContainEqual({ month: '2025-07', type: 'talk', count: 1 })
    expect(byRollup.reduce((n, c) => n + c.count, 0)).toBe(6)
    const coverage = await coverageByRegion(db, { programId: p, fromDay: '2025-05-01', toDay: '2025-10-01', today: '2025-10-01' })
    expect(coverage.filter((c) => c.activities).map((c) => [c.region, c.activities, c.ambassadors]).sort()).toEqual([
      ['africa', 3, 1],
      ['europe', 3, 1],
    ])
  })

  it('pages the ledger by keyset: every line once going forwards, the same pages going backwards', async () => {
    const { db } = ctx()
    const p = world.programId
    // 130 lines over 20 days, several a day, so pages end in the middle of a day.
    await db.execute(sql`insert into activities (program_id, person_id, type, title, occurred_on, url, url_key, region)
      select ${p}, ${world.ambassadors[2]!.id}, 'blog_post', 'Paged ' || g, date '2025-08-01' + (g % 20), 'https://paged.example/' || g, 'paged.example/' || g || ${world.tag}, 'europe'
        from generate_series(1, 130) g`)
    const all = rows<{ id: string }>(await db.execute(sql`select id::text as id from activities where program_id = ${p} order by occurred_on desc, id`)).map((r) => r.id)
    const forwards: { ids: string[]; next?: LedgerCursor; prev?: LedgerCursor }[] = []
    let after: LedgerCursor | undefined
    do {
      const page = await listLedger(db, { programId: p, after })
      forwards.push({ ids: page.entries.map((e) => e.id), next: page.next, prev: page.prev })
      after = page.next
    } while (after)
    expect(forwards.map((f) => f.ids.length)).toEqual([50, 50, all.length - 100])
    expect(forwards.flatMap((f) => f.ids)).toEqual(all)
    expect(forwards[0]!.prev).toBeUndefined()
    // From the last page back to the first with the "newer" links.
    const back = await listLedger(db, { programId: p, before: forwards[2]!.prev })
    expect(back.entries.map((e) => e.id)).toEqual(forwards[1]!.ids)
    const first = await listLedger(db, { programId: p, before: back.prev })
    expect(first.entries.map((e) => e.id)).toEqual(forwards[0]!.ids)
    expect(first.prev).toBeUndefined()
    expect(first.next).toEqual(forwards[0]!.next)
  })

  it('pages feedback by keyset in most-raised order, and themes follow every feedback write', async () => {
    const { db } = ctx()
    const p = world.programId
    const tokyo = await proposeGroup(db, { programId: p, standing: await world.standingOf(world.ambassadors[1]!.id), form: groupFormFor(`Tokyo ${world.tag}`, { region: 'east_asia' }) })
    await decideGroup(db, { programId: p, groupId: tokyo.id, standing: world.managerStanding, decision: 'approved', now: NOW })
    const berlin = await world.standingOf(world.ambassadors[0]!.id)
    const a = await submitFeedback(db, { programId: p, standing: berlin, form: { groupId: world.groupId, text: 'Proxy support in the installer', productArea: 'installer', kind: 'bug' } })
    const themes = await cachedFeedbackThemes(db, p)
    expect(themes.top).toEqual([{ productArea: 'installer', kind: 'bug', weight: 1 }])
    await voteFeedback(db, { programId: p, standing: await world.standingOf(world.ambassadors[1]!.id), feedbackId: a.id, groupId: tokyo.id })
    expect((await cachedFeedbackThemes(db, p)).top).toEqual([{ productArea: 'installer', kind: 'bug', weight: 2 }])
    // 109 more items with ties in votes and in creation time.
    await db.execute(sql`insert into feedback_items (program_id, group_id, text, product_area, kind, vote_count, created_at)
      select ${p}, ${world.groupId}, 'Point ' || g, 'docs', 'docs_gap', g % 3, timestamptz '2025-09-01T00:00:00Z' + (g % 7) * interval '1 hour'
        from generate_series(1, 109) g`)
    const all = (await listFeedback(db, { programId: p })).map((i) => i.id)
    expect(all).toContain(a.id)
    const pages: Awaited<ReturnType<typeof pageFeedback>>[] = []
    let after: string | undefined
    do {
      const page = await pageFeedback(db, { programId: p, after })
      pages.push(page)
      after = page.next
    } while (after)
    expect(pages.map((x) => x.items.length)).toEqual([50, 50, 10])
    expect(pages.flatMap((x) => x.items.map((i) => i.id))).toEqual(all)
    const back = await pageFeedback(db, { programId: p, before: pages[2]!.prev })
    expect(back.items.map((i) => i.id)).toEqual(pages[1]!.items.map((i) => i.id))
    expect((await pageFeedback(db, { programId: p, after: 'not-a-cursor' })).items.map((i) => i.id)).toEqual(pages[0]!.items.map((i) => i.id))
  })

  it('through the web: the next and previous links of both lists answer, with the same number of queries as the first page', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const manager = await signedInClient(app, deps.db, world.manager.email)
    const count = async (path: string) => {
      const before = deps.database.queryCount
      const res = await manager.get(path)
      expect(res.status, path).toBe(200)
      return { queries: deps.database.queryCount - before, html: res.text }
    }
    for (const list of ['activities', 'feedback']) {
      const first = await count(`${world.base}/${list}`)
      const next = /<a href="([^"]+)" rel="next">/.exec(first.html)?.[1]?.replace(/&amp;/g, '&')
      expect(next, list).toBeDefined()
      const second = await count(next!)
      expect(second.queries, list).toBe(first.queries)
      const prev = /<a href="([^"]+)" rel="prev">/.exec(second.html)?.[1]?.replace(/&amp;/g, '&')
      expect(prev, list).toBeDefined()
      expect((await count(prev!)).html).not.toContain('rel="prev"')
    }
  })
})
