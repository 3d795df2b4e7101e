import { inArray } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { applications } from '../applications/schema.ts'

/**
 * Clears what an applicant wrote and linked (answers, links, free text, exception reason, country, the
 * eligibility reasons that quote their evidence) and keeps what statistics need: cohort, status, region,
 * the overall verdict. Used by account erasure and by the retention job.
 */
export async function anonymiseApplications(tx: Db, applicationIds: string[]): Promise<number> {
  if (!applicationIds.length) return 0
  const rows = await tx
    .update(applications)
    .set({ answers: {}, links: {}, freeForm: {}, exceptionReason: null, country: null, eligibility: null })
    .where(inArray(applications.id, applicationIds))
    .returning({ id: applications.id })
  return rows.length
}
