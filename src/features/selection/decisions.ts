import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import type { Locale } from '../../ui/i18n.ts'
import { t } from '../../ui/i18n.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { applications } from '../applications/schema.ts'
import { people } from '../people/schema.ts'
import { cohorts } from '../programs/schema.ts'
import { capReached, groupCounts } from './decide.ts'
import { explainBoth } from './explain.ts'
import { resolveCaps } from './optimise.ts'
import { selectionDecisions, selections, type SelectionOutcome } from './schema.ts'
import type { Candidate, Explanation } from './types.ts'
import { closeWaitlistGaps } from './waitlist.ts'

/** One applicant's decision, as the announcement, the pages, the API and the CLI read it. */
export interface CohortDecision {
  applicationId: string
  personId: string
  displayName: string
  outcome: SelectionOutcome
  rank: number | null
  waitlistPosition: number | null
  score: number | null
  explanation: Explanation
  /** The explanation in every language of the site. */
  explanationText: Record<Locale, string>
  overrideReason: string | null
  overriddenBy: string | null
  /** The applicant withdrew their application since the selection ran. */
  withdrawn: boolean
  releasedAt: Date | null
  promotedAt: Date | null
}

/** The cohort's selection row, if selection ever ran. */
export async function findSelection(db: Db, cohortId: string) {
  const [row] = await db.select().from(selections).where(eq(selections.cohortId, cohortId))
  return row
}

