import { desc, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { contributorIdentities } from '../contributions/schema.ts'
import { identities } from './schema.ts'
import { applications } from '../applications/schema.ts'
import { cohorts, communities, programs } from '../programs/schema.ts'

/**
 * What the account page shows: the sign-in identities, the contributor identities whose contributions count for
 * the person (with how many), and the applications of a person.
 */
export async function accountOverview(db: Db, personId: string) {
  const [identityRows, counted, applicationRows] = await Promise.all([
    db.select({ provider: identities.provider, login: identities.login, email: identities.email }).from(identities).where(eq(identities.personId, personId)),
    db
      .select({
        key: contributorIdentities.key,
        name: contributorIdentities.name,
        contributions: sql<number>`(select count(*) from contributions c where c.identity_id = ${contributorIdentities.id})::int`,
      })
      .from(contributorIdentities)
      .where(eq(contributorIdentities.personId, personId))
      .orderBy(contributorIdentities.key),
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
  return { identities: identityRows, counted: counted.map((c) => ({ ...c, contributions: Number(c.contributions) })), applications: applicationRows }
}
