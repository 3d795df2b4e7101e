import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { memberships } from '../memberships/schema.ts'
import { people } from '../people/schema.ts'
import { cohorts, communities, programs } from '../programs/schema.ts'
import { credentials } from './schema.ts'
import { ERASED_HANDLE_PREFIX, ERASED_NAME } from '../privacy/policy.ts'
import { isUuid } from '../../lib/ids.ts'

/** An issued credential with what pages and certificates show about it. */
export interface CredentialRecord {
  /** The credential id, also the certificate id. */
  id: string
  membershipId: string
  /** The recipient's name exactly as entered (NFD stays NFD). */
  recipientName: string
  /** The recipient's public handle (profile URLs); never an email. */
  recipientHandle: string
  programName: string
  programSlug: string
  communityName: string
  communitySlug: string
  cohortId: string
  cohortTitle: string
  /** The cohort's zone, in which the term's days are meant. */
  timeZone: string
  validFrom: Date
  validUntil: Date
  issuedAt: Date
  revokedAt: Date | null
  revocationReason: string | null
  /** The signed OpenBadgeCredential as issued. */
  credential: Record<string, unknown>
  /** The same credential as the exact JSON text that was issued (for baking and downloads). */
  credentialJson: string
  /** The holder deleted their account (privacy/erase-person.ts): a revoked credential of theirs is not published. */
  holderErased: boolean
}

const columns = {
  id: credentials.id,
  membershipId: credentials.membershipId,
  recipientName: credentials.recipientName,
  recipientHandle: people.handle,
  programName: programs.name,
  programSlug: programs.slug,
  communityName: communities.name,
  communitySlug: communities.slug,
  cohortId: cohorts.id,
  cohortTitle: cohorts.title,
  timeZone: cohorts.timeZone,
  validFrom: credentials.validFrom,
  validUntil: credentials.validUntil,
  issuedAt: credentials.issuedAt,
  revokedAt: credentials.revokedAt,
  revocationReason: credentials.revocationReason,
  credentialJson: credentials.credential,
  // The mark erase-person.ts leaves on the person row (and checks there before erasing again).
  holderErased: sql<boolean>`(${people.displayName} = ${ERASED_NAME} and ${people.email} is null and ${people.handle} like ${`${ERASED_HANDLE_PREFIX}%`})`,
}

function joined(db: Db) {
  return db
    .select(columns)
    .from(credentials)
    .innerJoin(memberships, eq(memberships.id, credentials.membershipId))
    .innerJoin(people, eq(people.id, memberships.personId))
    .innerJoin(cohorts, eq(cohorts.id, memberships.cohortId))
    .innerJoin(programs, eq(programs.id, cohorts.programId))
    .innerJoin(communities, eq(communities.id, programs.communityId))
}

type Row = Awaited<ReturnType<ReturnType<typeof joined>['execute']>>[number]
const toRecord = (row: Row): CredentialRecord => ({ ...row, holderErased: Boolean(row.holderErased), credential: JSON.parse(row.credentialJson) as Record<string, unknown> })

/** The credential with this id, or null (also for ids that are not UUIDs, so callers need not check). */
export async function findCredential(db: Db, id: string): Promise<CredentialRecord | null> {
  if (!isUuid(id)) return null
  const [row] = await joined(db).where(eq(credentials.id, id.toLowerCase())).limit(1)
  return row ? toRecord(row) : null
}

/** The credentials with these ids (bulk rendering after bulk issuance), in no particular order. */
export async function findCredentials(db: Db, ids: string[]): Promise<CredentialRecord[]> {
  if (ids.length === 0) return []
  return (await joined(db).where(inArray(credentials.id, ids))).map(toRecord)
}

/** Every credential of a cohort, ordered by recipient name (announcement tables, bulk rendering). */
export async function listCohortCredentials(db: Db, cohortId: string): Promise<CredentialRecord[]> {
  const rows = await joined(db).where(eq(cohorts.id, cohortId)).orderBy(asc(credentials.recipientName), asc(credentials.id))
  return rows.map(toRecord)
}

