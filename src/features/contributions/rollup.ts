// The statements that store a batch of contributions and keep the day and month aggregates with them
// (at once, or queued and folded beside a bulk import), and the folder a bulk import runs. ingestContributions
// (store.ts) builds the batch these statements read.
import { sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { queryRows } from '../../db/rows.ts'

/**
 * How a batch meets contributions already stored. 'absent' leaves out the rows whose key is stored (an
 * anti-join on the key, one index probe per row) and inserts the rest plainly: about a third cheaper than
 * `on conflict do nothing`, whose speculative insertion adds a token and a confirmation record to every row
 * (decision 25). A row
 * another transaction stores at the same time then fails the statement with a unique violation
 * (contributions_pk), and the store runs it again with 'skip', which is `on conflict do nothing`.
 * 'new' inserts every row plainly, without the anti-join: for a bulk import whose batches have all been new
 * so far (its first read of a source), where the probe was a tenth of the server's time (decision 27). A row
 * already stored then fails the statement, and the store runs it again with 'absent'. The store goes down
 * these under one savepoint (insertWithFallback, store.ts).
 */
export type KeyConflicts = 'absent' | 'skip' | 'new'

/** The primary key a concurrent insert of the same contribution violates under 'absent'. */
export const CONTRIBUTIONS_KEY = 'contributions_pk'

// The rows go in the key's order, so that the primary key's index takes them leaf after leaf rather than at
// random (1,000,000 commits, old and new alternated: the batch statements took 9.5–9.7 s against 10.0 s).
// The source is aliased `staged` (copy-stage.ts), so the anti-join names its key. The anti-join is a scalar
// subquery on purpose: PostgreSQL runs it per row as one probe of the key's index, where a NOT EXISTS becomes
// a join the planner may hash, reading the whole table per batch when its statistics lag behind an import.
const insertContributions = (source: SQL, conflicts: KeyConflicts) => sql`
      insert into contributions (key, kind, source, repository, external_id, identity_id, occurred_at, committed_at, is_merge, title, url)
      select key, kind, source, repository, "externalId", "identityId", "occurredAt", "committedAt", "isMerge", title, url from ${source}
      ${conflicts === 'absent' ? sql`where (select true from contributions c where c.key = staged.key) is null` : sql``}
      order by key
      ${conflicts === 'skip' ? sql`on conflict do nothing` : sql``}
      returning identity_id, kind, repository, occurred_at, committed_at, is_merge`

const monthOf = (day: string) => sql.raw(`(${day} - extract(day from ${day})::int + 1)`)

/**
 * The deltas of the rows of a CTE `src` (identity_id, kind, repository, is_merge, author_day, commit_day, n: n
 * contributions per row). The author basis counts each contribution on its author day. The commit basis is
 * stored as its difference from the author basis: nothing when both dates fall on the same day (every
 * contribution of a single-date source, most commits), else −n on the author day and +n on the commit day; a
 * commit-basis count reads both bases and adds them. Rows are grouped and zero sums dropped: `gd` holds the
 * day deltas. `gm`, the month deltas, groups those by month (a commit-basis −n and +n in one month cancel out),
 * so the month groups are made from the few day groups rather than from every row of `src` again.
 */
const dayDeltas = sql`
    d as (
      select identity_id, 'author' as date_basis, is_merge, author_day as day, kind, repository, n from src
      union all
      select identity_id, 'commit', is_merge, author_day, kind, repository, -n from src where commit_day <> author_day
      union all
      select identity_id, 'commit', is_merge, commit_day, kind, repository, n from src where commit_day <> author_day
    ), gd as (
      select identity_id, date_basis, is_merge, day, kind, repository, sum(n)::int as n from d
      group by 1, 2, 3, 4, 5, 6 having sum(n) <> 0
    )`

const monthDeltas = sql`
    gm as (
      select identity_id, date_basis, is_merge, kind, ${monthOf('day')} as month, repository, sum(n)::int as n from gd
      group by 1, 2, 3, 4, 5, 6 having sum(n) <> 0
    )`

/** Upserts the month deltas of a CTE `gm` into contribution_months, in the key's order. */
const upsertMonths = sql`
    months as (
      insert into contribution_months (identity_id, month, kind, repository, is_merge, date_basis, count)
      select identity_id, month, kind, repository, is_merge, date_basis, n from gm
      order by identity_id, date_basis, is_merge, kind, month, repository
      on conflict (identity_id, date_basis, is_merge, kind, month, repository)
      do update set count = contribution_months.count + excluded.count
    )`

/**
 * Appends the day deltas of the rows of a CTE `src` to contribution_days (decision 23: appended, never
 * upserted; readers sum the rows of a key), in the index's order.
 */
const appendDays = sql`
    ${dayDeltas}, days as (
      insert into contribution_days (identity_id, day, kind, repository, is_merge, date_basis, count)
      select identity_id, day, kind, repository, is_merge, date_basis, n from gd
      order by identity_id, date_basis, is_merge, day, kind, repository
    )`

/** The aggregates raised by the rows of a CTE `src`: days appended, months upserted. */
const raiseAggregates = sql`${appendDays}, ${monthDeltas}, ${upsertMonths}`

/**
 * As insertAndRollUp, but the inserted rows are appended to contribution_rollup_queue (grouped by key, with
 * their number: one heap row per key, no index) for `foldRollUps` to add to the aggregates later in large
 * groups, on another connection while the import goes on: the batch's statement stays short, and per-batch
 * month upserts would rewrite the same month rows batch after batch (and hold row locks that concurrent
 * imports of the same people wait on).
 */
export function insertAndQueue(source: SQL, conflicts: KeyConflicts): SQL {
  return sql`
    with ins as (${insertContributions(source, conflicts)}
    ), queued as (
      insert into contribution_rollup_queue (identity_id, kind, repository, is_merge, author_day, commit_day, n)
      select identity_id, kind, repository, is_merge, (occurred_at at time zone 'UTC')::date, (coalesce(committed_at, occurred_at) at time zone 'UTC')::date, count(*)
        from ins group by 1, 2, 3, 4, 5, 6
    )
    select count(*)::int as inserted from ins`
}

/**
 * For the statements of bulk imports: their estimated costs pass jit_above_cost, and compiling a plan (about
 * 70 functions) costs tens of milliseconds of the server's CPU for a statement run once.
 */
export const noJit = sql`set local jit = off`

/**
 * Adds everything queued (by bulk imports) to the aggregates and empties the queue, in one transaction: a fold
 * that fails leaves the queue as it was, and rows queued meanwhile by a running import (not visible to this
 * statement) wait for the next fold. The day deltas are appended; the month deltas are summed per key and
 * upserted in the key's order, so each month row is written once per fold and concurrent folds take row locks
 * in the same order. Identities erased since their rows were queued are left out. Returns the contributions
 * folded.
 */
export async function foldRollUps(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db
    // The groups of a fold (tens of thousands of rows) are sorted in memory rather than in files.
    await t.execute(sql`set local work_mem = '64MB'`)
    await t.execute(noJit)
    // The aggregates have no foreign key (decision 22): the fold locks the identities it raises (one key-share
    // lock per identity, not a check per row), so an identity deleted meanwhile waits for the fold and its
    // delete trigger then removes what the fold wrote; an identity already deleted is left out.
    const [row] = await queryRows<{ folded: number }>(t, sql`
      with q as (
        delete from contribution_rollup_queue returning *
      ), live as (
        select id from contributor_identities where id in (select identity_id from q) for key share
      ), src as (
        select identity_id, kind, repository, is_merge, author_day, commit_day, n from q
        where identity_id in (select id from live)
      ), ${raiseAggregates}
      select coalesce(sum(n), 0)::int as folded from q`)
    return Number(row!.folded)
  })
}

