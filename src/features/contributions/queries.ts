import { sql, type SQL } from 'drizzle-orm'
import pg from 'pg'
import type { Db } from '../../db/client.ts'
import { escapeLike } from '../../lib/text.ts'
import type { ContributionKind } from './schema.ts'
import { planWindow } from './window-split.ts'

/** Which contributions to count: UTC days [since, until), kinds, merges, repositories, whose. */
export interface ContributionWindow {
  /** First UTC day counted, 'YYYY-MM-DD'. */
  since: string
  /** First UTC day not counted (exclusive end), 'YYYY-MM-DD'. */
  until: string
  kinds: ContributionKind[]
  includeMerges: boolean
  /** Only repositories of these owners (GitHub organisations), e.g. ['kubesphere']. */
  organizations?: string[]
  /** Only these identities. */
  identityIds?: number[]
  /** Only identities linked to these people. */
  personIds?: string[]
  /** Count bot identities too (they are kept only when an import was asked to keep them). */
  includeBots?: boolean
  /** Which date places a commit in the window: when it was written (default) or when it was committed. */
  dateBasis?: 'author' | 'commit'
}

/** Counts of one identity in a window, with the breakdown by repository. */
export interface IdentityCount {
  identityId: number
  key: string
  name: string | null
  login: string | null
  email: string | null
  personId: string | null
  total: number
  byRepository: Record<string, number>
}

/**
 * Contributions per identity in a window, read from the aggregates (whole months from the monthly roll-up,
 * edge days from the daily one) in one SQL statement whatever the number of contributions: the identities
 * are one array parameter matched in both aggregates (one index range per identity), the sums are grouped
 * per identity and repository, and the identities' details come back with them as one JSON value, so the
 * answer costs one round trip. A long list of identities on PostgreSQL is split into a few parts asked at
 * once, one statement each on its own connection (decision 28). Sorted by total (descending) then key.
 */
export async function countContributions(db: Db, w: ContributionWindow): Promise<IdentityCount[]> {
  if (w.personIds?.length === 0 || w.identityIds?.length === 0) return []
  const ids = w.identityIds && [...new Set(w.identityIds.map(Number))]
  const parts = ids ? countingParts(db, ids.length) : 1
  if (parts > 1) {
    // Disjoint halves (or more) of the identities, asked at once on as many connections of the pool: each
    // is one statement as below, and the server runs them on as many cores. Each identity's count comes from
    // one statement (one snapshot); two parts may see an import's batch committed between them.
    const size = Math.ceil(ids!.length / parts)
    const slices = Array.from({ length: parts }, (_, k) => ids!.slice(k * size, (k + 1) * size))
    const answers = await Promise.all(slices.map((identityIds) => countInOneStatement(db, { ...w, identityIds })))
    return answers.flat().sort(byTotalThenKey)
  }
  return countInOneStatement(db, ids ? { ...w, identityIds: ids } : w)
}

/**
 * A list of identities at least twice this long is counted in parts asked in parallel (10,000 identities over
 * a year of 10,000,000 contributions: one statement ~130 ms of server CPU, on one core).
 */
const IDENTITIES_PER_PART = 2_500
const MAX_PARTS = 4

/** In how many parts countContributions asks for `identities` listed identities: more than one only on a pool. */
export function countingParts(db: Db, identities: number): number {
  return pgPoolOf(db) ? Math.max(1, Math.min(MAX_PARTS, Math.floor(identities / IDENTITIES_PER_PART))) : 1
}

/** The pool under a Drizzle database on node-postgres (not a transaction's client, not PGlite). */
function pgPoolOf(db: Db): pg.Pool | undefined {
  const client = (db as unknown as { $client?: unknown }).$client
  return client instanceof pg.Pool ? client : undefined
}

