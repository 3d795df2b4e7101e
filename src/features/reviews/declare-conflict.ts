import { and, eq, isNull } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { t, type Locale } from '../../ui/i18n.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { applications } from '../applications/schema.ts'
import { cohortReviewers, reviewAssignments, reviewConflicts, reviews, type ConflictReason } from './schema.ts'

/**
 * A reviewer declares a conflict with an application: stored, the assignment removed (so automatic
 * assignment never gives it back) and any review of theirs discarded, in one transaction, audited.
 */
export async function declareConflict(
  deps: AppDeps,
  input: { reviewer: string; application: string; reason: ConflictReason; note: string; locale?: Locale },
): Promise<void> {
  const now = deps.clock()
  await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    const [membership] = await db
      .select({ cohortId: applications.cohortId })
      .from(applications)
      .innerJoin(cohortReviewers, and(eq(cohortReviewers.cohortId, applications.cohortId), eq(cohortReviewers.personId, input.reviewer)))
      .where(eq(applications.id, input.application))
    if (!membership) throw new AppError('not_found', t(input.locale ?? 'en', 'review.refused.notAssigned'))
    await db
      .insert(reviewConflicts)
      .values({ applicationId: input.application, reviewerPersonId: input.reviewer, reason: input.reason, note: input.note, createdAt: now })
      .onConflictDoUpdate({ target: [reviewConflicts.applicationId, reviewConflicts.reviewerPersonId], set: { reason: input.reason, note: input.note } })
    await db
      .update(reviewAssignments)
      .set({ removedAt: now })
      .where(and(eq(reviewAssignments.applicationId, input.application), eq(reviewAssignments.reviewerPersonId, input.reviewer), isNull(reviewAssignments.removedAt)))
    const discarded = await db
      .delete(reviews)
      .where(and(eq(reviews.applicationId, input.application), eq(reviews.reviewerPersonId, input.reviewer)))
      .returning({ scores: reviews.scores })
    await recordAudit(db, {
      actor: input.reviewer,
      action: 'review_conflict.declare',
      entity: 'application',
      entityId: input.application,
      before: discarded[0] ? { review: discarded[0] } : null,
      after: { reason: input.reason, note: input.note },
    })
  })
}
