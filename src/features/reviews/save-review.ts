import { and, eq, isNull } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { t, type Locale } from '../../ui/i18n.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { applications } from '../applications/schema.ts'
import { cohortCriteria, loadReviewPhase } from './cohort-scores.ts'
import { pairKey } from './conflicts.ts'
import { describeConflict, findConflicts } from './find-conflict.ts'
import { describePhase, phaseState } from './phase.ts'
import { reviewAssignments, reviews } from './schema.ts'
import { validateScores } from './validate-scores.ts'

/** What a reviewer sends: the one write path of the review form and the JSON API. */
export interface SaveReviewInput {
  /** The reviewer's person id. */
  reviewer: string
  /** The application's id. */
  application: string
  /** Score per criterion key. */
  scores: Record<string, number>
  privateComment: string
  feedbackToApplicant: string
  locale?: Locale
}

const sameScores = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v)

/**
 * Creates or updates a reviewer's review of an application, in one transaction, audited. Refused (nothing
 * written) when the application is not assigned to the reviewer, when they are conflicted with it (declared
 * or detected), outside the review phase, when a score is missing, unknown or off its criterion's scale, and
 * when the phase forbids changing scores already saved.
 */
export async function saveReview(deps: AppDeps, input: SaveReviewInput): Promise<{ id: string; created: boolean }> {
  const locale = input.locale ?? 'en'
  const [application] = await deps.db
    .select({ id: applications.id, cohortId: applications.cohortId, status: applications.status })
    .from(applications)
    .where(eq(applications.id, input.application))
  if (!application || application.status !== 'submitted') throw new AppError('not_found', t(locale, 'review.refused.notAssigned'))
  const [conflicts, phase, criteria, [assignment]] = await Promise.all([
    findConflicts(deps.db, application.cohortId, [input.reviewer], [application.id]),
    loadReviewPhase(deps.db, application.cohortId),
    cohortCriteria(deps.db, application.cohortId),
    deps.db
      .select({ id: reviewAssignments.id })
      .from(reviewAssignments)
      .where(and(eq(reviewAssignments.applicationId, application.id), eq(reviewAssignments.reviewerPersonId, input.reviewer), isNull(reviewAssignments.removedAt))),
  ])
  const conflict = conflicts.get(pairKey(input.reviewer, application.id))
  if (conflict) throw new AppError('forbidden', t(locale, 'review.refused.conflicted', { reason: describeConflict(conflict, locale) }))
  // As the review page: an application not assigned to the caller is not found (404), for managers too.
  if (!assignment) throw new AppError('not_found', t(locale, 'review.refused.notAssigned'))
  const now = deps.clock()
  if (phaseState(phase, now) !== 'open') throw new AppError('conflict', t(locale, 'review.refused.notOpen', { phase: describePhase(phase, now, locale) }))
  const errors = validateScores(criteria, input.scores, locale)
  if (Object.keys(errors).length) throw new AppError('validation', t(locale, 'review.fixErrors'), errors)

  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    const [existing] = await db
      .select()
      .from(reviews)
      .where(and(eq(reviews.applicationId, application.id), eq(reviews.reviewerPersonId, input.reviewer)))
      .for('update')
    if (existing && !phase!.scoresChangeable && !sameScores(existing.scores, input.scores)) throw new AppError('conflict', t(locale, 'review.refused.locked'))
    const fields = { scores: input.scores, privateComment: input.privateComment, feedbackToApplicant: input.feedbackToApplicant, updatedAt: now }
    let id: string
    if (existing) {
      await db.update(reviews).set(fields).where(eq(reviews.id, existing.id))
      id = existing.id
    } else {
      const [created] = await db
        .insert(reviews)
        .values({ ...fields, cohortId: application.cohortId, applicationId: application.id, reviewerPersonId: input.reviewer, createdAt: now })
        .onConflictDoUpdate({ target: [reviews.applicationId, reviews.reviewerPersonId], set: fields })
        .returning({ id: reviews.id })
      id = created!.id
    }
    await recordAudit(db, {
      actor: input.reviewer,
      action: existing ? 'review.update' : 'review.create',
      entity: 'application',
      entityId: application.id,
      before: existing ? { scores: existing.scores } : null,
      after: { scores: input.scores, review: id },
    })
    return { id, created: !existing }
  })
}
