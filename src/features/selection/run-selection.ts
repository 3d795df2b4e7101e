import { eq } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { cohorts } from '../programs/schema.ts'
import { decideSelection, type Decision } from './decide.ts'
import { findSelection, lockedRefusal } from './decisions.ts'
import { loadApplicants } from './load-applicants.ts'
import { selectionDecisions, selections } from './schema.ts'
import type { OptimiserResult, SelectionConstraints } from './types.ts'

/** A selection run's answer: every decision (with the applicant's name) and what the optimiser reported. */
export interface SelectionRun {
  cohort: { id: string; title: string; seats: number }
  constraints: SelectionConstraints
  decisions: (Decision & { displayName: string })[]
  result: OptimiserResult
  /** False for a dry run: nothing was written. */
  saved: boolean
}

/**
 * Runs the selection of a cohort under the constraints: decides every submitted application (keeping
 * overrides), and — unless it is a dry run — replaces the stored decisions in one transaction, audited.
 * Refused once the selection is locked, and with fewer seats than "selected" overrides.
 */
export async function runSelection(db: Db, cohortId: string, constraints: SelectionConstraints, actor: string, options: { dryRun?: boolean } = {}): Promise<SelectionRun> {
  const [cohort] = await db.select({ id: cohorts.id, title: cohorts.title, seats: cohorts.seats }).from(cohorts).where(eq(cohorts.id, cohortId))
  if (!cohort) throw new AppError('not_found', 'There is no such cohort.')
  const existing = await findSelection(db, cohortId)
  if (existing?.status === 'locked') throw await lockedRefusal(db, cohortId, existing.lockedAt!)
  const applicants = await loadApplicants(db, cohortId, constraints.scoreBasis)
  // "Selected" overrides each hold a seat (docs/decisions/0019): fewer seats than they hold would select more
  // applicants than seats.
  const heldByOverrides = applicants.filter((a) => a.override?.outcome === 'selected').length
  if (heldByOverrides > constraints.seats) {
    const message = `${heldByOverrides} applicants are selected by the committee’s overrides: give at least ${heldByOverrides} seats, or change some of those overrides first.`
    throw new AppError('validation', `The selection was not run: ${message}`, { seats: message })
  }
  const { decisions, result } = decideSelection(applicants, constraints)
  const named = decisions.map((d, i) => ({ ...d, displayName: applicants[i]!.displayName }))
  const run: SelectionRun = { cohort, constraints, decisions: named, result, saved: false }
  if (options.dryRun) return run

  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(selections).where(eq(selections.cohortId, cohortId)).for('update')
    // Someone may have scheduled the announcement since the check above.
    if (current?.status === 'locked') throw await lockedRefusal(tx, cohortId, current.lockedAt!)
    const values = { constraints, seats: constraints.seats, totalScore: result.totalScore, proven: result.proven, infeasibility: result.infeasibility, runBy: actor, runAt: new Date() }
    const [row] = current
      ? await tx.update(selections).set(values).where(eq(selections.id, current.id)).returning()
      : await tx.insert(selections).values({ cohortId, ...values }).returning()
    const overridden = new Map(
      current ? (await tx.select().from(selectionDecisions).where(eq(selectionDecisions.selectionId, current.id))).filter((d) => d.overriddenAt).map((d) => [d.applicationId, d]) : [],
    )
    if (current) await tx.delete(selectionDecisions).where(eq(selectionDecisions.selectionId, current.id))
    const byId = new Map(applicants.map((a) => [a.id, a]))
    const rows = decisions.map((d) => {
      const a = byId.get(d.applicationId)!
      const o = overridden.get(d.applicationId)
      return {
        selectionId: row!.id,
        applicationId: d.applicationId,
        personId: d.personId,
        outcome: d.outcome,
        rank: d.rank,
        waitlistPosition: d.waitlistPosition,
        score: d.score,
        groups: { region: a.region, country: a.country, employer: a.employer },
        explanation: d.explanation,
        overrideReason: o?.overrideReason ?? null,
        overriddenBy: o?.overriddenBy ?? null,
        overriddenAt: o?.overriddenAt ?? null,
      }
    })
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(selectionDecisions).values(rows.slice(i, i + 1000))
    const counts = { selected: 0, waitlisted: 0, not_selected: 0 }
    for (const d of decisions) counts[d.outcome]++
    await recordAudit(tx, { actor, action: 'selection.run', entity: 'selection', entityId: row!.id, after: { constraints, ...counts, totalScore: result.totalScore, infeasibility: result.infeasibility } })
  })
  return { ...run, saved: true }
}
