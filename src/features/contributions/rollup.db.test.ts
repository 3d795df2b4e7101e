import { expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import type { Db } from '../../db/client.ts'
import { ingestContributions, type ContributionRecord } from './store.ts'
import { foldRollUps, rollUpFolder } from './rollup.ts'
import { countContributions } from './queries.ts'
import { history } from './test-history.ts'
import { createPeople } from '../people/create-people.ts'

const rows = async <T,>(db: Db, query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as { rows: T[] }).rows

describeDb('monthly roll-up of contributions', (ctx) => {
  it('counts windows starting or ending mid-month exactly as the rows say, and a re-import adds nothing', async () => {
    const { db } = ctx()
    const records = history()
    for (let i = 0; i < records.length; i += 150) await ingestContributions(db, records.slice(i, i + 150))
    // Re-import in other batches (overlapping the first ones): nothing changes.
    // (Days are appended per batch: a re-import that inserts nothing appends no row either.)
    const totals = sql`select (select sum(count)::int from contribution_months) as m, (select sum(count)::int from contribution_days) as d, (select count(*)::int from contribution_days) as day_rows`
    const before = await rows<{ m: number; d: number; day_rows: number }>(db, totals)
    for (let i = 0; i < records.length; i += 97) expect((await ingestContributions(db, records.slice(i, i + 97))).inserted).toBe(0)
    const after = await rows<{ m: number; d: number; day_rows: number }>(db, totals)
    expect(after).toEqual(before)
    // Every contribution once on the author basis; the commit basis holds only differences, which sum to zero.
    const byBasis = await rows<{ date_basis: string; d: number; m: number }>(
      db,
      sql`select date_basis, (select sum(count)::int from contribution_days d where d.date_basis = b.date_basis) as d,
                 (select sum(count)::int from contribution_months m where m.date_basis = b.date_basis) as m
            from (values ('author'), ('commit')) b(date_basis) order by 1`,
    )
    expect(byBasis).toEqual([
      { date_basis: 'author', d: records.length, m: records.length },
      { date_basis: 'commit', d: 0, m: 0 },
    ])
    // Only contributions committed on another day than written have commit-basis rows (−1 and +1).
    const moved = records.filter((r) => r.committedAt && r.committedAt.toISOString().slice(0, 10) !== r.occurredAt.toISOString().slice(0, 10)).length
    expect(moved).toBeGreaterThan(0)
    expect((await rows<{ n: number }>(db, sql`select count(*)::int as n from contribution_days where date_basis = 'commit' and count <> 0`))[0]!.n).toBeLessThanOrEqual(moved * 2)

    // The months are exactly the days summed per calendar month.
    const mismatch = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from (
            select identity_id, (date_trunc('month', day::timestamp))::date as month, kind, repository, is_merge, date_basis, sum(count)::int as count from contribution_days group by 1, 2, 3, 4, 5, 6
          ) d full join contribution_months m using (identity_id, month, kind, repository, is_merge, date_basis)
          where coalesce(d.count, 0) <> coalesce(m.count, 0)`,
    )
    expect(mismatch[0]!.n).toBe(0)

    const windows: [string, string][] = [
      ['2022-08-01', '2023-08-01'],
      ['2022-08-15', '2023-08-15'],
      ['2022-07-31', '2023-08-02'],
      ['2022-12-31', '2023-01-01'],
      ['2023-01-10', '2023-01-20'],
      ['2023-01-10', '2023-02-20'],
      ['2023-02-01', '2023-02-28'],
      ['2023-02-28', '2023-04-01'],
      ['2022-06-01', '2024-03-01'],
      // Longer than DAYS_ONLY_MAX_DAYS with partial months at both edges: months plus edge days.
      ['2022-06-25', '2024-02-05'],
      ['2022-06-01', '2024-01-20'],
    ]
    for (const [since, until] of windows) {
      for (const basis of ['author', 'commit'] as const) {
        for (const includeMerges of [false, true]) {
          const counted = await countContributions(db, { since, until, kinds: ['commit'], includeMerges, dateBasis: basis })
          // Independently, from the rows: UTC day of the chosen date, end exclusive.
          const at = basis === 'author' ? sql`occurred_at` : sql`coalesce(committed_at, occurred_at)`
          const expected = await rows<{ identity_id: string; repository: string; n: number }>(
            db,
            sql`select identity_id, repository, count(*)::int as n from contributions
                 where (${at} at time zone 'UTC')::date >= ${since}::date and (${at} at time zone 'UTC')::date < ${until}::date
                   and (${includeMerges} or not is_merge)
                 group by 1, 2`,
          )
          const got = counted.flatMap((c) => Object.entries(c.byRepository).map(([repository, n]) => `${c.identityId} ${repository} ${n}`)).sort()
          const want = expected.map((r) => `${Number(r.identity_id)} ${r.repository} ${r.n}`).sort()
          expect(got, `${since}..${until} ${basis} merges=${includeMerges}`).toEqual(want)
        }
      }
    }
  })

  it('counts only the identities asked for: repeated ids once, the people\'s identities, bots only when asked', async () => {
    const { db } = ctx()
    const records = history()
    records.push({ ...records[50]!, externalId: 'bot1', author: { name: 'ci-bot[bot]', email: 'ci@example.org' } })
    await ingestContributions(db, records, { keepBots: true })
    const ids = await rows<{ id: string; key: string; is_bot: boolean }>(db, sql`select id, key, is_bot from contributor_identities order by key`)
    const id = (key: string) => Number(ids.find((r) => r.key === key)!.id)
    const [ada, bo, cy, bot] = [id('email:ada@example.org'), id('github:2002'), id('email:cy@example.org'), Number(ids.find((r) => r.is_bot)!.id)]
    const window = { since: '2022-08-15', until: '2023-08-15', kinds: ['commit' as const], includeMerges: false }
    const all = await countContributions(db, window)
    const total = (list: { identityId: number; total: number }[], who: number) => list.find((c) => c.identityId === who)?.total
    expect(all.map((c) => c.identityId).sort()).toEqual([ada, bo, cy].sort())

    const some = await countContributions(db, { ...window, identityIds: [cy, ada, cy, bot] })
    expect(some.map((c) => c.identityId).sort()).toEqual([ada, cy].sort())
    expect(total(some, ada)).toBe(total(all, ada))
    expect(total(some, cy)).toBe(total(all, cy))
    expect((await countContributions(db, { ...window, identityIds: [bot], includeBots: true })).map((c) => c.identityId)).toEqual([bot])
    expect(await countContributions(db, { ...window, identityIds: [] })).toEqual([])

    const [person] = await createPeople(db, [{ displayName: 'Bo' }])
    await db.execute(sql`update contributor_identities set person_id = ${person!.id} where id = ${bo}`)
    expect((await countContributions(db, { ...window, personIds: [person!.id] })).map((c) => c.identityId)).toEqual([bo])
    expect(await countContributions(db, { ...window, personIds: [person!.id], identityIds: [ada] })).toEqual([])
    expect(await countContributions(db, { ...window, personIds: [] })).toEqual([])
  })

  it('queues the aggregates of a bulk import: counts are exact before the fold, and the fold gives the same aggregates as immediate roll-ups', async () => {
    const { db } = ctx()
    const records = history()
    // Per key (days are appended per batch, so batches cut differently give other rows of the same sums).
    const aggregates = async (table: 'days' | 'months') =>
      rows<{ k: string; n: number }>(
        db,
        table === 'days'
          ? sql`select concat_ws(' ', i.key, day, kind, repository, is_merge, date_basis) as k, sum(count)::int as n from contribution_days d join contributor_identities i on i.id = d.identity_id
                group by 1 having sum(count) <> 0 order by 1`
          : sql`select concat_ws(' ', i.key, month, kind, repository, is_merge, date_basis) as k, count as n from contribution_months m join contributor_identities i on i.id = m.identity_id
                where count <> 0 order by 1`,
      )
    await db.execute(sql`truncate contribution_days, contribution_months, contributions, contributor_identities cascade`)
    // The reference: the same history stored with immediate roll-ups, then wiped.
    for (let i = 0; i < records.length; i += 150) await ingestContributions(db, records.slice(i, i + 150))
    const immediate = { days: await aggregates('days'), months: await aggregates('months') }
    const windows: [string, string][] = [
      ['2022-08-15', '2023-08-15'],
      ['2023-01-10', '2023-02-20'],
    ]
    const counts = async () => {
      const out: unknown[] = []
      for (const [since, until] of windows) {
        for (const dateBasis of ['author', 'commit'] as const) out.push(await countContributions(db, { since, until, kinds: ['commit'], includeMerges: true, dateBasis }))
      }
      return out
    }
    const reference = await counts()
    await db.execute(sql`truncate contribution_days, contribution_months, contributions, contributor_identities cascade`)

    // Deferred, in other batches, half of it twice: the queue stands for each contribution inserted once.
    for (let i = 0; i < records.length; i += 97) await ingestContributions(db, records.slice(i, i + 97), { deferRollUp: true })
    for (let i = 0; i < records.length / 2; i += 50) expect((await ingestContributions(db, records.slice(i, i + 50), { deferRollUp: true })).inserted).toBe(0)
    expect((await rows<{ n: number }>(db, sql`select sum(n)::int as n from contribution_rollup_queue`))[0]!.n).toBe(records.length)
    expect({ days: await aggregates('days'), months: await aggregates('months') }).toEqual({ days: [], months: [] })
    // Readers add the queue: the same answers as with immediate roll-ups, before any fold.
    const normalise = (xs: unknown[]) => JSON.parse(JSON.stringify(xs, (k, v) => (k === 'identityId' ? undefined : v)))
    expect(normalise(await counts())).toEqual(normalise(reference))

    expect(await foldRollUps(db)).toBe(records.length)
    expect({ days: await aggregates('days'), months: await aggregates('months') }).toEqual(immediate)
    expect(normalise(await counts())).toEqual(normalise(reference))
    // A second fold has nothing to do; the queued rows of an identity deleted meanwhile go with it (its delete
    // trigger), and a fold after that raises nothing for it.
    expect(await foldRollUps(db)).toBe(0)
    expect({ days: await aggregates('days'), months: await aggregates('months') }).toEqual(immediate)
    await ingestContributions(db, [{ ...records[0]!, externalId: 'late', author: { name: 'Gone', email: 'gone@example.org' } }], { deferRollUp: true })
    expect((await rows<{ n: number }>(db, sql`select count(*)::int as n from contribution_rollup_queue`))[0]!.n).toBe(1)
    await db.execute(sql`delete from contributor_identities where key = 'email:gone@example.org'`)
    expect((await rows<{ n: number }>(db, sql`select count(*)::int as n from contribution_rollup_queue`))[0]!.n).toBe(0)
    expect(await foldRollUps(db)).toBe(0)
    expect({ days: await aggregates('days'), months: await aggregates('months') }).toEqual(immediate)
  })

  it('queues a batch’s contributions of one key as one row with their number, counted exactly before and after the fold', async () => {
    const { db } = ctx()
    await db.execute(sql`truncate contribution_days, contribution_months, contributions, contributor_identities cascade`)
    const dee = { name: 'Dee', email: 'dee@example.org' }
    const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`)
    // Seven commits of one person: four on March 31 (one committed on April 2, one a merge), two on April 1 in
    // another repository, one on April 1 committed on April 1.
    const batch: ContributionRecord[] = [
      ...[1, 2, 3].map((h) => ({ kind: 'commit' as const, source: 'git', repository: 'kubesphere/console', externalId: `q${h}`, occurredAt: at('2023-03-31', h), author: dee })),
      { kind: 'commit', source: 'git', repository: 'kubesphere/console', externalId: 'q4', occurredAt: at('2023-03-31', 4), committedAt: at('2023-04-02', 1), author: dee },
      { kind: 'commit', source: 'git', repository: 'kubesphere/console', externalId: 'q5', occurredAt: at('2023-03-31', 5), isMerge: true, author: dee },
      ...[6, 7].map((h) => ({ kind: 'commit' as const, source: 'git', repository: 'kubesphere/website', externalId: `q${h}`, occurredAt: at('2023-04-01', h), committedAt: at('2023-04-01', 23), author: dee })),
    ]
    const windows: [string, string][] = [
      ['2023-03-01', '2023-05-01'],
      ['2023-03-31', '2023-04-02'],
      ['2023-04-01', '2023-04-03'],
    ]
    const counts = async () => {
      const out: unknown[] = []
      for (const [since, until] of windows) {
        for (const dateBasis of ['author', 'commit'] as const) {
          for (const includeMerges of [false, true]) out.push(await countContributions(db, { since, until, kinds: ['commit'], includeMerges, dateBasis }))
        }
      }
      return JSON.parse(JSON.stringify(out, (k, v) => (k === 'identityId' ? undefined : v)))
    }
    await ingestContributions(db, batch)
    const reference = await counts()
    await db.execute(sql`truncate contribution_days, contribution_months, contributions, contributor_identities cascade`)

    expect((await ingestContributions(db, batch, { deferRollUp: true })).inserted).toBe(7)
    const queued = await rows<{ author_day: string; commit_day: string; repository: string; is_merge: boolean; n: number }>(
      db,
      sql`select author_day::text, commit_day::text, repository, is_merge, n from contribution_rollup_queue order by 1, 2, 3, 4`,
    )
    expect(queued).toEqual([
      { author_day: '2023-03-31', commit_day: '2023-03-31', repository: 'kubesphere/console', is_merge: false, n: 3 },
      { author_day: '2023-03-31', commit_day: '2023-03-31', repository: 'kubesphere/console', is_merge: true, n: 1 },
      { author_day: '2023-03-31', commit_day: '2023-04-02', repository: 'kubesphere/console', is_merge: false, n: 1 },
      { author_day: '2023-04-01', commit_day: '2023-04-01', repository: 'kubesphere/website', is_merge: false, n: 2 },
    ])
    expect(await counts()).toEqual(reference)
    expect(await foldRollUps(db)).toBe(7)
    expect(await counts()).toEqual(reference)
  })

  it('folds in the background as an import goes on, more than once, and leaves nothing queued at the end', async () => {
    const { db } = ctx()
    await db.execute(sql`truncate contribution_days, contribution_months, contributions, contributor_identities cascade`)
    const records = history()
    const folder = rollUpFolder(db, 60)
    const queuedSizes: number[] = []
    await folder.start()
    for (let i = 0; i < records.length; i += 40) {
      const r = await ingestContributions(db, records.slice(i, i + 40), { deferRollUp: true })
      await folder.queued(r.inserted)
      queuedSizes.push((await rows<{ n: number }>(db, sql`select coalesce(sum(n), 0)::int as n from contribution_rollup_queue`))[0]!.n)
    }
    await folder.finish()
    // Folds ran while batches were stored: the queue was emptied along the way, not only at the end.
    expect(queuedSizes.filter((n, i) => i > 0 && n < queuedSizes[i - 1]!).length).toBeGreaterThan(2)
    expect(Math.max(...queuedSizes)).toBeLessThan(records.length / 2)
    expect((await rows<{ n: number }>(db, sql`select count(*)::int as n from contribution_rollup_queue`))[0]!.n).toBe(0)
    const totals = await rows<{ d: number; m: number }>(db, sql`select (select sum(count)::int from contribution_days) as d, (select sum(count)::int from contribution_months) as m`)
    expect(totals[0]).toEqual({ d: records.length, m: records.length })
  })

  it('leaves out an identity whose only commit moved out of the window by its commit date', async () => {
    const { db } = ctx()
    const author = { name: 'Late Lee', email: 'late.lee@example.org' }
    await ingestContributions(db, [
      { kind: 'commit', source: 'git', repository: 'kubesphere/late', externalId: 'late1', occurredAt: new Date('2023-07-31T22:00:00Z'), committedAt: new Date('2023-08-01T02:00:00Z'), author },
    ])
    const window = { since: '2023-07-01', until: '2023-08-01', kinds: ['commit' as const], includeMerges: true }
    const byAuthorDate = await countContributions(db, window)
    expect(byAuthorDate.find((c) => c.key === 'email:late.lee@example.org')?.byRepository).toEqual({ 'kubesphere/late': 1 })
    // By commit date it is an August commit: −1 and +1 of the commit basis cancel the July author count.
    const byCommitDate = await countContributions(db, { ...window, dateBasis: 'commit' })
    expect(byCommitDate.find((c) => c.key === 'email:late.lee@example.org')).toBeUndefined()
    const august = await countContributions(db, { ...window, since: '2023-08-01', until: '2023-09-01', dateBasis: 'commit' })
    expect(august.find((c) => c.key === 'email:late.lee@example.org')?.total).toBe(1)
  })
})
