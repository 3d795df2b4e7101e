import { and, eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { t } from '../../ui/i18n.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { declineOffer, emailPromoted } from '../announcements/respond-to-offer.ts'
import { acceptanceOffers, announcements } from '../announcements/schema.ts'
import { selectionDecisions, selections } from '../selection/schema.ts'
import { closeWaitlistGaps } from '../selection/waitlist.ts'
import { applications } from './schema.ts'

/** What a withdrawal changed besides the application. */
export interface Withdrawal {
  /** False when it had been withdrawn already (nothing changed). */
  changed: boolean
  /** The open offer of a seat that the withdrawal declined, if there was one. */
  declinedOfferId: string | null
}

/** The refusal once the applicant has confirmed their place: a term exists, which a withdrawal would not end. */
function confirmedRefusal(): AppError {
  return new AppError('conflict', t('en', 'withdraw.confirmedPlace'), {}, { key: 'withdraw.confirmedPlace' })
}

/**
 * Withdraws an application (kept, marked withdrawn, audited); only its owner, only once: withdrawing it again
 * changes nothing (not the time it was withdrawn, not the audit trail). In the same transaction an open offer
 * of a seat is declined through the offer's own decline path (the seat goes to the next on the waitlist, who is
 * emailed after the commit), and a place on the waitlist is given up, the people behind moving up. Refused once
 * the place was confirmed: the term has started, and only the program's managers end one.
 */
export async function withdrawApplication(deps: AppDeps, applicationId: string, personId: string): Promise<Withdrawal> {
  const now = deps.clock()
  const result = await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    // Before anything else, the cohort's announcement row (if it has one), shared: an announcement running now
    // holds it `for update` from before it reads the withdrawals until it has made its offers, so this waits for
    // it and then finds (and declines) the offer it made; one that starts after waits for this commit and offers
    // nothing. Taken first and alone, it adds no deadlock with respondToOffer or the expiry job (which never take it).
    await db
      .select({ id: announcements.id })
      .from(announcements)
      .where(eq(announcements.cohortId, db.select({ cohortId: applications.cohortId }).from(applications).where(eq(applications.id, applicationId))))
      .for('key share')
    // The offer first, then the application: the order respondToOffer locks them in, so a withdrawal and an
    // answer on the offer page wait for each other instead of deadlocking.
    const [offer] = await db.select().from(acceptanceOffers).where(and(eq(acceptanceOffers.applicationId, applicationId), eq(acceptanceOffers.personId, personId))).for('update')
    const [application] = await db
      .select({ status: applications.status, cohortId: applications.cohortId })
      .from(applications)
      .where(and(eq(applications.id, applicationId), eq(applications.personId, personId)))
      .for('update')
    if (!application) throw new AppError('not_found', 'There is no such application of yours.', {}, { key: 'error.noApplication' })
    if (application.status === 'withdrawn') return { changed: false, declined: undefined }
    if (offer?.status === 'confirmed') throw confirmedRefusal()
    await db.update(applications).set({ status: 'withdrawn', withdrawnAt: now, updatedAt: now }).where(eq(applications.id, applicationId))
    // An offer past its deadline is left to its expiry job (due already), which records it as expired.
    const open = offer?.status === 'pending' && offer.respondBy.getTime() > now.getTime() ? offer : undefined
    const declined = open ? await declineOffer(db, open, now, personId, 'withdrawal') : undefined
    const waitlistPosition = await leaveWaitlist(db, application.cohortId, applicationId)
    await recordAudit(db, { actor: personId, action: 'application.withdraw', entity: 'application', entityId: applicationId, after: { declinedOfferId: open?.id ?? null, leftWaitlistAt: waitlistPosition } })
    return { changed: true, declined }
  })
  if (result.declined) {
    if (result.declined.promoted) await emailPromoted(deps, result.declined.offer.cohortId, result.declined.promoted)
    deps.pageCache.clear()
  }
  return { changed: result.changed, declinedOfferId: result.declined?.offer.id ?? null }
}

/** Takes a withdrawn application off its cohort's waitlist (closing the gap); the place it had, or null. */
async function leaveWaitlist(db: Db, cohortId: string, applicationId: string): Promise<number | null> {
  const [selection] = await db.select({ id: selections.id }).from(selections).where(eq(selections.cohortId, cohortId)).for('update')
  if (!selection) return null
  const [decision] = await db
    .select({ outcome: selectionDecisions.outcome, waitlistPosition: selectionDecisions.waitlistPosition })
    .from(selectionDecisions)
    .where(and(eq(selectionDecisions.selectionId, selection.id), eq(selectionDecisions.applicationId, applicationId)))
  if (decision?.outcome !== 'waitlisted') return null
  await closeWaitlistGaps(db, selection.id)
  return decision.waitlistPosition
}