/** How many queued rows make a bulk import start a fold (bounds what readers add from the queue). */
export const FOLD_EVERY = 50_000

/**
 * The folding side of a bulk import. `queued(n)`, after each stored batch, starts a fold in the background
 * once `every` rows wait and none is running: on PostgreSQL it runs on another connection while the
 * import reads and stores the next batches (a fold failing there is reported by the next call or by
 * `finish`). `finish()` waits for it and folds the rest; it is also called after a failure, so that
 * committed batches are counted. `start()` folds what a killed import left.
 */
export function rollUpFolder(db: Db, every = FOLD_EVERY): { start(): Promise<void>; queued(n: number): Promise<void>; finish(): Promise<void> } {
  let waiting = 0
  let running: Promise<unknown> | undefined
  let failure: unknown
  const settle = async () => {
    const r = running
    running = undefined
    await r
    if (failure) {
      const err = failure
      failure = undefined
      throw err
    }
  }
  return {
    start: async () => void (await foldRollUps(db)),
    async queued(n) {
      waiting += n
      if (failure) await settle()
      if (waiting < every || running) return
      waiting = 0
      const fold: Promise<unknown> = foldRollUps(db)
        .catch((err: unknown) => void (failure = err))
        .finally(() => {
          if (running === fold) running = undefined
        })
      running = fold
    },
    async finish() {
      waiting = 0
      await settle()
      await foldRollUps(db)
    },
  }
}

/**
 * One statement that inserts the rows of `source` (columns named as ContributionRecord's, identityId
 * resolved) unless their natural key is stored, appends the day deltas and upserts the month aggregates
 * (author basis, and the commit basis as its difference: see dayDeltas) of exactly the rows inserted: a
 * re-import inserts nothing and so adds nothing. Days are UTC days (`at time zone 'UTC'`, whatever the
 * session's zone); a month is keyed by its first day.
 */
export function insertAndRollUp(source: SQL, conflicts: KeyConflicts): SQL {
  return sql`
    with ins as (${insertContributions(source, conflicts)}
    ), src as (
      select identity_id, kind, repository, is_merge, (occurred_at at time zone 'UTC')::date as author_day,
             (coalesce(committed_at, occurred_at) at time zone 'UTC')::date as commit_day, 1 as n from ins
    ), ${raiseAggregates}
    select count(*)::int as inserted from ins`
}
