import { eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { t, type MessageKey } from '../../ui/i18n.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { grantRole } from '../accounts/grant-role.ts'
import { startTerm } from '../memberships/start-term.ts'
import { cohorts, programs } from '../programs/schema.ts'
import { applications } from '../applications/schema.ts'
import { announcements, acceptanceOffers, type OfferStatus } from './schema.ts'
import { enqueueJob } from '../../jobs/queue.ts'
import type { JobRun } from '../../jobs/registry.ts'
import { PROMOTED_RESPONSE_DAYS, offerSeats, queueDecisionEmails } from './offers.ts'
import { releaseAndPromote } from './selection-port.ts'

/** How an offer is answered. */
export type OfferAnswer = 'confirm' | 'decline'

/** Who answers: the signed-in applicant, or the reader of the signed email link. */
export interface OfferResponder {
  /** The signed-in person; undefined when the email link's signature was checked instead. */
  personId?: string
  actor: string
}

/** Why an answered offer cannot be answered again, as a catalogue key (pages show it in the reader's language). */
const answeredKey = {
  confirmed: 'offer.already.confirmed',
  declined: 'offer.already.declined',
  expired: 'offer.status.expired',
} as const satisfies Record<Exclude<OfferStatus, 'pending'>, MessageKey>

const answered = (status: Exclude<OfferStatus, 'pending'>) => new AppError('conflict', t('en', answeredKey[status]), {}, { key: answeredKey[status] })

/**
 * Confirms or declines a seat, once, before its deadline, in one transaction. Confirming starts the membership
 * with the cohort's term and grants the ambassador role; declining frees the seat for the next on the waitlist,
 * who is offered it and emailed (after the transaction). Answering the same way twice is harmless (a double
 * click); changing one's answer is refused.
 */
export async function respondToOffer(deps: AppDeps, offerId: string, answer: OfferAnswer, responder: OfferResponder) {
  const now = deps.clock()
  const result = await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    const [offer] = await db.select().from(acceptanceOffers).where(eq(acceptanceOffers.id, offerId)).for('update')
    if (!offer || (responder.personId !== undefined && offer.personId !== responder.personId)) throw new AppError('not_found', 'There is no such offer of yours.', {}, { key: 'error.noOffer' })
    if (offer.status !== 'pending') {
      if ((offer.status === 'confirmed' && answer === 'confirm') || (offer.status === 'declined' && answer === 'decline')) return { offer, promoted: undefined, repeated: true }
      throw answered(offer.status)
    }
    if (offer.respondBy.getTime() <= now.getTime()) throw answered('expired')
    if (answer === 'confirm') {
      // Someone who withdrew their application since the offer was made cannot take the seat (they may still decline it).
      const [application] = await db.select({ status: applications.status }).from(applications).where(eq(applications.id, offer.applicationId))
      if (application?.status === 'withdrawn') throw new AppError('conflict', t('en', 'offer.withdrawn'), {}, { key: 'offer.withdrawn' })
      const term = await startTerm(db, { personId: offer.personId, cohortId: offer.cohortId, now, actor: responder.actor })
      const [community] = await db.select({ id: programs.communityId }).from(cohorts).innerJoin(programs, eq(programs.id, cohorts.programId)).where(eq(cohorts.id, offer.cohortId))
      await grantRole(db, offer.personId, 'ambassador', community!.id, responder.actor)
      const [updated] = await db.update(acceptanceOffers).set({ status: 'confirmed', respondedAt: now, membershipId: term.membershipId }).where(eq(acceptanceOffers.id, offer.id)).returning()
      await recordAudit(db, { actor: responder.actor, action: 'offer.confirm', entity: 'acceptance_offer', entityId: offer.id, after: { membershipId: term.membershipId } })
      return { offer: updated!, promoted: undefined, repeated: false }
    }
    return { ...(await declineOffer(db, offer, now, responder.actor)), repeated: false }
  })
  // Sent at once when possible; the job enqueued with the promotion is the safety net.
  if (result.promoted) await emailPromoted(deps, result.offer.cohortId, result.promoted)
  if (!result.repeated) deps.pageCache.clear()
  return result
}

