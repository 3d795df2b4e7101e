import { sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import type { ContributionKind } from './schema.ts'
import { resolveIdentity, type AuthorRef, type ResolvedIdentity } from './identity.ts'
import { pgClientOf, stageAsJson, stageByCopy, type StagedContribution } from './copy-stage.ts'

/** One contribution as an importer reads it. */
export interface ContributionRecord {
  kind: ContributionKind
  source: string
  /** owner/name, '' when none. */
  repository: string
  /** The natural id within (kind, repository): a sha, a PR number, a comment id, a URL. */
  externalId: string
  occurredAt: Date
  /** Commit date, when it differs from the author date (git, the GitHub API). */
  committedAt?: Date | null
  isMerge?: boolean
  title?: string | null
  url?: string | null
  author: AuthorRef
}

/** What one batch did. */
export interface IngestResult {
  inserted: number
  duplicates: number
  bots: number
}

/** Options of an ingest. */
export interface IngestOptions {
  /** Store bot contributions too (flagged), instead of skipping them. */
  keepBots?: boolean
  /** More bot names or logins than the built-in list. */
  extraBots?: string[]
  /**
   * Queue the day and month aggregates instead of raising them in the batch's statement (bulk imports): the
   * caller folds the queue with `foldRollUps` every so often and at the end. Counts stay exact meanwhile
   * (readers add the queue), and a killed import leaves its queue to the next fold.
   */
  deferRollUp?: boolean
}

/**
 * Stores a batch of contributions in one transaction: identities upserted by key, contributions inserted
 * unless their natural key exists, and the per-day aggregates raised by what was actually inserted. A batch
 * is all or nothing, and running it again changes nothing, so an import killed half-way resumes cleanly.
 */
export async function ingestContributions(db: Db, records: ContributionRecord[], options: IngestOptions = {}): Promise<IngestResult> {
  if (records.length === 0) return { inserted: 0, duplicates: 0, bots: 0 }
  // Resolved once per distinct author of the batch (a busy author has thousands of records in a bulk import).
  const identities = new Map<string, ResolvedIdentity>()
  const resolved = records.map((r) => {
    const a = r.author
    const key = `${a.personId ?? ''}\u0000${a.githubId ?? ''}\u0000${a.login ?? ''}\u0000${a.email ?? ''}\u0000${a.name ?? ''}`
    let identity = identities.get(key)
    if (!identity) identities.set(key, (identity = resolveIdentity(a, options.extraBots)))
    return { record: r, identity }
  })
  const kept = options.keepBots ? resolved : resolved.filter((r) => !r.identity.isBot)
  const bots = resolved.length - kept.length
  if (kept.length === 0) return { inserted: 0, duplicates: 0, bots }

  return db.transaction(async (tx) => {
    const t = tx as unknown as Db
    // Per key, the newest record names the identity (a renamed GitHub login shows its latest form).
    const byKey = new Map<string, { identity: (typeof kept)[number]['identity']; at: Date }>()
    for (const { record, identity } of kept) {
      const seen = byKey.get(identity.key)
      if (!seen || record.occurredAt > seen.at) byKey.set(identity.key, { identity, at: record.occurredAt })
    }
    // One JSON parameter for the identities; an identity is rewritten only when this batch changes it
    // (a newer name or login, a first email), so re-imports and busy authors do not churn the table. Those
    // not rewritten are read from the snapshot (the outer select does not see the upsert's own rows).
    const upserted = [...byKey.values()].map(({ identity: i, at }) => ({ key: i.key, personId: i.personId, name: i.name, email: i.email, login: i.login, isBot: i.isBot, lastSeenAt: at }))
    const identityResult = await t.execute(sql`
      with input as (
        select * from jsonb_to_recordset(${JSON.stringify(upserted)}::jsonb)
          as x(key text, "personId" uuid, name text, email text, login text, "isBot" boolean, "lastSeenAt" timestamptz)
      ), up as (
        insert into contributor_identities as c (key, person_id, name, email, login, is_bot, last_seen_at)
        select key, "personId", name, email, login, "isBot", "lastSeenAt" from input
        on conflict (key) do update set
          name = case when excluded.last_seen_at >= c.last_seen_at then coalesce(excluded.name, c.name) else c.name end,
          email = coalesce(c.email, excluded.email),
          login = case when excluded.last_seen_at >= c.last_seen_at then coalesce(excluded.login, c.login) else c.login end,
          last_seen_at = greatest(excluded.last_seen_at, c.last_seen_at)
        where (excluded.last_seen_at >= c.last_seen_at
               and (excluded.name is distinct from c.name and excluded.name is not null
                    or excluded.login is distinct from c.login and excluded.login is not null
                    or excluded.last_seen_at > c.last_seen_at))
           or (c.email is null and excluded.email is not null)
        returning c.id, c.key
      )
      select id, key from up
      union all
      select c.id, c.key from contributor_identities c join input using (key) where not exists (select 1 from up where up.key = c.key)`)
    const identityRows = (identityResult as unknown as { rows: { id: string | number; key: string }[] }).rows.map((r) => ({ id: Number(r.id), key: r.key }))
    const idOf = new Map(identityRows.map((r) => [r.key, r.id]))

    // Two records of one batch with the same natural key: keep the first.
    const seen = new Set<string>()
    const values: StagedContribution[] = []
    for (const { record: r, identity } of kept) {
      const natural = `${r.kind}\u0000${r.repository}\u0000${r.externalId}`
      if (seen.has(natural)) continue
      seen.add(natural)
      values.push({
        kind: r.kind,
        source: r.source,
        repository: r.repository,
        externalId: r.externalId,
        identityId: idOf.get(identity.key)!,
        occurredAt: r.occurredAt,
        committedAt: r.committedAt ?? null,
        isMerge: r.isMerge ?? false,
        title: r.title ?? null,
        url: r.url ?? null,
      })
    }
    // PostgreSQL: COPY into a temporary table. PGlite: one JSON parameter. Either replaces a multi-row
    // INSERT of tens of thousands of placeholders, whose building and parsing was most of an import's time.
    const client = pgClientOf(tx)
    const source = client ? await stageByCopy(client, values) : stageAsJson(values)
    const result = await t.execute(options.deferRollUp ? insertAndQueue(source) : insertAndRollUp(source))
    const inserted = Number((result as unknown as { rows: { inserted: number }[] }).rows[0]!.inserted)
    return { inserted, duplicates: values.length - inserted + (kept.length - values.length), bots }
  })
}

const insertContributions = (source: SQL) => sql`
      insert into contributions (kind, source, repository, external_id, identity_id, occurred_at, committed_at, is_merge, title, url)
      select kind, source, repository, "externalId", "identityId", "occurredAt", "committedAt", "isMerge", title, url from ${source}
      on conflict do nothing
      returning identity_id, kind, repository, occurred_at, committed_at, is_merge`

const monthOf = (day: string) => sql.raw(`(${day} - extract(day from ${day})::int + 1)`)

/**
 * The deltas of the rows of a CTE `src` (identity_id, kind, repository, is_merge, author_day, commit_day; one
 * row per contribution). The author basis counts each contribution on its author day and month. The commit
 * basis is stored as its difference from the author basis: nothing when both dates fall on the same day
 * (every contribution of a single-date source, most commits), else −1 on the author day and +1 on the commit
 * day (likewise for months, when the months differ); a commit-basis count reads both bases and adds them.
 * Rows are grouped and zero sums dropped: `gd` holds the day deltas, `gm` the month deltas.
 */
const dayDeltas = sql`
    d as (
      select identity_id, 'author' as date_basis, is_merge, author_day as day, kind, repository, 1 as n from src
      union all
      select identity_id, 'commit', is_merge, author_day, kind, repository, -1 from src where commit_day <> author_day
      union all
      select identity_id, 'commit', is_merge, commit_day, kind, repository, 1 from src where commit_day <> author_day
    ), gd as (
      select identity_id, date_basis, is_merge, day, kind, repository, sum(n)::int as n from d
      group by 1, 2, 3, 4, 5, 6 having sum(n) <> 0
    )`

const monthDeltas = sql`
    m as (
      select identity_id, 'author' as date_basis, is_merge, ${monthOf('author_day')} as month, kind, repository, 1 as n from src
      union all
      select identity_id, 'commit', is_merge, ${monthOf('author_day')}, kind, repository, -1 from src where ${monthOf('commit_day')} <> ${monthOf('author_day')}
      union all
      select identity_id, 'commit', is_merge, ${monthOf('commit_day')}, kind, repository, 1 from src where ${monthOf('commit_day')} <> ${monthOf('author_day')}
    ), gm as (
      select identity_id, date_basis, is_merge, kind, month, repository, sum(n)::int as n from m
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
 * As insertAndRollUp, but the inserted rows are appended to contribution_rollup_queue (one heap row each, no
 * index) for `foldRollUps` to add to the aggregates later in large groups, on another connection while the
 * import goes on: the batch's statement stays short, and per-batch month upserts would rewrite the same
 * month rows batch after batch (and hold row locks that concurrent imports of the same people wait on).
 */
export function insertAndQueue(source: SQL): SQL {
  return sql`
    with ins as (${insertContributions(source)}
    ), queued as (
      insert into contribution_rollup_queue (identity_id, kind, repository, is_merge, author_day, commit_day)
      select identity_id, kind, repository, is_merge, (occurred_at at time zone 'UTC')::date, (coalesce(committed_at, occurred_at) at time zone 'UTC')::date from ins
    )
    select count(*)::int as inserted from ins`
}

/**
 * Adds everything queued (by bulk imports) to the aggregates and empties the queue, in one transaction: a fold
 * that fails leaves the queue as it was, and rows queued meanwhile by a running import (not visible to this
 * statement) wait for the next fold. The day deltas are appended; the month deltas are summed per key and
 * upserted in the key's order, so each month row is written once per fold and concurrent folds take row locks
 * in the same order. Identities erased since their rows were queued are left out. Returns the rows folded.
 */
export async function foldRollUps(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db
    // The groups of a fold (tens of thousands of rows) are sorted in memory rather than in files.
    await t.execute(sql`set local work_mem = '64MB'`)
    // The aggregates have no foreign key (decision 22): the fold locks the identities it raises (one key-share
    // lock per identity, not a check per row), so an identity deleted meanwhile waits for the fold and its
    // delete trigger then removes what the fold wrote; an identity already deleted is left out.
    const result = await t.execute(sql`
      with q as (
        delete from contribution_rollup_queue returning *
      ), live as (
        select id from contributor_identities where id in (select identity_id from q) for key share
      ), src as (
        select identity_id, kind, repository, is_merge, author_day, commit_day from q
        where identity_id in (select id from live)
      ), ${raiseAggregates}
      select count(*)::int as folded from q`)
    return Number((result as unknown as { rows: { folded: number }[] }).rows[0]!.folded)
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
export function insertAndRollUp(source: SQL): SQL {
  return sql`
    with ins as (${insertContributions(source)}
    ), src as (
      select identity_id, kind, repository, is_merge, (occurred_at at time zone 'UTC')::date as author_day,
             (coalesce(committed_at, occurred_at) at time zone 'UTC')::date as commit_day from ins
    ), ${raiseAggregates}
    select count(*)::int as inserted from ins`
}
