import { asc, eq } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { people } from '../people/schema.ts'
import { applications } from './schema.ts'
import type { EligibilityVerdict } from '../eligibility/types.ts'

/** A cohort's applications for the program team: applicant, status, verdict; one query. */
export async function listCohortApplications(db: Db, cohortId: string) {
  const rows = await db
    .select({
      id: applications.id,
      applicant: people.displayName,
      country: applications.country,
      region: applications.region,
      status: applications.status,
      submittedAt: applications.submittedAt,
      exceptionReason: applications.exceptionReason,
      eligibility: applications.eligibility,
      eligibilityOverall: applications.eligibilityOverall,
    })
    .from(applications)
    .innerJoin(people, eq(people.id, applications.personId))
    .where(eq(applications.cohortId, cohortId))
    .orderBy(asc(applications.status), asc(people.searchKey))
  return rows.map((r) => ({ ...r, eligibility: r.eligibility as EligibilityVerdict | null }))
}
