import { expect, it } from 'vitest'
import { sql, type SQL } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { queryRows } from '../../db/rows.ts'
import { causeChain } from '../../lib/errors.ts'
import { BatchOutlook, ingestContributions, insertWithFallback, type ContributionRecord } from './store.ts'
import { countContributions } from './queries.ts'
import { foldRollUps, type KeyConflicts } from './rollup.ts'
import { afterBatch, noCounts, startImportRun } from './import-run.ts'

const commit = (sha: string, at: string, author: ContributionRecord['author'], repository = 'kubesphere/console', isMerge = false): ContributionRecord => ({
  kind: 'commit',
  source: 'git',
  repository,
  externalId: sha,
  occurredAt: new Date(at),
  isMerge,
  author,
})

describeDb('contribution store', (ctx) => {
  const alice = { name: 'Alice', email: '1001+alice@users.noreply.github.com' }
  const aliceRenamed = { name: 'Alice A.', email: '1001+alice-a@users.noreply.github.com' }

  it('stores each contribution once, whatever the re-imports, and keeps the day aggregates exact', async () => {
    const { db } = ctx()
    const batch = [
      commit('a1', '2022-08-01T00:30:00+08:00', alice), // 2022-07-31 in UTC: outside a window starting 2022-08-01
      commit('a2', '2022-08-01T00:30:00Z', alice),
      commit('a3', '2023-07-31T23:59:59Z', alice),
      { ...commit('a4', '2023-08-01T00:00:00Z', aliceRenamed), committedAt: new Date('2023-07-31T12:00:00Z') }, // the end is exclusive (by author date); the newest names the identity
      commit('m1', '2023-01-01T10:00:00Z', alice, 'kubesphere/console', true),
      commit('b1', '2023-01-01T10:00:00Z', { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' }),
      commit('c1', '2023-02-01T10:00:00Z', alice, 'other/repo'),
    ]
    expect(await ingestContributions(db, batch)).toEqual({ inserted: 6, duplicates: 0, bots: 1 })
    expect(await ingestContributions(db, batch)).toEqual({ inserted: 0, duplicates: 6, bots: 1 })
    // Same commit in another source: still one.
    expect((await ingestContributions(db, [{ ...batch[1]!, source: 'github' }])).inserted).toBe(0)

    const window = { since: '2022-08-01', until: '2023-08-01', kinds: ['commit' as const], includeMerges: false, organizations: ['kubesphere'] }
    const [a] = await countContributions(db, window)
    expect(a).toMatchObject({ key: 'github:1001', login: 'alice-a', total: 2, byRepository: { 'kubesphere/console': 2 } })
    const [withMerges] = await countContributions(db, { ...window, includeMerges: true })
    expect(withMerges!.total).toBe(3)
    // By commit date, a4 (written August 1, committed July 31) falls inside the window.
    const [byCommitDate] = await countContributions(db, { ...window, dateBasis: 'commit' })
    expect(byCommitDate!.total).toBe(3)
    const [allRepos] = await countContributions(db, { ...window, organizations: undefined })
    expect(allRepos!.byRepository).toEqual({ 'kubesphere/console': 2, 'other/repo': 1 })

    const [{ days, rows }] = (
      (await db.execute(sql`select (select sum(count)::int from contribution_days) as days, (select count(*)::int from contributions) as rows`)) as unknown as {
        rows: { days: number; rows: number }[]
      }
    ).rows as [{ days: number; rows: number }]
    expect(days).toBe(rows) // each contribution counts once on its author day; the commit basis holds differences that sum to zero
  })

  it('stores titles and links exactly, whatever characters they hold (tabs, newlines, backslashes, \\N)', async () => {
    const { db } = ctx()
    const title = 'Fix\ttabs,\nnewlines\r\nand \\N or C:\\path — 中文'
    const record: ContributionRecord = { ...commit('t1', '2023-03-01T00:00:00Z', alice), kind: 'pr_opened', source: 'github', title, url: 'https://github.com/kubesphere/console/pull/1?q=a\tb' }
    expect((await ingestContributions(db, [record])).inserted).toBe(1)
    const r = (await db.execute(sql`select title, url from contributions where external_id = 't1' and kind = 'pr_opened'`)) as unknown as { rows: { title: string; url: string }[] }
    expect(r.rows[0]).toEqual({ title, url: record.url })
    // The store computes each key (natural-key.ts); it is the natural key's MD5 as the database computes it,
    // whatever the characters (the activity ledger and migration 0025 compute it in SQL).
    await ingestContributions(db, [{ ...commit('https://例え.jp/ブログ/1?q=ü', '2023-03-02T00:00:00Z', alice), kind: 'content_item', source: 'feed', repository: 'blog.例え.jp' }])
    const [keys] = await queryRows<{ n: number; wrong: number }>(
      db,
      sql`select count(*)::int as n, count(*) filter (where key <> md5(kind || chr(31) || repository || chr(31) || external_id)::uuid)::int as wrong from contributions`,
    )
    expect(keys!.n).toBeGreaterThan(1)
    expect(keys!.wrong).toBe(0)
  })

  it('rolls a failing batch back as a whole', async () => {
    const { db } = ctx()
    const before = (await db.execute(sql`select count(*)::int as n from contributions`)) as unknown as { rows: { n: number }[] }
    const bad = [commit('z1', '2023-03-01T00:00:00Z', alice), { ...commit('z2', '2023-03-01T00:00:00Z', alice), occurredAt: new Date('invalid') }]
    await expect(ingestContributions(db, bad)).rejects.toThrow()
    const after = (await db.execute(sql`select count(*)::int as n from contributions`)) as unknown as { rows: { n: number }[] }
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n)
  })

  it('commits a batch and the cursor saved within it together, or neither (a bot-only batch saves it too)', async () => {
    const { db } = ctx()
    const run = await startImportRun(db, 'test', 'within-batch')
    const stored = async () => ((await db.execute(sql`select count(*)::int as n from contributions where external_id like 'w%'`)) as unknown as { rows: { n: number }[] }).rows[0]!.n
    const cursor = async () => (await queryRows<{ cursor: { line?: number }; counts: { imported?: number } }>(db, sql`select cursor, counts from import_runs where id = ${run.id}`))[0]!

    // The cursor's write succeeds, then the batch fails after it: neither is kept.
    await expect(
      ingestContributions(db, [commit('w1', '2023-03-01T00:00:00Z', alice)], {}, async (tx, r) => {
        await run.saveCursor({ line: 1 }, afterBatch(noCounts(), r), tx)
        throw new Error('killed after the cursor')
      }),
    ).rejects.toThrow('killed after the cursor')
    expect(await stored()).toBe(0)
    expect(await cursor()).toEqual({ cursor: {}, counts: {} })

    // The same batch, committed: the cursor holds the batch's counts.
    await ingestContributions(db, [commit('w1', '2023-03-01T00:00:00Z', alice)], {}, (tx, r) => run.saveCursor({ line: 1 }, afterBatch(noCounts(), r, 1), tx))
    expect(await stored()).toBe(1)
    expect(await cursor()).toEqual({ cursor: { line: 1 }, counts: { read: 1, imported: 1, duplicates: 0, bots: 0, rejected: 0 } })

    // A batch of bots only needs no transaction; its cursor is saved all the same.
    const bot = { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' }
    await ingestContributions(db, [commit('w2', '2023-03-02T00:00:00Z', bot)], {}, (tx, r) => run.saveCursor({ line: 2 }, afterBatch(noCounts(), r, 1), tx))
    expect(await cursor()).toEqual({ cursor: { line: 2 }, counts: { read: 1, imported: 0, duplicates: 0, bots: 1, rejected: 0 } })
  })

  it('deletes an identity’s contributions with it, in one statement for many identities (the trigger in place of a foreign key)', async () => {
    const { db } = ctx()
    const bob = { name: 'Bob', email: 'bob@example.org' }
    const carol = { name: 'Carol', email: 'carol@example.org' }
    await ingestContributions(db, [commit('d1', '2023-03-01T00:00:00Z', bob), commit('d2', '2023-03-02T00:00:00Z', bob), commit('d3', '2023-03-02T00:00:00Z', carol), commit('d4', '2023-03-03T00:00:00Z', alice)])
    const rowsOf = async () =>
      ((await db.execute(sql`select external_id from contributions where external_id like 'd%' order by 1`)) as unknown as { rows: { external_id: string }[] }).rows.map((r) => r.external_id)
    expect(await rowsOf()).toEqual(['d1', 'd2', 'd3', 'd4'])
    const aggregates = async () =>
      ((await db.execute(sql`select (select count(*)::int from contribution_days d where not exists (select 1 from contributor_identities i where i.id = d.identity_id))
                                  + (select count(*)::int from contribution_months m where not exists (select 1 from contributor_identities i where i.id = m.identity_id)) as n`)) as unknown as { rows: { n: number }[] }).rows[0]!.n
    const bobsDays = (await db.execute(sql`select count(*)::int as n from contribution_days d join contributor_identities i on i.id = d.identity_id where i.key = 'email:bob@example.org'`)) as unknown as { rows: { n: number }[] }
    expect(bobsDays.rows[0]!.n).toBe(2)
    await db.execute(sql`delete from contributor_identities where key in ('email:bob@example.org', 'email:carol@example.org')`)
    expect(await rowsOf()).toEqual(['d4'])
    expect(await aggregates()).toBe(0) // their day and month rows went with them
    const orphans = (await db.execute(sql`select count(*)::int as n from contributions c where not exists (select 1 from contributor_identities i where i.id = c.identity_id)`)) as unknown as { rows: { n: number }[] }
    expect(orphans.rows[0]!.n).toBe(0)
    // Imported again, the contributions come back under a new identity, counted once.
    expect((await ingestContributions(db, [commit('d1', '2023-03-01T00:00:00Z', bob)])).inserted).toBe(1)
    expect(await rowsOf()).toEqual(['d1', 'd4'])
  })

  it('stores a batch when another transaction stores one of its contributions meanwhile (the optimistic insert runs again)', async () => {
    const { db, engine } = ctx()
    if (engine !== 'postgres') return // PGlite has one connection: no other writer can interleave
    const bob = { name: 'Bob', email: 'bob@example.org' }
    const rows = async (q: SQL) => (await queryRows<{ n: number }>(db, q))[0]!.n
    // Another import stores r1 (under another author, so the two do not meet on the identity first) and holds
    // its transaction open.
    let commitOther!: () => void
    const otherMayCommit = new Promise<void>((resolve) => (commitOther = resolve))
    let otherStored!: () => void
    const stored = new Promise<void>((resolve) => (otherStored = resolve))
    const other = db.transaction(async (tx) => {
      await ingestContributions(tx as unknown as typeof db, [commit('r1', '2023-04-01T00:00:00Z', alice)])
      otherStored()
      await otherMayCommit
    })
    await stored
    // This batch does not see r1 yet, inserts it, and waits on the other transaction's key.
    const mine = ingestContributions(db, [commit('r1', '2023-04-01T00:00:00Z', bob), commit('r2', '2023-04-02T00:00:00Z', bob)])
    for (let waited = 0; (await rows(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)) === 0; waited++) {
      if (waited > 500) throw new Error('the second batch never waited on the first one')
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    commitOther()
    await other
    // The other committed r1: the plain insert fails on the key, and the batch runs again skipping it.
    expect(await mine).toEqual({ inserted: 1, duplicates: 1, bots: 0 })
    expect(await rows(sql`select count(*)::int as n from contributions where external_id in ('r1', 'r2')`)).toBe(2)
    expect(await rows(sql`select sum(count)::int as n from contribution_days where day in ('2023-04-01', '2023-04-02') and date_basis = 'author'`)).toBe(2)
    const [bobs] = await countContributions(db, { since: '2023-04-01', until: '2023-04-03', kinds: ['commit'], includeMerges: false })
    expect(bobs).toMatchObject({ key: 'email:bob@example.org', total: 1 })
  })

  it('inserts the batches of a bulk import without looking up their keys while all were new, and counts a batch with stored rows exactly', async () => {
    const { db } = ctx()
    const outlook = new BatchOutlook()
    const bulk = { deferRollUp: true, outlook }
    const dave = { name: 'Dave', email: 'dave@example.org' }
    expect(await ingestContributions(db, [commit('o1', '2023-05-01T00:00:00Z', dave), commit('o2', '2023-05-02T00:00:00Z', dave)], bulk)).toEqual({ inserted: 2, duplicates: 0, bots: 0 })
    expect(outlook.allNew).toBe(true)
    // Tried as all new, o2 fails the attempt; the batch runs again under the savepoint and stores o3 alone.
    expect(await ingestContributions(db, [commit('o2', '2023-05-02T00:00:00Z', dave), commit('o3', '2023-05-03T00:00:00Z', dave)], bulk)).toEqual({ inserted: 1, duplicates: 1, bots: 0 })
    expect(outlook.allNew).toBe(false)
    // From then on every key is looked up.
    expect(await ingestContributions(db, [commit('o4', '2023-05-04T00:00:00Z', dave)], bulk)).toEqual({ inserted: 1, duplicates: 0, bots: 0 })
    expect(outlook.allNew).toBe(false)
    // A re-import, tried as all new by a fresh import, stores nothing again.
    const again = new BatchOutlook()
    expect(await ingestContributions(db, [commit('o1', '2023-05-01T00:00:00Z', dave), commit('o4', '2023-05-04T00:00:00Z', dave)], { ...bulk, outlook: again })).toEqual({ inserted: 0, duplicates: 2, bots: 0 })
    expect(again.allNew).toBe(false)
    await foldRollUps(db)
    const [d] = await countContributions(db, { since: '2023-05-01', until: '2023-06-01', kinds: ['commit'], includeMerges: false })
    expect(d).toMatchObject({ key: 'email:dave@example.org', total: 4 })
    expect((await queryRows<{ n: number }>(db, sql`select count(*)::int as n from contributions where external_id like 'o_'`))[0]!.n).toBe(4)
    expect((await queryRows<{ n: number }>(db, sql`select sum(count)::int as n from contribution_days where day >= '2023-05-01' and day < '2023-06-01' and date_basis = 'author'`))[0]!.n).toBe(4)
    // Any other failure of the attempt is the batch's failure: nothing of it is stored.
    await expect(ingestContributions(db, [commit('o5', '2023-05-05T00:00:00Z', dave), { ...commit('o6', '2023-05-06T00:00:00Z', dave), occurredAt: new Date('invalid') }], bulk)).rejects.toThrow()
    expect((await queryRows<{ n: number }>(db, sql`select count(*)::int as n from contributions where external_id in ('o5', 'o6')`))[0]!.n).toBe(0)
  })

  it('rolls the all-new attempt back to its savepoint on a stored key only, and keeps the transaction usable', async () => {
    const { db } = ctx()
    await ingestContributions(db, [commit('s1', '2023-06-01T00:00:00Z', alice)])
    const duplicate = sql`insert into contributions (key, kind, source, repository, external_id, identity_id, occurred_at)
      select key, kind, source, repository, external_id, identity_id, occurred_at from contributions where external_id = 's1'`
    const modes: KeyConflicts[] = []
    const result = await db.transaction(async (tx) => {
      const t = tx as unknown as typeof db
      return insertWithFallback(t, 'new', async (mode) => {
        modes.push(mode)
        if (mode === 'new') await t.execute(duplicate)
        return (await queryRows<{ n: number }>(t, sql`select count(*)::int as n from contributions where external_id = 's1'`))[0]!.n
      })
    })
    expect(modes).toEqual(['new', 'absent'])
    expect(result).toBe(1)
    // Another error is not taken for a stored key.
    const other = db.transaction(async (tx) => insertWithFallback(tx as unknown as typeof db, 'new', async () => (tx as unknown as typeof db).execute(sql`select 1 / 0`)))
    const err = await other.then(() => undefined, (e: unknown) => e)
    expect([...causeChain(err)].map((c) => c.code)).toContain('22012') // division_by_zero
  })
})
