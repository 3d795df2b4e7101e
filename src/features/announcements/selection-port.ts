/**
 * What the announcement needs from selection, in one place: the cohort's decisions, locking them, and moving the
 * next waitlisted applicant to a freed seat, closing the waitlist's gaps. Everything else in this feature goes through these functions.
 */
import type { Db } from '../../db/client.ts'
import { cohortDecisions, findSelection, lockSelection, promoteNextWaitlisted } from '../selection/decisions.ts'
import { closeWaitlistGaps } from '../selection/waitlist.ts'

/** One applicant's decision as the announcement reads it. */
export interface AnnouncedDecision {
  applicationId: string
  personId: string
  outcome: 'selected' | 'waitlisted' | 'not_selected'
  waitlistPosition: number | null
  /** A selected applicant whose seat was freed (declined, or did not answer). */
  released: boolean
}

/** The decisions of a cohort's selection (one per submitted application). */
export async function decisionsOf(db: Db, cohortId: string): Promise<AnnouncedDecision[]> {
  const rows = await cohortDecisions(db, cohortId)
  return rows.map((d) => ({ applicationId: d.applicationId, personId: d.personId, outcome: d.outcome, waitlistPosition: d.waitlistPosition, released: d.releasedAt !== null }))
}

/** Locks the cohort's decisions (no more runs or overrides); throws AppError when there is nothing to lock. */
export async function lockDecisions(tx: Db, cohortId: string, actorPersonId: string | null): Promise<void> {
  await lockSelection(tx, cohortId, actorPersonId ?? 'system')
}

/**
 * Frees the seat of a selected applicant who declined or did not answer, and gives it to the next waitlisted
 * applicant; undefined when the waitlist is empty.
 */
export async function releaseAndPromote(tx: Db, cohortId: string, releasedApplicationId: string, actor: string): Promise<{ applicationId: string; personId: string } | undefined> {
  const promoted = await promoteNextWaitlisted(tx, cohortId, { releasedApplicationId, actor })
  return promoted ? { applicationId: promoted.applicationId, personId: promoted.personId } : undefined
}

/** Numbers the cohort's waitlist 1, 2, 3… again, without those who withdrew (a no-op when it has no gaps). */
export async function closeGapsInWaitlist(tx: Db, cohortId: string): Promise<void> {
  const selection = await findSelection(tx, cohortId)
  if (selection) await closeWaitlistGaps(tx, selection.id)
}
