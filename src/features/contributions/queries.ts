import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { escapeLike } from '../../lib/text.ts'
import { contributionDays, contributorIdentities, type ContributionKind } from './schema.ts'

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
 * Contributions per identity in a window, read from the per-day aggregates: one query whatever the number
 * of identities or contributions, sorted by total (descending) then key.
 */
export async function countContributions(db: Db, w: ContributionWindow): Promise<IdentityCount[]> {
  let identityIds = w.identityIds
  if (w.personIds) {
    if (w.personIds.length === 0) return []
    const linked = await db.select({ id: contributorIdentities.id }).from(contributorIdentities).where(inArray(contributorIdentities.personId, w.personIds))
    identityIds = (identityIds ?? linked.map((r) => r.id)).filter((id) => linked.some((r) => r.id === id))
  }
  if (identityIds && identityIds.length === 0) return []
  const conditions: SQL[] = [
    gte(contributionDays.day, w.since),
    lt(contributionDays.day, w.until),
    inArray(contributionDays.kind, w.kinds),
    eq(contributionDays.dateBasis, w.dateBasis ?? 'author'),
  ]
  if (!w.includeMerges) conditions.push(eq(contributionDays.isMerge, false))
  if (w.organizations?.length) {
    conditions.push(sql`(${sql.join(w.organizations.map((o) => sql`${contributionDays.repository} like ${`${escapeLike(o)}/%`}`), sql` or `)})`)
  }
  // One array parameter, not thousands of placeholders: planning stays cheap for 10,000 identities.
  const idArray = (ids: number[]) => `{${ids.map(Number).join(',')}}`
  if (identityIds) conditions.push(sql`${contributionDays.identityId} = any(${idArray(identityIds)}::bigint[])`)

  // Aggregate the days first, then read the (few) identities: the join never touches the day rows.
  const sums = await db
    .select({ identityId: contributionDays.identityId, repository: contributionDays.repository, count: sql<number>`sum(${contributionDays.count})::int` })
    .from(contributionDays)
    .where(and(...conditions))
    .groupBy(contributionDays.identityId, contributionDays.repository)
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
