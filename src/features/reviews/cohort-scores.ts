import { and, asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { applications } from '../applications/schema.ts'
import { cohortPhases, cohorts, selectionCriteria } from '../programs/schema.ts'
import { aggregateScores, type ApplicationScore } from './aggregate.ts'
import { effectivePhase } from './phase.ts'
import { reviewAssignments, reviewPhases, reviews } from './schema.ts'

export type { ApplicationScore } from './aggregate.ts'

/** The rubric criteria of the program a cohort belongs to, in order. */
export async function cohortCriteria(db: Db, cohortId: string) {
  return db
    .select({ key: selectionCriteria.key, name: selectionCriteria.name, description: selectionCriteria.description, weight: selectionCriteria.weight, scaleMin: selectionCriteria.scaleMin, scaleMax: selectionCriteria.scaleMax })
    .from(selectionCriteria)
    .innerJoin(cohorts, eq(cohorts.programId, selectionCriteria.programId))
    .where(eq(cohorts.id, cohortId))
    .orderBy(asc(selectionCriteria.position))
}

/** The cohort's review phase (stored, or derived from its calendar). */
export async function loadReviewPhase(db: Db, cohortId: string) {
  const [[stored], [calendar]] = await Promise.all([
    db.select().from(reviewPhases).where(eq(reviewPhases.cohortId, cohortId)),
    db.select({ startsAt: cohortPhases.startsAt, endsAt: cohortPhases.endsAt }).from(cohortPhases).where(and(eq(cohortPhases.cohortId, cohortId), eq(cohortPhases.kind, 'review'))).limit(1),
  ])
  return effectivePhase(stored, calendar)
}

/**
 * Aggregated review scores of every submitted application of a cohort (for selection and the managers'
 * table): weighted mean on 0..1, mean per-reviewer z-score, review counts and flags. Four queries whatever
 * the size of the cohort.
 */
export async function cohortScores(db: Db, cohortId: string): Promise<ApplicationScore[]> {
  const [criteria, phase, apps, reviewRows] = await Promise.all([
    cohortCriteria(db, cohortId),
    loadReviewPhase(db, cohortId),
    db
      .select({
        applicationId: applications.id,
        personId: applications.personId,
        assigned: sql<number>`(select count(*)::int from ${reviewAssignments} ra where ra.application_id = ${applications.id} and ra.removed_at is null)`,
      })
      .from(applications)
      .where(and(eq(applications.cohortId, cohortId), eq(applications.status, 'submitted')))
      .orderBy(asc(applications.submittedAt), asc(applications.id)),
    // The cohort's reviews alone, kept to submitted applications below: a join to applications here was planned,
    // on PGlite without statistics, as 5,000 nested re-scans of the cohort index (4.6 s for 15,000 reviews).
    db.select({ applicationId: reviews.applicationId, reviewerId: reviews.reviewerPersonId, scores: reviews.scores }).from(reviews).where(eq(reviews.cohortId, cohortId)),
  ])
  const k = phase?.reviewsPerApplication ?? 2
  const submitted = new Set(apps.map((a) => a.applicationId))
  return aggregateScores(
    criteria,
    apps.map((a) => ({ applicationId: a.applicationId, personId: a.personId, expectedReviews: Math.max(k, Number(a.assigned)) })),
    reviewRows.filter((r) => submitted.has(r.applicationId)),
  )
}
