import { groupValue, optimiseSelection, rankCandidates, resolveCaps } from './optimise.ts'
import type { Candidate, CapReached, Explanation, GroupKind, OptimiserResult, SelectionConstraints } from './types.ts'
import type { SelectionOutcome } from './schema.ts'

/** One submitted application as the selection reads it. */
export interface Applicant extends Candidate {
  personId: string
  /** The eligibility verdict's overall status; null when never evaluated. */
  eligibility: 'eligible' | 'needs_review' | 'not_eligible' | null
  /** The verdict's summary sentence, for "not eligible: …". */
  eligibilitySummary: string
  /** The committee let this applicant in below the bar. */
  exceptionGranted: boolean
  /** Null: no review yet. */
  scoreOrNull: number | null
  reviewCount: number
  expectedReviews: number
  /** An outcome a committee member set by hand; selection keeps it. */
  override: { outcome: SelectionOutcome; reason: string } | null
}

/** The decision on one applicant. */
export interface Decision {
  applicationId: string
  personId: string
  outcome: SelectionOutcome
  rank: number | null
  waitlistPosition: number | null
  score: number | null
  explanation: Explanation
}

/** Whether an applicant may be selected: eligible (or waiting on reviewers' reading, when allowed) or granted an exception. */
export function isQualified(a: Applicant, constraints: SelectionConstraints): boolean {
  return a.exceptionGranted || a.eligibility === 'eligible' || (a.eligibility === 'needs_review' && constraints.includeNeedsReview !== false)
}

/** The first cap of `a`'s groups that the chosen set has filled, if any. */
export function capReached(a: Candidate, counts: Record<GroupKind, Map<string, number>>, caps: Record<GroupKind, number | null>): CapReached | undefined {
  for (const kind of ['region', 'country', 'employer'] as const) {
    const cap = caps[kind]
    const name = groupValue(a, kind)
    if (cap === null || name === null) continue
    const count = counts[kind].get(name) ?? 0
    if (count >= cap) return { kind, name: kind === 'employer' ? (a.employer ?? name).trim() : name, count, cap }
  }
  return undefined
}

/** Counts of the chosen set per region, country and employer. */
export function groupCounts(chosen: Candidate[]): Record<GroupKind, Map<string, number>> {
  const counts = { region: new Map<string, number>(), country: new Map<string, number>(), employer: new Map<string, number>() }
  for (const c of chosen) {
    for (const kind of ['region', 'country', 'employer'] as const) {
      const v = groupValue(c, kind)
      if (v !== null) counts[kind].set(v, (counts[kind].get(v) ?? 0) + 1)
    }
  }
  return counts
}

/**
 * Decides every applicant: the optimiser picks among the qualified, scored ones (overrides kept as set), the
 * waitlist takes the best of the rest in rank order, and each applicant gets the plain reason for the outcome.
 */
export function decideSelection(applicants: Applicant[], constraints: SelectionConstraints): { decisions: Decision[]; result: OptimiserResult } {
  const qualified = applicants.filter((a) => isQualified(a, constraints) && a.scoreOrNull !== null)
  const ranked = rankCandidates(qualified)
  const rankOf = new Map(ranked.map((a, i) => [a.id, i + 1]))
  const overridden = new Map(applicants.filter((a) => a.override).map((a) => [a.id, a.override!]))
  const result = optimiseSelection({
    constraints,
    candidates: ranked.filter((a) => !overridden.has(a.id) || overridden.get(a.id)!.outcome === 'selected'),
    forcedIn: [...overridden].filter(([, o]) => o.outcome === 'selected').map(([id]) => id),
  })
  // Overrides to "selected" of applicants the optimiser could not see (unscored, not qualified) still take a seat.
  const selected = new Set([...result.selected, ...[...overridden].filter(([, o]) => o.outcome === 'selected').map(([id]) => id)])
  const chosen = applicants.filter((a) => selected.has(a.id))
  const counts = groupCounts(chosen)
  const caps = resolveCaps(constraints)
  const worstSelectedRank = Math.max(0, ...chosen.map((a) => rankOf.get(a.id) ?? 0))
  const minimumRegions = Object.entries(result.infeasibility?.relaxedMinimums ?? constraints.minPerRegion ?? {})
    .filter(([, m]) => m > 0)
    .map(([r]) => r)
  const waitlistLength = constraints.waitlistLength ?? constraints.seats
  let waitlisted = 0

  const decisions = new Map<string, Decision>()
  for (const a of ranked) {
    const rank = rankOf.get(a.id)!
    const base = { applicationId: a.id, personId: a.personId, rank, score: a.scoreOrNull }
    if (overridden.has(a.id)) continue
    if (selected.has(a.id)) {
      decisions.set(a.id, { ...base, outcome: 'selected', waitlistPosition: null, explanation: { code: 'selected', rank } })
      continue
    }
    const cap = capReached(a, counts, caps)
    if (waitlisted < waitlistLength) {
      waitlisted++
      decisions.set(a.id, { ...base, outcome: 'waitlisted', waitlistPosition: waitlisted, explanation: { code: 'waitlisted', position: waitlisted, rank, ...(cap ? { cap } : {}) } })
      continue
    }
    const explanation: Explanation = cap
      ? { code: 'cap_reached', rank, cap }
      : rank > worstSelectedRank
        ? { code: 'seats_filled', rank }
        : minimumRegions.length && !minimumRegions.includes(a.region ?? '')
          ? { code: 'minimum', rank, regions: minimumRegions }
          : { code: 'combination', rank }
    decisions.set(a.id, { ...base, outcome: 'not_selected', waitlistPosition: null, explanation })
  }
  for (const a of applicants) {
    const override = overridden.get(a.id)
    const base = { applicationId: a.id, personId: a.personId, rank: rankOf.get(a.id) ?? null, score: a.scoreOrNull, waitlistPosition: null }
    if (override) {
      const waitlistPosition = override.outcome === 'waitlisted' ? ++waitlisted : null
      decisions.set(a.id, { ...base, waitlistPosition, outcome: override.outcome, explanation: { code: 'override', outcome: override.outcome, reason: override.reason } })
    } else if (!decisions.has(a.id)) {
      const explanation: Explanation = !isQualified(a, constraints)
        ? { code: 'not_eligible', summary: a.eligibility === null ? '' : a.eligibilitySummary }
        : { code: 'not_scored', reviews: a.reviewCount, expected: a.expectedReviews }
      decisions.set(a.id, { ...base, outcome: 'not_selected', explanation })
    }
  }
  return { decisions: applicants.map((a) => decisions.get(a.id)!), result }
}