/** The refusal every write meets once the selection is locked. */
export async function lockedRefusal(db: Db, cohortId: string, lockedAt: Date): Promise<AppError> {
  const [cohort] = await db.select({ title: cohorts.title }).from(cohorts).where(eq(cohorts.id, cohortId))
  return new AppError('conflict', t('en', 'selection.locked', { cohort: cohort?.title ?? 'this cohort', at: lockedAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' }))
}

const outcomeOrder = sql`case ${selectionDecisions.outcome} when 'selected' then 0 when 'waitlisted' then 1 else 2 end`

/**
 * The decisions of a cohort's selection — selected by rank, then the waitlist in order, then the others —
 * or an empty list when selection has not run. Two queries.
 */
export async function cohortDecisions(db: Db, cohortId: string): Promise<CohortDecision[]> {
  const selection = await findSelection(db, cohortId)
  if (!selection) return []
  const rows = await db
    .select({ d: selectionDecisions, displayName: people.displayName, status: applications.status })
    .from(selectionDecisions)
    .innerJoin(people, eq(people.id, selectionDecisions.personId))
    .innerJoin(applications, eq(applications.id, selectionDecisions.applicationId))
    .where(eq(selectionDecisions.selectionId, selection.id))
    .orderBy(outcomeOrder, asc(selectionDecisions.waitlistPosition), sql`${selectionDecisions.rank} asc nulls last`, asc(people.searchKey))
  return rows.map(({ d, displayName, status }) => ({
    applicationId: d.applicationId,
    personId: d.personId,
    displayName,
    outcome: d.outcome,
    rank: d.rank,
    waitlistPosition: d.waitlistPosition,
    score: d.score,
    explanation: d.explanation,
    explanationText: explainBoth(d.explanation),
    overrideReason: d.overrideReason,
    overriddenBy: d.overriddenBy,
    withdrawn: status === 'withdrawn',
    releasedAt: d.releasedAt,
    promotedAt: d.promotedAt,
  }))
}

/** The selection row locked for the rest of the transaction; throws when selection never ran. */
async function selectionForUpdate(tx: Db, cohortId: string) {
  const [row] = await tx.select().from(selections).where(eq(selections.cohortId, cohortId)).for('update')
  if (!row) throw new AppError('conflict', 'Selection has not been run for this cohort: run it (and check the result) before scheduling the announcement.')
  return row
}

/**
 * Locks the cohort's selection (called inside the "schedule announcement" transaction): afterwards selection
 * runs and overrides are refused. Throws AppError (409) when selection never ran or is already locked.
 */
export async function lockSelection(tx: Db, cohortId: string, actorPersonId: string): Promise<void> {
  const row = await selectionForUpdate(tx, cohortId)
  if (row.status === 'locked') throw await lockedRefusal(tx, cohortId, row.lockedAt!)
  await tx.update(selections).set({ status: 'locked', lockedAt: sql`now()`, lockedBy: actorPersonId }).where(eq(selections.id, row.id))
  await recordAudit(tx, { actor: actorPersonId, action: 'selection.lock', entity: 'selection', entityId: row.id, before: { status: 'draft' }, after: { status: 'locked' } })
}

/** Frees the seat of a selected applicant who declined or let the offer lapse; idempotent. */
export async function releaseSeat(tx: Db, cohortId: string, applicationId: string, actor = 'system'): Promise<void> {
  const row = await selectionForUpdate(tx, cohortId)
  const released = await tx
    .update(selectionDecisions)
    .set({ releasedAt: sql`now()` })
    .where(and(eq(selectionDecisions.selectionId, row.id), eq(selectionDecisions.applicationId, applicationId), eq(selectionDecisions.outcome, 'selected'), isNull(selectionDecisions.releasedAt)))
    .returning({ id: selectionDecisions.id })
  if (released.length) await recordAudit(tx, { actor, action: 'selection.release', entity: 'application', entityId: applicationId, after: { released: true } })
}

/**
 * Gives a free seat to the first waitlisted applicant whose region, country and employer still fit the run's
 * caps and who has not withdrawn their application since, and returns them; null when every seat is taken or nobody on the waitlist fits. Pass the applicant who
 * declined as `releasedApplicationId` to free their seat in the same call.
 */
export async function promoteNextWaitlisted(tx: Db, cohortId: string, options: { releasedApplicationId?: string; actor?: string } = {}): Promise<{ applicationId: string; personId: string } | null> {
  const actor = options.actor ?? 'system'
  if (options.releasedApplicationId) await releaseSeat(tx, cohortId, options.releasedApplicationId, actor)
  const selection = await selectionForUpdate(tx, cohortId)
  const rows = await tx
    .select({ d: selectionDecisions, status: applications.status })
    .from(selectionDecisions)
    .innerJoin(applications, eq(applications.id, selectionDecisions.applicationId))
    .where(eq(selectionDecisions.selectionId, selection.id))
    .orderBy(asc(selectionDecisions.waitlistPosition))
    .then((found) => found.map(({ d, status }) => ({ ...d, withdrawn: status === 'withdrawn' })))
  const asCandidate = (d: (typeof rows)[number]): Candidate => ({ id: d.applicationId, score: d.score ?? 0, tieKey: '', ...d.groups })
  const occupied = rows.filter((d) => d.outcome === 'selected' && !d.releasedAt)
  if (occupied.length >= selection.seats) return null
  const counts = groupCounts(occupied.map(asCandidate))
  const caps = resolveCaps(selection.constraints)
  // Someone who withdrew their application after the selection ran is passed over: they no longer want a seat.
  const next = rows.find((d) => d.outcome === 'waitlisted' && !d.withdrawn && !capReached(asCandidate(d), counts, caps))
  if (!next) return null
  const explanation: Explanation = { code: 'promoted', rank: next.rank ?? 0, position: next.waitlistPosition ?? 0 }
  await tx.update(selectionDecisions).set({ outcome: 'selected', waitlistPosition: null, promotedAt: sql`now()`, explanation }).where(eq(selectionDecisions.id, next.id))
  await recordAudit(tx, { actor, action: 'selection.promote', entity: 'application', entityId: next.applicationId, before: { outcome: 'waitlisted', waitlistPosition: next.waitlistPosition }, after: { outcome: 'selected' } })
  // Those behind them move up a place (1, 2, 3… again), as their pages, the API and the managers see it.
  await closeWaitlistGaps(tx, selection.id)
  return { applicationId: next.applicationId, personId: next.personId }
}
