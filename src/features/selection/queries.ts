import { and, eq } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { cohorts, communities, programs } from '../programs/schema.ts'

/** The cohort named "community/program/cohort" (as the CLI takes it), with its program and community; throws when unknown. */
export async function findCohortByPath(db: Db, path: string) {
  const [communitySlug, programSlug, cohortSlug, extra] = path.split('/')
  if (!communitySlug || !programSlug || !cohortSlug || extra !== undefined) throw new AppError('bad_request', 'Name the cohort as community/program/cohort, e.g. kubesphere/ksap/2023.')
  const [found] = await db
    .select({ cohort: cohorts, program: programs, community: communities })
    .from(cohorts)
    .innerJoin(programs, eq(programs.id, cohorts.programId))
    .innerJoin(communities, eq(communities.id, programs.communityId))
    .where(and(eq(communities.slug, communitySlug), eq(programs.slug, programSlug), eq(cohorts.slug, cohortSlug)))
  if (!found) throw new AppError('not_found', `There is no cohort ${path}.`)
  return found
}
