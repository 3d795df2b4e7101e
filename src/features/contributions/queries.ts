import { inArray, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { escapeLike } from '../../lib/text.ts'
import { contributorIdentities, type ContributionKind } from './schema.ts'
import { splitWindow } from './window-split.ts'

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
 * edge days from the daily one): one query whatever the number of identities or contributions, sorted by
 * total (descending) then key.
 */
export async function countContributions(db: Db, w: ContributionWindow): Promise<IdentityCount[]> {
  let identityIds = w.identityIds
  if (w.personIds) {
    if (w.personIds.length === 0) return []
    const linked = await db.select({ id: contributorIdentities.id }).from(contributorIdentities).where(inArray(contributorIdentities.personId, w.personIds))
    identityIds = (identityIds ?? linked.map((r) => r.id)).filter((id) => linked.some((r) => r.id === id))
  }
  if (identityIds && identityIds.length === 0) return []
  const idArray = (ids: number[]) => `{${ids.map(Number).join(',')}}`
  // The same filters on the months and on the days (both tables have these columns).
  const common = (alias: string): SQL[] => {
    const c = (column: string) => sql.raw(`${alias}.${column}`)
    const conditions: SQL[] = [sql`${c('kind')} = any(${`{${w.kinds.join(',')}}`}::text[])`, sql`${c('date_basis')} = ${w.dateBasis ?? 'author'}`]
    if (!w.includeMerges) conditions.push(sql`${c('is_merge')} = false`)
    if (w.organizations?.length) conditions.push(sql`(${sql.join(w.organizations.map((o) => sql`${c('repository')} like ${`${escapeLike(o)}/%`}`), sql` or `)})`)
    // One array parameter, not thousands of placeholders: planning stays cheap for 10,000 identities.
    if (identityIds) conditions.push(sql`${c('identity_id')} = any(${idArray(identityIds)}::bigint[])`)
    return conditions
  }
  // Whole months from the monthly roll-up, the partial months at the edges from the days.
  const split = splitWindow(w.since, w.until)
  const parts: SQL[] = []
  if (split.months) {
    parts.push(sql`select m.identity_id, m.repository, m.count from contribution_months m
      where ${sql.join([...common('m'), sql`m.month >= ${split.months[0]}::date`, sql`m.month < ${split.months[1]}::date`], sql` and `)}`)
  }
  if (split.days.length) {
    const ranges = sql.join(split.days.map(([from, to]) => sql`(d.day >= ${from}::date and d.day < ${to}::date)`), sql` or `)
    parts.push(sql`select d.identity_id, d.repository, d.count from contribution_days d where ${sql.join([...common('d'), sql`(${ranges})`], sql` and `)}`)
  }
  if (parts.length === 0) return []
  // Aggregate the rows first, then read the (few) identities: the join never touches the aggregates.
  const summed = await db.execute(sql`select identity_id, repository, sum(count)::int as count from (${sql.join(parts, sql` union all `)}) x group by 1, 2`)
  const sums = (summed as unknown as { rows: { identity_id: string | number; repository: string; count: number }[] }).rows.map((r) => ({
    identityId: Number(r.identity_id),
    repository: r.repository,
    count: Number(r.count),
  }))
  if (sums.length === 0) return []
  const found = [...new Set(sums.map((r) => r.identityId))]
  const identityRows = await db
    .select({ id: contributorIdentities.id, key: contributorIdentities.key, name: contributorIdentities.name, login: contributorIdentities.login, email: contributorIdentities.email, personId: contributorIdentities.personId, isBot: contributorIdentities.isBot })
    .from(contributorIdentities)
    .where(sql`${contributorIdentities.id} = any(${idArray(found)}::bigint[])`)
  const byIdentity = new Map<number, IdentityCount>()
  for (const i of identityRows) {
    if (i.isBot && !w.includeBots) continue
    byIdentity.set(i.id, { identityId: i.id, key: i.key, name: i.name, login: i.login, email: i.email, personId: i.personId, total: 0, byRepository: {} })
  }
  for (const r of sums) {
    const entry = byIdentity.get(r.identityId)
    if (!entry) continue
    entry.total += Number(r.count)
    entry.byRepository[r.repository] = (entry.byRepository[r.repository] ?? 0) + Number(r.count)
  }
  return [...byIdentity.values()].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key))
}
