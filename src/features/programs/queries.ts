import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
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

/** Everything the public program page shows, for one cohort (the newest when `cohortSlug` is not given). */
export async function getProgramPage(db: Db, communitySlug: string, programSlug: string, cohortSlug?: string) {
  const [found] = await db
    .select({ community: communities, program: programs })
    .from(programs)
    .innerJoin(communities, eq(communities.id, programs.communityId))
    .where(and(eq(communities.slug, communitySlug), eq(programs.slug, programSlug)))
    .limit(1)
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

  const [phases, members] = cohort
    ? await Promise.all([
        db.select().from(cohortPhases).where(eq(cohortPhases.cohortId, cohort.id)).orderBy(asc(cohortPhases.position)),
        listCohortMembers(db, [cohort.id]),
      ])
    : [[], []]

  return {
    community,
    program,
    requirements: requirementRows,
    questions: questionRows,
    criteria: criterionRows,
    cohorts: cohortRows,
    cohort,
    phases,
    members,
    missingCohort: undefined,
  } as const
}

/** Public members of the given cohorts, organisers first, then by name. */
export async function listCohortMembers(db: Db, cohortIds: string[]): Promise<PublicMember[]> {
  if (cohortIds.length === 0) return []
  return db
    .select({
      handle: people.handle,
      displayName: people.displayName,
      githubLogin: people.githubLogin,
      country: people.country,
      region: people.region,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(inArray(memberships.cohortId, cohortIds), sql`${memberships.status} <> 'revoked'`))
    .orderBy(desc(memberships.role), asc(people.searchKey))
}
