import { isUuid } from '../../lib/ids.ts'
import { and, count, eq, isNull, max } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { applications } from '../applications/schema.ts'
import { lockedRefusal } from './decisions.ts'
import { closeWaitlistGaps } from './waitlist.ts'
import { overrideInput, writtenReason } from './forms.ts'
import { selectionDecisions, selectionExceptions, selections, type SelectionOutcome } from './schema.ts'

/** Field messages of a refused override or exception. */
function reasonRequired(message: string): AppError {
  return new AppError('validation', 'The decision was not changed: a written reason is required.', { reason: message })
}

/** The refusal of a "selected" override when the run's seats are all taken. */
function seatsFull(seats: number): AppError {
  const message = `All ${seats} ${seats === 1 ? 'seat is' : 'seats are'} taken: first move a selected applicant to the waitlist or to not selected, or run the selection again with more seats.`
  return new AppError('validation', `The decision was not changed. ${message}`, { outcome: message })
}

/** The cohort's draft selection, locked for the transaction; refuses a locked one or a missing one. */
async function draftSelection(tx: Db, cohortId: string) {
  const [row] = await tx.select().from(selections).where(eq(selections.cohortId, cohortId)).for('update')
  if (!row) throw new AppError('conflict', 'Selection has not been run for this cohort yet: run it first, then override decisions.')
  if (row.status === 'locked') throw await lockedRefusal(tx, cohortId, row.lockedAt!)
  return row
}

/**
 * A committee member sets one applicant's outcome by hand, with a written reason (required). Audited with the
 * decision before and after; later runs keep it. Refused once the selection is locked, and "selected" is
 * refused while every seat of the run is taken (someone must make room first).
 */
export async function overrideDecision(db: Db, cohortId: string, applicationId: string, input: { outcome: string; reason: string }, actor: string): Promise<void> {
  const parsed = overrideInput.safeParse(input)
  if (!parsed.success) {
    const reasonIssue = parsed.error.issues.find((i) => i.path[0] === 'reason')
    if (reasonIssue) throw reasonRequired(reasonIssue.message)
    throw new AppError('validation', 'The decision was not changed: choose selected, waitlisted or not selected.', { outcome: 'Choose selected, waitlisted or not selected.' })
  }
  const { outcome, reason } = parsed.data
  if (!isUuid(applicationId)) throw new AppError('not_found', 'This application has no decision in the current selection (only submitted applications are decided).')
  await db.transaction(async (tx) => {
    const selection = await draftSelection(tx, cohortId)
    const [decision] = await tx.select().from(selectionDecisions).where(and(eq(selectionDecisions.selectionId, selection.id), eq(selectionDecisions.applicationId, applicationId)))
    if (!decision) throw new AppError('not_found', 'This application has no decision in the current selection (only submitted applications are decided).')
    if (outcome === 'selected' && decision.outcome !== 'selected') {
      // An override takes one of the run's seats; it never adds one (docs/decisions/0019: overrides may exceed
      // a group's cap, not the seats).
      const [taken] = await tx
        .select({ n: count() })
        .from(selectionDecisions)
        .where(and(eq(selectionDecisions.selectionId, selection.id), eq(selectionDecisions.outcome, 'selected'), isNull(selectionDecisions.releasedAt)))
      if ((taken?.n ?? 0) >= selection.seats) throw seatsFull(selection.seats)
    }
    let waitlistPosition: number | null = null
    if (outcome === 'waitlisted') {
      const [last] = await tx.select({ n: max(selectionDecisions.waitlistPosition) }).from(selectionDecisions).where(eq(selectionDecisions.selectionId, selection.id))
      waitlistPosition = decision.outcome === 'waitlisted' ? decision.waitlistPosition : (last?.n ?? 0) + 1
    }
    const explanation = { code: 'override' as const, outcome: outcome as SelectionOutcome, reason }
    await tx
      .update(selectionDecisions)
      .set({ outcome, waitlistPosition, explanation, overrideReason: reason, overriddenBy: actor, overriddenAt: new Date() })
      .where(eq(selectionDecisions.id, decision.id))
    // Taken off the waitlist (or put at its end): the others keep 1, 2, 3… without a gap.
    if (decision.outcome === 'waitlisted' || outcome === 'waitlisted') await closeWaitlistGaps(tx, selection.id)
    await recordAudit(tx, {
      actor,
      action: 'selection.override',
      entity: 'application',
      entityId: applicationId,
      before: { outcome: decision.outcome, waitlistPosition: decision.waitlistPosition, explanation: decision.explanation },
      after: { outcome, waitlistPosition, reason },
    })
  })
}

/**
 * Lets an applicant below the eligibility bar into the selection (the next run considers them), with a written
 * reason; audited. Refused once the selection is locked.
 */
export async function grantException(db: Db, cohortId: string, applicationId: string, reason: string, actor: string): Promise<void> {
  const parsed = writtenReason.safeParse(reason)
  if (!parsed.success) throw reasonRequired(parsed.error.issues[0]!.message)
  if (!isUuid(applicationId)) throw new AppError('not_found', 'There is no such application in this cohort.')
  await db.transaction(async (tx) => {
    const [selection] = await tx.select().from(selections).where(eq(selections.cohortId, cohortId)).for('update')
    if (selection?.status === 'locked') throw await lockedRefusal(tx, cohortId, selection.lockedAt!)
    const [application] = await tx.select({ id: applications.id }).from(applications).where(and(eq(applications.id, applicationId), eq(applications.cohortId, cohortId)))
    if (!application) throw new AppError('not_found', 'There is no such application in this cohort.')
    const inserted = await tx.insert(selectionExceptions).values({ cohortId, applicationId, reason: parsed.data, grantedBy: actor }).onConflictDoNothing().returning({ id: selectionExceptions.id })
    if (inserted.length) await recordAudit(tx, { actor, action: 'selection.exception', entity: 'application', entityId: applicationId, after: { reason: parsed.data } })
  })
}
