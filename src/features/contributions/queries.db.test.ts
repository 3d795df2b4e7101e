import { expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import type { Db } from '../../db/client.ts'
import { queryRows } from '../../db/rows.ts'
import { countContributions, countingParts, type ContributionWindow } from './queries.ts'

describeDb('contribution counts of many identities', (ctx) => {
  it('asks for a long list of identities in parts at once on a pool, with the answer of one statement', async () => {
    const { db, engine } = ctx()
    const n = 6_000
    await db.execute(sql`insert into contributor_identities (key, name, last_seen_at)
      select 'email:many' || g || '@example.org', 'Many ' || g, now() from generate_series(1, ${n}) g`)
    const ids = (await queryRows<{ id: number }>(db, sql`select id from contributor_identities where key like 'email:many%' order by id`)).map((r) => Number(r.id))
    // Per identity: (id % 5) + 1 commits on March 10 in org/a, id % 3 on March 20 in org/b, as days and months.
    await db.execute(sql`insert into contribution_days (identity_id, day, kind, repository, is_merge, date_basis, count)
      select id, date '2023-03-10', 'commit', 'org/a', false, 'author', (id % 5) + 1 from contributor_identities where key like 'email:many%'
      union all
      select id, date '2023-03-20', 'commit', 'org/b', false, 'author', id % 3 from contributor_identities where key like 'email:many%' and id % 3 <> 0`)
    await db.execute(sql`insert into contribution_months (identity_id, month, kind, repository, is_merge, date_basis, count)
      select identity_id, date '2023-03-01', kind, repository, is_merge, date_basis, sum(count) from contribution_days group by 1, 3, 4, 5, 6`)

    expect(countingParts(db, ids.length)).toBe(engine === 'postgres' ? 2 : 1)
    // The whole month (from the monthly roll-up) and mid-month edges (from the days).
    for (const [since, until] of [
      ['2023-03-01', '2023-04-01'],
      ['2023-03-05', '2023-03-25'],
    ] as const) {
      const w: ContributionWindow = { since, until, kinds: ['commit'], includeMerges: false, identityIds: ids }
      const inParts = await countContributions(db, w)
      // In a transaction, on its one connection: one statement.
      const inOne = await db.transaction(async (tx) => {
        expect(countingParts(tx as unknown as Db, ids.length)).toBe(1)
        return countContributions(tx as unknown as Db, w)
      })
      expect(inParts).toEqual(inOne)
      expect(inParts).toHaveLength(n)
      expect(inParts.filter((c) => c.total !== (c.identityId % 5) + 1 + (c.identityId % 3))).toEqual([])
      expect(inParts[0]!.byRepository).toEqual({ 'org/a': 5, 'org/b': 2 })
      // Sorted as one list: totals descending, whatever part an identity was counted in.
      expect(inParts.every((c, k) => k === 0 || inParts[k - 1]!.total >= c.total)).toBe(true)
      // A repeated identity is counted once.
      expect(await countContributions(db, { ...w, identityIds: [...ids, ...ids.slice(0, 10)] })).toEqual(inParts)
    }
  })
})
