import { eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { recordAudit } from '../audit/record-audit.ts'
import type { ReviewPhaseInput } from './forms.ts'
import { reviewPhases } from './schema.ts'

/** Stores a cohort's review phase settings (dates and what reviewers may see and change), audited. */
export async function saveReviewPhase(deps: AppDeps, cohortId: string, input: ReviewPhaseInput, actor: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    const [before] = await db.select().from(reviewPhases).where(eq(reviewPhases.cohortId, cohortId)).for('update')
    const values = { ...input, updatedAt: deps.clock() }
    await db.insert(reviewPhases).values({ cohortId, ...values }).onConflictDoUpdate({ target: reviewPhases.cohortId, set: values })
    await recordAudit(db, { actor, action: 'review_phase.save', entity: 'cohort', entityId: cohortId, before: before ?? null, after: input })
  })
}