/** countContributions in one SQL statement. */
async function countInOneStatement(db: Db, w: ContributionWindow): Promise<IdentityCount[]> {
  const split = planWindow(w.since, w.until)
  if (!split.months && split.days.length === 0) return []
  // Which identities: one array parameter (not thousands of placeholders) in each part, an index condition
  // there (one index range per identity); people's identities through their links.
  const identityIds = w.identityIds ? `{${w.identityIds.map(Number).join(',')}}` : undefined
  const personIds = w.personIds ? `{${w.personIds.join(',')}}` : undefined
  // The same filters on the months and on the days (both tables have these columns).
  const common = (alias: string, basis = true): SQL[] => {
    const c = (column: string) => sql.raw(`${alias}.${column}`)
    const conditions: SQL[] = [sql`${c('kind')} = any(${`{${w.kinds.join(',')}}`}::text[])`]
    // The commit basis is stored as its difference from the author basis (rollup.ts): it reads both and adds them.
    if (basis) conditions.unshift(w.dateBasis === 'commit' ? sql`${c('date_basis')} = any('{author,commit}'::text[])` : sql`${c('date_basis')} = 'author'`)
    if (!w.includeMerges) conditions.push(sql`${c('is_merge')} = false`)
    if (w.organizations?.length) conditions.push(sql`(${sql.join(w.organizations.map((o) => sql`${c('repository')} like ${`${escapeLike(o)}/%`}`), sql` or `)})`)
    if (identityIds) conditions.push(sql`${c('identity_id')} = any(array(select unnest(${identityIds}::bigint[])))`)
    if (personIds) conditions.push(sql`${c('identity_id')} in (select id from contributor_identities where person_id = any(${personIds}::uuid[]))`)
    return conditions
  }
  // Whole months from the monthly roll-up, the partial months at the edges from the days.
  const parts: SQL[] = []
  if (split.months) {
    parts.push(sql`select m.identity_id, m.repository, m.count from contribution_months m
      where ${sql.join([...common('m'), sql`m.month >= ${split.months[0]}::date`, sql`m.month < ${split.months[1]}::date`], sql` and `)}`)
  }
  // One part per edge range (not an OR of both), so each is one index range per identity.
  for (const [a, b] of split.days) {
    parts.push(sql`select d.identity_id, d.repository, d.count from contribution_days d
      where ${sql.join([...common('d'), sql`d.day >= ${a}::date`, sql`d.day < ${b}::date`], sql` and `)}`)
  }
  // What bulk imports queued and have not folded into the aggregates yet (nothing, between imports): one
  // row per key with its number of contributions, placed by the day of the window's date basis.
  const queuedDay = sql.raw(w.dateBasis === 'commit' ? 'q.commit_day' : 'q.author_day')
  parts.push(sql`select q.identity_id, q.repository, q.n as count from contribution_rollup_queue q
      where ${sql.join([...common('q', false), sql`${queuedDay} >= ${w.since}::date`, sql`${queuedDay} < ${w.until}::date`], sql` and `)}`)
  // Two JSON values, each built by single aggregates (no per-identity aggregate state, which spills to disk
  // for thousands of identities): the sums per identity and repository as three parallel arrays, and the
  // identities they name as six (parallel arrays are cheaper to build and to parse than an array per row:
  // for 10,000 identities, Node's CPU per question fell from 64 to 55 ms).
  const result = await db.execute(sql`
    with sums as materialized (select identity_id, repository, sum(count)::int as n from (${sql.join(parts, sql` union all `)}) x group by 1, 2 having sum(count) <> 0)
    select (select json_build_array(array_agg(identity_id), array_agg(repository), array_agg(n)) from sums) as sums,
           (select json_build_array(array_agg(i.id), array_agg(i.key), array_agg(i.name), array_agg(i.login), array_agg(i.email), array_agg(i.person_id))
              from contributor_identities i where i.id in (select identity_id from sums)${w.includeBots ? sql`` : sql` and not i.is_bot`}) as identities`)
  const row = (result as unknown as { rows: { sums: unknown; identities: unknown }[] }).rows[0]
  const json = <T,>(value: unknown): T | null => (value == null ? null : typeof value === 'string' ? JSON.parse(value) : value) as T | null
  const byIdentity = new Map<number, IdentityCount>()
  type Column<T> = T[] | null
  const [ids, keys, names, logins, emails, people] = json<[Column<number>, Column<string>, Column<string | null>, Column<string | null>, Column<string | null>, Column<string | null>]>(row?.identities) ?? []
  for (let k = 0; k < (ids?.length ?? 0); k++) {
    const identityId = Number(ids![k])
    byIdentity.set(identityId, { identityId, key: keys![k]!, name: names![k] ?? null, login: logins![k] ?? null, email: emails![k] ?? null, personId: people![k] ?? null, total: 0, byRepository: {} })
  }
  const [identityIdsFound, repositories, counts] = json<[number[] | null, string[] | null, number[] | null]>(row?.sums) ?? [null, null, null]
  for (let k = 0; k < (identityIdsFound?.length ?? 0); k++) {
    const entry = byIdentity.get(Number(identityIdsFound![k]))
    if (!entry) continue // a bot
    entry.total += counts![k]!
    entry.byRepository[repositories![k]!] = counts![k]!
  }
  return [...byIdentity.values()].sort(byTotalThenKey)
}

const byTotalThenKey = (a: IdentityCount, b: IdentityCount) => b.total - a.total || compareKeys(a.key, b.key)

/** The order of String#localeCompare (same default locale and options), without building a collator per call. */
const compareKeys = new Intl.Collator().compare