/** The rows of a cohort's certificate table: credentials in force (not revoked), by name. */
export async function cohortCertificateRows(db: Db, cohortId: string): Promise<{ recipientName: string; credentialId: string }[]> {
  const all = await listCohortCredentials(db, cohortId)
  return all.filter((r) => !r.revokedAt).map((r) => ({ recipientName: r.recipientName, credentialId: r.id }))
}

/** One credential as the managers' list of a cohort shows it (no credential JSON: a page stays small). */
export interface CohortCredentialRow {
  id: string
  /** The recipient's name exactly as issued. */
  recipientName: string
  validFrom: Date
  validUntil: Date
  issuedAt: Date
  revokedAt: Date | null
  revocationReason: string | null
}

/** How a cohort's credentials stand at an instant; `valid` + `notYetValid` + `expired` + `revoked` = `issued`. */
export interface CohortCredentialCounts {
  issued: number
  valid: number
  notYetValid: number
  expired: number
  revoked: number
}

const rowColumns = {
  id: credentials.id,
  recipientName: credentials.recipientName,
  validFrom: credentials.validFrom,
  validUntil: credentials.validUntil,
  issuedAt: credentials.issuedAt,
  revokedAt: credentials.revokedAt,
  revocationReason: credentials.revocationReason,
}

/**
 * One page of a cohort's credentials by recipient name, with the counts of the whole cohort at `now`: two
 * queries whatever the cohort's size. A page past the last one shows the last one.
 */
export async function cohortCredentialPage(
  db: Db,
  cohortId: string,
  o: { now: Date; page: number; pageSize: number },
): Promise<{ rows: CohortCredentialRow[]; counts: CohortCredentialCounts; page: number; pages: number }> {
  const now = sql`${o.now.toISOString()}::timestamptz`
  const live = sql`${credentials.revokedAt} is null`
  const [c] = await db
    .select({
      issued: sql<number>`count(*)::int`,
      revoked: sql<number>`(count(*) filter (where ${credentials.revokedAt} is not null))::int`,
      expired: sql<number>`(count(*) filter (where ${live} and ${credentials.validUntil} <= ${now}))::int`,
      notYetValid: sql<number>`(count(*) filter (where ${live} and ${credentials.validUntil} > ${now} and ${credentials.validFrom} > ${now}))::int`,
    })
    .from(credentials)
    .innerJoin(memberships, eq(memberships.id, credentials.membershipId))
    .where(eq(memberships.cohortId, cohortId))
  const issued = c?.issued ?? 0
  const counts: CohortCredentialCounts = {
    issued,
    revoked: c?.revoked ?? 0,
    expired: c?.expired ?? 0,
    notYetValid: c?.notYetValid ?? 0,
    valid: issued - (c?.revoked ?? 0) - (c?.expired ?? 0) - (c?.notYetValid ?? 0),
  }
  const pages = Math.max(1, Math.ceil(issued / o.pageSize))
  const page = Math.min(Math.max(1, Math.floor(o.page)), pages)
  const rows = issued
    ? await db
        .select(rowColumns)
        .from(credentials)
        .innerJoin(memberships, eq(memberships.id, credentials.membershipId))
        .where(eq(memberships.cohortId, cohortId))
        .orderBy(asc(credentials.recipientName), asc(credentials.id))
        .limit(o.pageSize)
        .offset((page - 1) * o.pageSize)
    : []
  return { rows, counts, page, pages }
}

/** The credential with this id if it belongs to a membership of this cohort, else null (also for non-UUIDs). */
export async function findCohortCredential(db: Db, cohortId: string, id: string): Promise<CohortCredentialRow | null> {
  if (!isUuid(id)) return null
  const [row] = await db
    .select(rowColumns)
    .from(credentials)
    .innerJoin(memberships, eq(memberships.id, credentials.membershipId))
    .where(and(eq(credentials.id, id.toLowerCase()), eq(memberships.cohortId, cohortId)))
    .limit(1)
  return row ?? null
}
