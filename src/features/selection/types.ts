/**
 * Plain data of the selection: what a manager asks for (constraints), what the optimiser reads (candidates)
 * and what it answers (the chosen set, the waitlist, an explanation for everyone). No I/O here.
 */

/** The constraints of a selection run, as the manager chose them (and as stored with the run). */
export interface SelectionConstraints {
  /** Seats to fill: the cohort's target unless the manager says otherwise. */
  seats: number
  /** Largest share of the seats one region may take, 0..1 (e.g. 0.4 of 25 seats = at most 10). */
  maxRegionShare?: number | null
  /** Largest number of seats one region may take. */
  maxPerRegion?: number | null
  /** Largest share of the seats one country may take, 0..1. */
  maxCountryShare?: number | null
  /** Largest number of seats one country may take. */
  maxPerCountry?: number | null
  /** Seats a region should get at least, when it has that many qualified candidates, by region name. */
  minPerRegion?: Record<string, number>
  /** Largest number of seats people of one employer may take. */
  maxPerEmployer?: number | null
  /** How many not-selected candidates are kept, in order, on the waitlist (default: as many as seats). */
  waitlistLength?: number | null
  /** Whether applications whose eligibility waits on reviewers' reading ("needs review") may be selected (default yes). */
  includeNeedsReview?: boolean
  /** Which score ranks applicants: the weighted mean of the reviews (default) or the per-reviewer z-scores, rescaled to 0..1. */
  scoreBasis?: 'mean' | 'normalised'
}

/** One applicant as the optimiser sees it: eligible (or granted an exception) and scored. */
export interface Candidate {
  id: string
  /** 0..1, higher is better. */
  score: number
  region: string | null
  country: string | null
  employer: string | null
  /** Breaks ties between equal scores, ascending (e.g. submission instant then id): the earlier comes first. */
  tieKey: string
}

/** The kinds of group a cap can apply to. */
export type GroupKind = 'region' | 'country' | 'employer'

/** A cap that stopped a candidate: the group, how many it has and how many it may have. */
export interface CapReached {
  kind: GroupKind
  name: string
  count: number
  cap: number
}

/** Why an applicant got their outcome: a message code and its values, rendered in the reader's language. */
export type Explanation =
  | { code: 'selected'; rank: number }
  | { code: 'promoted'; rank: number; position: number }
  | { code: 'waitlisted'; position: number; rank: number; cap?: CapReached }
  /** Withdrew their application while on the waitlist, from this place (see closeWaitlistGaps). */
  | { code: 'left_waitlist'; position: number }
  | { code: 'seats_filled'; rank: number }
  | { code: 'cap_reached'; rank: number; cap: CapReached }
  | { code: 'minimum'; rank: number; regions: string[] }
  | { code: 'combination'; rank: number }
  | { code: 'not_eligible'; summary: string }
  | { code: 'not_scored'; reviews: number; expected: number }
  | { code: 'override'; outcome: 'selected' | 'waitlisted' | 'not_selected'; reason: string }

/** A constraint that could not be met as asked. */
export type Violation =
  | { kind: 'minimums_exceed_seats'; total: number; seats: number }
  | { kind: 'minimum_above_cap'; region: string; minimum: number; cap: number }
  | { kind: 'minimum_unreachable'; region: string; minimum: number; reachable: number }

/** What could not be met, and the relaxation the result was computed under (the best one found). */
export interface Infeasibility {
  violations: Violation[]
  /** The regional minimums actually applied (lowered from the asked ones). */
  relaxedMinimums: Record<string, number>
}

/** A minimum lowered because the region has fewer qualified candidates: not a violation, but worth saying. */
export interface LoweredMinimum {
  region: string
  asked: number
  qualified: number
}

/** The optimiser's answer. */
export interface OptimiserResult {
  /** Ids of the chosen candidates, best rank first. */
  selected: string[]
  /** Sum of the chosen candidates' scores. */
  totalScore: number
  /** False when the search stopped at its node budget: the result is the best found, not proven optimal. */
  proven: boolean
  /** Branch-and-bound nodes visited (for the decision record and the benchmark). */
  nodes: number
  infeasibility: Infeasibility | null
  loweredMinimums: LoweredMinimum[]
}
