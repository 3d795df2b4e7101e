import { desc, eq } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { identities } from './schema.ts'
import { applications } from '../applications/schema.ts'
import { cohorts, communities, programs } from '../programs/schema.ts'

/** What the account page shows: the identities and the applications of a person. */
export async function accountOverview(db: Db, personId: string) {
  const [identityRows, applicationRows] = await Promise.all([
    db.select({ provider: identities.provider, login: identities.login, email: identities.email }).from(identities).where(eq(identities.personId, personId)),
    db
      .select({
        id: applications.id,
        status: applications.status,
        updatedAt: applications.updatedAt,
        cohortTitle: cohorts.title,
        programName: programs.name,
        programSlug: programs.slug,
        communitySlug: communities.slug,
      })
      .from(applications)
      .innerJoin(cohorts, eq(cohorts.id, applications.cohortId))
      .innerJoin(programs, eq(programs.id, cohorts.programId))
      .innerJoin(communities, eq(communities.id, programs.communityId))
      .where(eq(applications.personId, personId))
      .orderBy(desc(applications.updatedAt)),
  ])
  return { identities: identityRows, applications: applicationRows }
}
