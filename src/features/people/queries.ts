import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { people } from './schema.ts'
import { memberships } from '../memberships/schema.ts'
import { credentials } from '../credentials/schema.ts'
import { cohorts, communities, programs } from '../programs/schema.ts'
import { escapeLike, searchKey } from '../../lib/text.ts'
import type { DirectoryQuery } from './forms.ts'

/** Ambassadors shown per directory page. */
export const DIRECTORY_PAGE_SIZE = 48

/** One term as public pages show it. */
export interface PublicTerm {
  communitySlug: string
  communityName: string
  programSlug: string
  programName: string
  cohortSlug: string
  cohortTitle: string
  role: 'ambassador' | 'organizer'
  status: 'active' | 'alumni' | 'revoked'
  termStart: Date
  termEnd: Date
  /** The cohort's zone, in which the term's days are meant. */
  timeZone: string
  /** On the profile: the term's credential (certificate and Open Badge), when one is issued and not revoked. */
  credentialId?: string | null
}

/** A directory row: a person and their terms in this community. */
export interface DirectoryEntry {
  handle: string
  displayName: string
  githubLogin: string | null
  country: string | null
  region: string | null
  terms: PublicTerm[]
}

// "active" whose term has ended reads as alumni, so the directory is right even before a job moves it.
const effectiveStatus = (now: Date) =>
  sql<'active' | 'alumni' | 'revoked'>`case when ${memberships.status} = 'active' and ${memberships.termEnd} <= ${now} then 'alumni' else ${memberships.status} end`

const termColumns = (now: Date) => ({
  personId: memberships.personId,
  communitySlug: communities.slug,
  communityName: communities.name,
  programSlug: programs.slug,
  programName: programs.name,
  cohortSlug: cohorts.slug,
  cohortTitle: cohorts.title,
  role: memberships.role,
  status: effectiveStatus(now),
  termStart: memberships.termStart,
  termEnd: memberships.termEnd,
  timeZone: cohorts.timeZone,
})

/** Ambassadors of a community matching the query, one page of them, with the total. Three statements whatever the size. */
export async function searchDirectory(db: Db, communityId: string, query: DirectoryQuery, now: Date) {
  const conditions: SQL[] = [
    eq(programs.communityId, communityId),
    eq(memberships.role, 'ambassador'),
    sql`${memberships.status} <> 'revoked'`,
  ]
  const key = query.q ? searchKey(query.q) : ''
  if (key) conditions.push(sql`${people.searchKey} like ${`%${escapeLike(key)}%`}`)
  if (query.cohort) conditions.push(eq(cohorts.slug, query.cohort))
  if (query.region) conditions.push(sql`lower(${people.region}) = lower(${query.region})`)
  if (query.status) conditions.push(sql`${effectiveStatus(now)} = ${query.status}`)
  const where = and(...conditions)

  const matching = db
    .selectDistinct({ id: people.id, sortKey: people.searchKey })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .innerJoin(cohorts, eq(cohorts.id, memberships.cohortId))
    .innerJoin(programs, eq(programs.id, cohorts.programId))
    .where(where)
    .as('matching')

  const [pageRows, [totalRow]] = await Promise.all([
    db
      .select({
        id: people.id,
        handle: people.handle,
        displayName: people.displayName,
        githubLogin: people.githubLogin,
        country: people.country,
        region: people.region,
      })
      .from(matching)
      .innerJoin(people, eq(people.id, matching.id))
      .orderBy(asc(matching.sortKey), asc(people.handle))
      .limit(DIRECTORY_PAGE_SIZE)
      .offset((query.page - 1) * DIRECTORY_PAGE_SIZE),
    db.select({ total: sql<number>`count(*)::int` }).from(matching),
  ])

  const ids = pageRows.map((r) => r.id)
  const terms = ids.length
    ? await db
        .select(termColumns(now))
        .from(memberships)
        .innerJoin(cohorts, eq(cohorts.id, memberships.cohortId))
        .innerJoin(programs, eq(programs.id, cohorts.programId))
        .innerJoin(communities, eq(communities.id, programs.communityId))
        .where(and(inArray(memberships.personId, ids), eq(programs.communityId, communityId), eq(memberships.role, 'ambassador')))
        .orderBy(asc(memberships.termStart))
    : []

  const entries: DirectoryEntry[] = pageRows.map(({ id, ...person }) => ({
    ...person,
    terms: terms.filter((t) => t.personId === id).map(({ personId: _p, ...t }) => t),
  }))
  return { entries, total: totalRow?.total ?? 0 }
}

/** Distinct regions and cohorts of a community's ambassadors, for the directory's filters. */
export async function directoryFacets(db: Db, communityId: string) {
  const [regions, cohortRows] = await Promise.all([
    db
      .selectDistinct({ region: people.region })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.personId))
      .innerJoin(cohorts, eq(cohorts.id, memberships.cohortId))
      .innerJoin(programs, eq(programs.id, cohorts.programId))
      .where(and(eq(programs.communityId, communityId), sql`${people.region} is not null`))
      .orderBy(asc(people.region)),
    db
      .select({ slug: cohorts.slug, title: cohorts.title, programName: programs.name })
      .from(cohorts)
      .innerJoin(programs, eq(programs.id, cohorts.programId))
      .where(eq(programs.communityId, communityId))
      .orderBy(sql`${cohorts.year} desc`, asc(programs.name)),
  ])
  return { regions: regions.map((r) => r.region as string), cohorts: cohortRows }
}

/** A person's public profile: name, public handles, region and terms; never an email. Undefined for a person with no term. */
export async function getPublicProfile(db: Db, handle: string, now: Date) {
  const [person] = await db
    .select({
      id: people.id,
      handle: people.handle,
      displayName: people.displayName,
      githubLogin: people.githubLogin,
      country: people.country,
      region: people.region,
      bio: people.bio,
    })
    .from(people)
    .where(eq(people.handle, handle))
    .limit(1)
  if (!person) return undefined
  const terms = await db
    .select({
      ...termColumns(now),
      credentialId: sql<string | null>`(select ${credentials.id} from ${credentials} where ${credentials.membershipId} = ${memberships.id} and ${credentials.revokedAt} is null order by ${credentials.issuedAt} desc limit 1)`,
    })
    .from(memberships)
    .innerJoin(cohorts, eq(cohorts.id, memberships.cohortId))
    .innerJoin(programs, eq(programs.id, cohorts.programId))
    .innerJoin(communities, eq(communities.id, programs.communityId))
    .where(and(eq(memberships.personId, person.id), sql`${memberships.status} <> 'revoked'`))
    .orderBy(asc(memberships.termStart))
  // Only ambassadors (serving or former) have a public profile: an account, a draft or a withdrawn application
  // publishes nothing, and a handle cannot be used to learn whether someone has an account.
  if (terms.length === 0) return undefined
  const { id: _id, ...visible } = person
  return { person: visible, terms: terms.map(({ personId: _p, ...t }) => t) }
}
