import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, ne, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { credentials } from '../credentials/schema.ts'
import { memberships } from '../memberships/schema.ts'
import { consecutiveYearsAt } from '../memberships/terms.ts'
import { people } from '../people/schema.ts'
import { cohorts, programs } from '../programs/schema.ts'
import { findProgram } from '../programs/queries.ts'
import { acceptanceOffers, announcements } from './schema.ts'
import { applications } from '../applications/schema.ts'

/** A new ambassador as the public announcement lists them: never an email. */
export interface AnnouncedAmbassador {
  displayName: string
  handle: string
  region: string | null
  /** Which year in a row (2 for a re-elected ambassador). */
  consecutiveYears: number
  /** The certificate, once issued for the membership (and not revoked). */
  credentialId: string | null
  confirmed: boolean
}

/** A published announcement of a program, for the news list and the feed. */
export interface NewsItem {
  cohortSlug: string
  cohortTitle: string
  title: string
  introMd: string
  publishedAt: Date
}

/** The published announcements of a program, newest first. */
export async function listProgramNews(db: Db, programId: string): Promise<NewsItem[]> {
  const rows = await db
    .select({ cohortSlug: cohorts.slug, cohortTitle: cohorts.title, title: announcements.title, introMd: announcements.introMd, publishedAt: announcements.publishedAt })
    .from(announcements)
    .innerJoin(cohorts, eq(cohorts.id, announcements.cohortId))
    .where(and(eq(cohorts.programId, programId), isNotNull(announcements.publishedAt)))
    .orderBy(desc(announcements.publishedAt), asc(cohorts.slug))
  return rows.map((r) => ({ ...r, publishedAt: r.publishedAt! }))
}

/** The people holding or offered a seat in a cohort (not declined or expired), by name, with year in a row and certificate. Three queries. */
export async function listAnnouncedAmbassadors(db: Db, cohort: { id: string; programId: string; year: number }): Promise<AnnouncedAmbassador[]> {
  const rows = await db
    .select({
      personId: acceptanceOffers.personId,
      status: acceptanceOffers.status,
      displayName: people.displayName,
      handle: people.handle,
      region: people.region,
      consecutiveYears: memberships.consecutiveYears,
      credentialId: sql<string | null>`(select ${credentials.id} from ${credentials} where ${credentials.membershipId} = ${acceptanceOffers.membershipId} and ${credentials.revokedAt} is null order by ${credentials.issuedAt} desc limit 1)`,
    })
    .from(acceptanceOffers)
    .innerJoin(people, eq(people.id, acceptanceOffers.personId))
    .leftJoin(memberships, eq(memberships.id, acceptanceOffers.membershipId))
    .where(and(eq(acceptanceOffers.cohortId, cohort.id), inArray(acceptanceOffers.status, ['pending', 'confirmed'])))
    .orderBy(asc(people.searchKey), asc(people.handle))
  // Not yet confirmed: the year in a row they would serve, from their earlier terms in the program.
  const pending = rows.filter((r) => r.consecutiveYears === null).map((r) => r.personId)
  const earlier = pending.length
    ? await db
        .select({ personId: memberships.personId, year: cohorts.year })
        .from(memberships)
        .innerJoin(cohorts, eq(cohorts.id, memberships.cohortId))
        .where(and(inArray(memberships.personId, pending), eq(cohorts.programId, cohort.programId), eq(memberships.role, 'ambassador'), ne(memberships.status, 'revoked'), lt(cohorts.year, cohort.year)))
    : []
  return rows.map((r) => ({
    displayName: r.displayName,
    handle: r.handle,
    region: r.region,
    consecutiveYears: r.consecutiveYears ?? consecutiveYearsAt(cohort.year, earlier.filter((e) => e.personId === r.personId).map((e) => e.year)),
    credentialId: r.credentialId,
    confirmed: r.status === 'confirmed',
  }))
}

/** Everything the public announcement page shows, or undefined when there is no such published announcement. */
export async function getAnnouncementPage(db: Db, communitySlug: string, programSlug: string, cohortSlug: string) {
  const found = await findProgram(db, communitySlug, programSlug)
  if (!found) return undefined
  const [row] = await db
    .select({ announcement: announcements, cohort: cohorts })
    .from(announcements)
    .innerJoin(cohorts, eq(cohorts.id, announcements.cohortId))
    .where(and(eq(cohorts.programId, found.program.id), eq(cohorts.slug, cohortSlug), isNotNull(announcements.publishedAt)))
  if (!row) return undefined
  const ambassadors = await listAnnouncedAmbassadors(db, row.cohort)
  return { ...found, announcement: row.announcement, cohort: row.cohort, ambassadors }
}

/** A cohort's announcement and its offers, for the managers' page and the API. */
export async function getAnnouncementStatus(db: Db, cohortId: string) {
  const [announcement] = await db.select().from(announcements).where(eq(announcements.cohortId, cohortId))
  if (!announcement) return { announcement: undefined, offers: { pending: 0, confirmed: 0, declined: 0, expired: 0 } }
  const counts = await db
    .select({ status: acceptanceOffers.status, n: sql<number>`count(*)::int` })
    .from(acceptanceOffers)
    .where(eq(acceptanceOffers.cohortId, cohortId))
    .groupBy(acceptanceOffers.status)
  const offers = { pending: 0, confirmed: 0, declined: 0, expired: 0 }
  for (const c of counts) offers[c.status] = Number(c.n)
  return { announcement, offers }
}

/** An offer with what its page shows. */
export async function getOffer(db: Db, offerId: string) {
  const [row] = await db
    .select({ offer: acceptanceOffers, displayName: people.displayName, cohortTitle: cohorts.title, timeZone: cohorts.timeZone, programName: programs.name, applicationStatus: applications.status })
    .from(acceptanceOffers)
    .innerJoin(people, eq(people.id, acceptanceOffers.personId))
    .innerJoin(cohorts, eq(cohorts.id, acceptanceOffers.cohortId))
    .innerJoin(programs, eq(programs.id, cohorts.programId))
    .innerJoin(applications, eq(applications.id, acceptanceOffers.applicationId))
    .where(eq(acceptanceOffers.id, offerId))
  return row
}

/** Pending offers of a person (for their account and the API). */
export async function pendingOffersOf(db: Db, personId: string) {
  return db
    .select({ id: acceptanceOffers.id, cohortTitle: cohorts.title, respondBy: acceptanceOffers.respondBy, timeZone: cohorts.timeZone })
    .from(acceptanceOffers)
    .innerJoin(cohorts, eq(cohorts.id, acceptanceOffers.cohortId))
    .where(and(eq(acceptanceOffers.personId, personId), eq(acceptanceOffers.status, 'pending'), isNull(acceptanceOffers.respondedAt)))
    .orderBy(asc(acceptanceOffers.respondBy))
}

/**
 * What an application's offer means for withdrawing it: "open" (unanswered, before its deadline: withdrawing
 * declines it), "confirmed" (the term has started: withdrawing is refused), or undefined (no offer, or one that
 * was declined or lapsed).
 */
export async function offerStakeOf(db: Db, applicationId: string, now: Date): Promise<'open' | 'confirmed' | undefined> {
  const [offer] = await db.select({ status: acceptanceOffers.status, respondBy: acceptanceOffers.respondBy }).from(acceptanceOffers).where(eq(acceptanceOffers.applicationId, applicationId))
  if (offer?.status === 'confirmed') return 'confirmed'
  if (offer?.status === 'pending' && offer.respondBy.getTime() > now.getTime()) return 'open'
  return undefined
}
