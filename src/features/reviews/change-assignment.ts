import { and, count, eq, isNull, ne } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { applications } from '../applications/schema.ts'
import { people } from '../people/schema.ts'
import { t as translate, type Locale } from '../../ui/i18n.ts'
import { pairKey } from './conflicts.ts'
import { describeConflict, findConflicts } from './find-conflict.ts'
import { cohortReviewers, reviewAssignments, reviews } from './schema.ts'

/** A manual change to one assignment by a program manager. */
export interface AssignmentChange {
  cohortId: string
  applicationId: string
  reviewerPersonId: string
  actor: string
  /** Why, for the audit log (optional). */
  reason?: string
  /** Adding: the manager confirmed assigning past the reviewer's capacity. */
  beyondCapacity?: boolean
  /** Language of the refusal messages. */
  locale?: Locale
}

async function checkPair(db: Db, change: AssignmentChange) {
  const [[application], [reviewer]] = await Promise.all([
    db.select({ status: applications.status }).from(applications).where(and(eq(applications.id, change.applicationId), eq(applications.cohortId, change.cohortId))),
    db.select({ id: cohortReviewers.id }).from(cohortReviewers).where(and(eq(cohortReviewers.cohortId, change.cohortId), eq(cohortReviewers.personId, change.reviewerPersonId))),
  ])
  if (!application) throw new AppError('not_found', 'There is no such application in this cohort.')
  if (!reviewer) throw new AppError('not_found', 'This person is not a reviewer of this cohort; invite them first.')
  return application
}

/** Assigns a reviewer by hand (or restores a removed assignment); refused for a conflicted pair; audited. */
export async function addAssignment(deps: AppDeps, change: AssignmentChange): Promise<void> {
  const application = await checkPair(deps.db, change)
  if (application.status !== 'submitted') throw new AppError('conflict', 'Only submitted applications are reviewed.')
  const conflict = (await findConflicts(deps.db, change.cohortId, [change.reviewerPersonId], [change.applicationId])).get(pairKey(change.reviewerPersonId, change.applicationId))
  if (conflict) throw new AppError('conflict', translate(change.locale ?? 'en', 'reviewAdmin.error.conflictOfInterest', { conflict: describeConflict(conflict, change.locale ?? 'en') }))
  await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    // The reviewer's row locked: two managers' additions cannot both slip under the capacity.
    const [reviewer] = await db
      .select({ capacity: cohortReviewers.maxAssignments, name: people.displayName })
      .from(cohortReviewers)
      .innerJoin(people, eq(people.id, cohortReviewers.personId))
      .where(and(eq(cohortReviewers.cohortId, change.cohortId), eq(cohortReviewers.personId, change.reviewerPersonId)))
      .for('update', { of: cohortReviewers })
    let overCapacity: { count: number; max: number } | undefined
    if (reviewer && reviewer.capacity !== null) {
      const [{ n } = { n: 0 }] = await db
        .select({ n: count() })
        .from(reviewAssignments)
        .where(and(eq(reviewAssignments.cohortId, change.cohortId), eq(reviewAssignments.reviewerPersonId, change.reviewerPersonId), isNull(reviewAssignments.removedAt), ne(reviewAssignments.applicationId, change.applicationId)))
      if (n >= reviewer.capacity) overCapacity = { count: n, max: reviewer.capacity }
    }
    if (overCapacity && !change.beyondCapacity) {
      throw new AppError('conflict', translate(change.locale ?? 'en', 'review.capacity.refused', { reviewer: reviewer!.name, count: overCapacity.count, max: overCapacity.max }))
    }
    await db
      .insert(reviewAssignments)
      .values({ cohortId: change.cohortId, applicationId: change.applicationId, reviewerPersonId: change.reviewerPersonId, source: 'manual', createdAt: deps.clock() })
      .onConflictDoUpdate({ target: [reviewAssignments.applicationId, reviewAssignments.reviewerPersonId], set: { removedAt: null, source: 'manual' } })
    await recordAudit(db, { actor: change.actor, action: 'review_assignment.add', entity: 'application', entityId: change.applicationId, after: { reviewer: change.reviewerPersonId, reason: change.reason ?? '', ...(overCapacity ? { beyondCapacity: overCapacity } : {}) } })
  })
}

/**
 * Removes an assignment by hand: kept as removed (automatic runs do not give it back), the reviewer's review
 * of it discarded (its scores go to the audit log), in one transaction.
 */
export async function removeAssignment(deps: AppDeps, change: AssignmentChange): Promise<void> {
  await checkPair(deps.db, change)
  await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    const removed = await db
      .update(reviewAssignments)
      .set({ removedAt: deps.clock() })
      .where(and(eq(reviewAssignments.applicationId, change.applicationId), eq(reviewAssignments.reviewerPersonId, change.reviewerPersonId), isNull(reviewAssignments.removedAt)))
      .returning({ id: reviewAssignments.id })
    if (!removed.length) throw new AppError('not_found', 'This reviewer is not assigned to this application.')
    const discarded = await db
      .delete(reviews)
      .where(and(eq(reviews.applicationId, change.applicationId), eq(reviews.reviewerPersonId, change.reviewerPersonId)))
      .returning({ scores: reviews.scores })
    await recordAudit(db, {
      actor: change.actor,
      action: 'review_assignment.remove',
      entity: 'application',
      entityId: change.applicationId,
      before: { reviewer: change.reviewerPersonId, review: discarded[0] ?? null },
      after: { reason: change.reason ?? '' },
    })
  })
}