/** An offer as read (and locked) from acceptance_offers. */
type OfferRow = typeof acceptanceOffers.$inferSelect

/**
 * Declines an open offer that the caller has locked (`for update`) in its transaction `db`: the offer is closed,
 * its seat goes to the next on the waitlist (offered, the email queued as a job), audited. The one decline path,
 * for an answer on the offer page and for a withdrawn application (`via: 'withdrawal'`, kept in the audit entry).
 * The caller emails the promoted applicant after the commit (emailPromoted) and clears the page cache.
 */
export async function declineOffer(db: Db, offer: OfferRow, now: Date, actor: string, via: 'answer' | 'withdrawal' = 'answer') {
  const [updated] = await db.update(acceptanceOffers).set({ status: 'declined', respondedAt: now }).where(eq(acceptanceOffers.id, offer.id)).returning()
  const promoted = await promoteAfter(db, offer, now, actor)
  await recordAudit(db, { actor, action: 'offer.decline', entity: 'acceptance_offer', entityId: offer.id, after: { promotedApplicationId: promoted?.applicationId ?? null, ...(via === 'withdrawal' ? { via } : {}) } })
  return { offer: updated!, promoted }
}

/** A seat freed by `offer`: the next waitlisted applicant gets an offer (with at least PROMOTED_RESPONSE_DAYS to answer). */
export async function promoteAfter(db: Db, offer: { cohortId: string; applicationId: string }, now: Date, actor: string) {
  const next = await releaseAndPromote(db, offer.cohortId, offer.applicationId, actor)
  if (!next) return undefined
  const [announcement] = await db.select({ respondBy: announcements.respondBy }).from(announcements).where(eq(announcements.cohortId, offer.cohortId))
  const minimum = now.getTime() + PROMOTED_RESPONSE_DAYS * 86_400_000
  const respondBy = new Date(Math.max(minimum, announcement?.respondBy.getTime() ?? 0))
  const offers = await offerSeats(db, offer.cohortId, [next], { respondBy, now, origin: 'waitlist' })
  const made = offers.get(next.applicationId)!
  // The email is a job too, so a crash right after the commit still sends it.
  await enqueueJob(db, { kind: OFFER_EMAIL_JOB, key: `offer-email:${made.id}`, payload: { cohortId: offer.cohortId, applicationId: next.applicationId, offerId: made.id } })
  return { ...next, offer: made }
}

/** The job that emails a promoted applicant their offer. */
export const OFFER_EMAIL_JOB = 'acceptance-offer-email'

/** Sends the offer email of the job's payload (the outbox key makes a repeat a no-op). */
export async function offerEmailJob(deps: AppDeps, job: JobRun): Promise<void> {
  const offerId = String(job.payload.offerId ?? '')
  const [offer] = await deps.db.select().from(acceptanceOffers).where(eq(acceptanceOffers.id, offerId))
  if (!offer) return
  await emailPromoted(deps, offer.cohortId, { applicationId: offer.applicationId, offer: { id: offer.id, respondBy: offer.respondBy } })
}

/** Emails the applicant promoted from the waitlist their offer (once, key `offer:<applicationId>`). */
export async function emailPromoted(deps: AppDeps, cohortId: string, promoted: { applicationId: string; offer: { id: string; respondBy: Date } }) {
  const [names] = await deps.db
    .select({ programId: programs.id, program: programs.name, cohort: cohorts.title, timeZone: cohorts.timeZone })
    .from(cohorts)
    .innerJoin(programs, eq(programs.id, cohorts.programId))
    .where(eq(cohorts.id, cohortId))
  await queueDecisionEmails(deps, { cohortId, ...names! }, [{ applicationId: promoted.applicationId, kind: 'promoted', offer: promoted.offer }], 'offer')
}
