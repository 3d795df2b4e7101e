import { and, asc, desc, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import {
  applicationQuestions,
  cohortPhases,
  cohorts,
  communities,
  programs,
  requirements,
  selectionCriteria,
} from './schema.ts'
import { memberships } from '../memberships/schema.ts'
import { people } from '../people/schema.ts'

/** Row types as the pages use them. */
export type Community = typeof communities.$inferSelect
export type Program = typeof programs.$inferSelect
export type Cohort = typeof cohorts.$inferSelect
export type Requirement = typeof requirements.$inferSelect
export type ApplicationQuestion = typeof applicationQuestions.$inferSelect
export type SelectionCriterion = typeof selectionCriteria.$inferSelect
export type CohortPhase = typeof cohortPhases.$inferSelect

/** A person as a public page may show them: never an email. */
export interface PublicMember {
  handle: string
  displayName: string
  githubLogin: string | null
  country: string | null
  region: string | null
  role: 'ambassador' | 'organizer'
}

/** Every community with the number of programs it runs. */
export async function listCommunities(db: Db) {
  return db
    .select({
      slug: communities.slug,
      name: communities.name,
      tagline: communities.tagline,
      // Written out: inside sql``, Drizzle leaves column names unqualified, and both tables have an "id".
      programCount: sql<number>`(select count(*)::int from "programs" p where p."community_id" = "communities"."id")`,
    })
    .from(communities)
    .orderBy(asc(communities.name))
}

/** A community by slug, or undefined. */
export async function findCommunity(db: Db, slug: string): Promise<Community | undefined> {
  const [row] = await db.select().from(communities).where(eq(communities.slug, slug)).limit(1)
  return row
}

/** A community with its programs, or undefined. */
export async function getCommunityHome(db: Db, slug: string) {
  const community = await findCommunity(db, slug)
  if (!community) return undefined
  const programRows = await db
    .select()
    .from(programs)
    .where(eq(programs.communityId, community.id))
    .orderBy(asc(programs.name))
  return { community, programs: programRows }
}

/** A program and its community by their slugs, or undefined: the lookup every program URL starts with. */
export async function findProgram(db: Db, communitySlug: string, programSlug: string): Promise<{ community: Community; program: Program } | undefined> {
  const [found] = await db
    .select({ community: communities, program: programs })
    .from(programs)
    .innerJoin(communities, eq(communities.id, programs.communityId))
    .where(and(eq(communities.slug, communitySlug), eq(programs.slug, programSlug)))
    .limit(1)
  return found
}

/** Everything the public program page shows, for one cohort (the newest when `cohortSlug` is not given). */
export async function getProgramPage(db: Db, communitySlug: string, programSlug: string, cohortSlug?: string) {
  const found = await findProgram(db, communitySlug, programSlug)
  if (!found) return undefined
  const { community, program } = found

  const [requirementRows, questionRows, criterionRows, cohortRows] = await Promise.all([
    db.select().from(requirements).where(eq(requirements.programId, program.id)).orderBy(asc(requirements.position)),
    db
      .select()
      .from(applicationQuestions)
      .where(eq(applicationQuestions.programId, program.id))
      .orderBy(asc(applicationQuestions.position)),
    db
      .select()
      .from(selectionCriteria)
      .where(eq(selectionCriteria.programId, program.id))
      .orderBy(asc(selectionCriteria.position)),
    db.select().from(cohorts).where(eq(cohorts.programId, program.id)).orderBy(desc(cohorts.year), desc(cohorts.slug)),
  ])

  const cohort = cohortSlug === undefined ? cohortRows[0] : cohortRows.find((c) => c.slug === cohortSlug)
  if (cohortSlug !== undefined && !cohort) return { community, program, missingCohort: cohortSlug } as const

  const [phases, roster] = cohort
    ? await Promise.all([
        db.select().from(cohortPhases).where(eq(cohortPhases.cohortId, cohort.id)).orderBy(asc(cohortPhases.position)),
        listCohortMembers(db, cohort.id),
      ])
    : [[], { members: [], ambassadorTotal: 0, organizerTotal: 0 }]

  return {
    community,
    program,
    requirements: requirementRows,
    questions: questionRows,
    criteria: criterionRows,
    cohorts: cohortRows,
    cohort,
    phases,
    members: roster.members,
    ambassadorTotal: roster.ambassadorTotal,
    missingCohort: undefined,
  } as const
}

/** Ambassadors listed on a program page; the rest are one click away in the directory. */
export const PROGRAM_PAGE_AMBASSADORS = 48

/** A cohort's public members: every organiser, the first `ambassadorLimit` ambassadors by name, and the totals. */
export async function listCohortMembers(db: Db, cohortId: string, ambassadorLimit = PROGRAM_PAGE_AMBASSADORS) {
  const ranked = db
    .select({
      handle: people.handle,
      displayName: people.displayName,
      githubLogin: people.githubLogin,
      country: people.country,
      region: people.region,
      role: memberships.role,
      sortKey: sql<string>`${people.searchKey}`.as('sort_key'),
      rank: sql<number>`row_number() over (partition by ${memberships.role} order by ${people.searchKey}, ${people.handle})`.as('rank'),
      roleTotal: sql<number>`count(*) over (partition by ${memberships.role})`.as('role_total'),
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(eq(memberships.cohortId, cohortId), sql`${memberships.status} <> 'revoked'`))
    .as('ranked')
  const rows = await db
    .select()
    .from(ranked)
    .where(sql`${ranked.role} = 'organizer' or ${ranked.rank} <= ${ambassadorLimit}`)
    .orderBy(asc(ranked.role), asc(ranked.rank))
  const members: PublicMember[] = rows.map(({ sortKey: _s, rank: _r, roleTotal: _t, ...m }) => m)
  const totalOf = (role: PublicMember['role']) => Number(rows.find((r) => r.role === role)?.roleTotal ?? 0)
  return { members, ambassadorTotal: totalOf('ambassador'), organizerTotal: totalOf('organizer') }
}

/** A cohort with its program and community, found by their slugs. */
export async function findCohort(db: Db, communitySlug: string, programSlug: string, cohortSlug: string) {
  const [found] = await db
    .select({ community: communities, program: programs, cohort: cohorts })
    .from(cohorts)
    .innerJoin(programs, eq(programs.id, cohorts.programId))
    .innerJoin(communities, eq(communities.id, programs.communityId))
    .where(and(eq(communities.slug, communitySlug), eq(programs.slug, programSlug), eq(cohorts.slug, cohortSlug)))
  return found
}

/** A cohort found by findCohortByPath, with its program and community. */
export type FoundCohort = Awaited<ReturnType<typeof findCohortByPath>>

/** The cohort named "community/program/cohort" (as the CLI takes it), with its program and community; throws when unknown. */
export async function findCohortByPath(db: Db, path: string) {
  const [communitySlug, programSlug, cohortSlug, extra] = path.split('/')
  if (!communitySlug || !programSlug || !cohortSlug || extra !== undefined) throw new AppError('bad_request', 'Name the cohort as community/program/cohort, e.g. kubesphere/ksap/2023.')
  const found = await findCohort(db, communitySlug, programSlug, cohortSlug)
  if (!found) throw new AppError('not_found', `There is no cohort ${path}.`)
  return found
}
