import { eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import type { JobRun } from '../../jobs/registry.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { emailPromoted, promoteAfter } from './respond-to-offer.ts'
import { acceptanceOffers } from './schema.ts'

/**
 * Expires an offer nobody answered by its deadline and offers the seat to the next on the waitlist, in one
 * transaction (the row lock makes a concurrent confirmation and the expiry exclusive). Does nothing for an
 * answered offer or one whose deadline has not come (a job run early), so it is safe to run again.
 */
export async function expireOffer(deps: AppDeps, offerId: string): Promise<'expired' | 'unchanged'> {
  const now = deps.clock()
  const result = await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    const [offer] = await db.select().from(acceptanceOffers).where(eq(acceptanceOffers.id, offerId)).for('update')
    if (!offer || offer.status !== 'pending' || offer.respondBy.getTime() > now.getTime()) return undefined
    await db.update(acceptanceOffers).set({ status: 'expired', respondedAt: now }).where(eq(acceptanceOffers.id, offer.id))
    const promoted = await promoteAfter(db, offer, now, 'system')
    await recordAudit(db, { actor: 'system', action: 'offer.expire', entity: 'acceptance_offer', entityId: offer.id, after: { promotedApplicationId: promoted?.applicationId ?? null } })
    return { offer, promoted }
  })
  if (!result) return 'unchanged'
  if (result.promoted) await emailPromoted(deps, result.offer.cohortId, result.promoted)
  deps.pageCache.clear()
  return 'expired'
}

/** The offer-expiry job, due at the offer's deadline. */
export async function expireOfferJob(deps: AppDeps, job: JobRun): Promise<void> {
  await expireOffer(deps, String(job.payload.offerId ?? ''))
}
