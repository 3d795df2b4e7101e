import { asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { memberships } from '../memberships/schema.ts'
import { people } from '../people/schema.ts'
import { cohorts, communities, programs } from '../programs/schema.ts'
import { credentials } from './schema.ts'

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
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

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
const toRecord = (row: Row): CredentialRecord => ({ ...row, credential: JSON.parse(row.credentialJson) as Record<string, unknown> })

/** The credential with this id, or null (also for ids that are not UUIDs, so callers need not check). */
export async function findCredential(db: Db, id: string): Promise<CredentialRecord | null> {
  if (!UUID.test(id)) return null
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
