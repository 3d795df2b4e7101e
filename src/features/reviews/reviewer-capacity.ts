import { and, eq } from 'drizzle-orm'
import { z } from 'zod'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { t } from '../../ui/i18n.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { isUuid } from '../../lib/ids.ts'
import { cohortReviewers } from './schema.ts'

const notReviewer = () => new AppError('not_found', 'This person is not a reviewer of this cohort; invite them first.')

/** The most assignments a capacity may allow (a bound on typing mistakes, far above any real load). */
export const MAX_CAPACITY = 100_000

const invalid = t('en', 'review.capacity.invalid')

/**
 * A reviewer's capacity as the form (text, empty for no limit) or the JSON API (a number or null) sends it.
 */
export const capacityValue = z.union([
  z.null(),
  z.literal('').transform(() => null),
  z
    .union([z.number(), z.string().trim().regex(/^\d+$/, invalid).transform(Number)])
    .pipe(z.number(invalid).int(invalid).min(0, invalid).max(MAX_CAPACITY, invalid)),
], invalid)

/**
 * The manager's form on the reviewers table: which reviewer (any text: an id that names no reviewer of the
 * cohort is a 404 from setReviewerCapacity, not a message about the number), and their capacity.
 */
export const reviewerCapacityInput = z.object({ reviewerId: z.string().default(''), maxAssignments: capacityValue })

/**
 * Sets how many assignments a cohort's reviewer may have at most (null: unlimited). Automatic assignment
 * never goes past it; existing assignments stay even when the new capacity is lower. Audited.
 */
export async function setReviewerCapacity(deps: AppDeps, change: { cohortId: string; reviewerPersonId: string; maxAssignments: number | null; actor: string }): Promise<void> {
  if (!isUuid(change.reviewerPersonId)) throw notReviewer()
  await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    const [before] = await db
      .select({ capacity: cohortReviewers.maxAssignments })
      .from(cohortReviewers)
      .where(and(eq(cohortReviewers.cohortId, change.cohortId), eq(cohortReviewers.personId, change.reviewerPersonId)))
      .for('update')
    if (!before) throw notReviewer()
    await db
      .update(cohortReviewers)
      .set({ maxAssignments: change.maxAssignments })
      .where(and(eq(cohortReviewers.cohortId, change.cohortId), eq(cohortReviewers.personId, change.reviewerPersonId)))
    await recordAudit(db, {
      actor: change.actor,
      action: 'review_reviewer.capacity',
      entity: 'cohort',
      entityId: change.cohortId,
      before: { reviewer: change.reviewerPersonId, maxAssignments: before.capacity },
      after: { reviewer: change.reviewerPersonId, maxAssignments: change.maxAssignments },
    })
  })
}
