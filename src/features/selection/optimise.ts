import { branchAndBound, type SearchInstance } from './branch-and-bound.ts'
import type { Candidate, GroupKind, Infeasibility, LoweredMinimum, OptimiserResult, SelectionConstraints, Violation } from './types.ts'

/** Score resolution: scores 0..1 become integers of 0..10⁶ so sums and ties are exact. */
const SCALE = 1_000_000
/** Nodes the search may visit before it answers with the best set found (flagged as not proven). */
export const DEFAULT_NODE_BUDGET = 2_000_000

/** The seats each group of a kind may take, from counts and shares (the smaller wins); null: no cap. */
export function resolveCaps(c: SelectionConstraints): Record<GroupKind, number | null> {
  const share = (s: number | null | undefined) => (s === null || s === undefined ? null : Math.floor(s * c.seats + 1e-9))
  const smaller = (a: number | null | undefined, b: number | null) => (a === null || a === undefined ? b : b === null ? a : Math.min(a, b))
  return {
    region: smaller(c.maxPerRegion, share(c.maxRegionShare)),
    country: smaller(c.maxPerCountry, share(c.maxCountryShare)),
    employer: c.maxPerEmployer ?? null,
  }
}

/** Candidates in rank order: score descending, then tie key, then id (so the order never depends on input order). */
export function rankCandidates<T extends Candidate>(candidates: T[]): T[] {
  const key = (c: Candidate) => Math.round(Math.min(1, Math.max(0, c.score)) * SCALE)
  return [...candidates].sort((a, b) => key(b) - key(a) || (a.tieKey < b.tieKey ? -1 : a.tieKey > b.tieKey ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/** The value of a candidate a group kind reads (employers compared without case). */
export function groupValue(c: Candidate, kind: GroupKind): string | null {
  const v = kind === 'region' ? c.region : kind === 'country' ? c.country : c.employer
  const trimmed = v?.trim()
  return trimmed ? (kind === 'employer' ? trimmed.toLowerCase() : trimmed) : null
}

interface Prepared {
  ranked: Candidate[]
  free: number[]
  forced: number[]
  kinds: GroupKind[]
  ids: Map<string, number>[]
  caps: Record<GroupKind, number | null>
}

function prepare(candidates: Candidate[], constraints: SelectionConstraints, forcedIn: Set<string>): Prepared {
  const ranked = rankCandidates(candidates)
  const caps = resolveCaps(constraints)
  // The region grouping always exists (minimums read it); the others only when capped.
  const kinds: GroupKind[] = ['region', ...(['country', 'employer'] as const).filter((k) => caps[k] !== null)]
  const ids = kinds.map((kind) => {
    const m = new Map<string, number>()
    for (const c of ranked) {
      const v = groupValue(c, kind)
      if (v !== null && !m.has(v)) m.set(v, m.size)
    }
    for (const r of kind === 'region' ? Object.keys(constraints.minPerRegion ?? {}) : []) if (!m.has(r)) m.set(r, m.size)
    return m
  })
  const free: number[] = []
  const forced: number[] = []
  ranked.forEach((c, i) => (forcedIn.has(c.id) ? forced : free).push(i))
  return { ranked, free, forced, kinds, ids, caps }
}

/** Builds the search over the free candidates, with the forced ones already counted. */
function instance(p: Prepared, seats: number, minimums: Record<string, number>, nodeBudget: number, only?: (c: Candidate) => boolean): { inst: SearchInstance; order: number[] } {
  const order = only ? p.free.filter((i) => only(p.ranked[i]!)) : p.free
  const groups = p.kinds.map((kind, g) => {
    const size = p.ids[g]!.size
    const start = new Int32Array(size)
    for (const i of p.forced) {
      const v = groupValue(p.ranked[i]!, kind)
      if (v !== null) start[p.ids[g]!.get(v)!]!++
    }
    // Overrides may already exceed a cap: the group is then full, not broken further.
    const capValue = p.caps[kind]
    const cap = Int32Array.from(start, (s) => (capValue === null ? 0x3fffffff : Math.max(capValue, s)))
    const of = Int32Array.from(order, (i) => {
      const v = groupValue(p.ranked[i]!, kind)
      return v === null ? -1 : p.ids[g]!.get(v)!
    })
    return { of, cap, start }
  })
  const minimum = new Int32Array(p.ids[0]!.size)
  for (const [r, m] of Object.entries(minimums)) minimum[p.ids[0]!.get(r)!] = m
  const weight = Int32Array.from(order, (i) => Math.round(Math.min(1, Math.max(0, p.ranked[i]!.score)) * SCALE))
  return { inst: { weight, groups, minimum, seats: Math.max(0, seats - p.forced.length), nodeBudget }, order }
}

/** Regional minimums after the "when qualified candidates exist" rule: never more than the region's candidates. */
function effectiveMinimums(p: Prepared, asked: Record<string, number>): { minimums: Record<string, number>; lowered: LoweredMinimum[] } {
  const minimums: Record<string, number> = {}
  const lowered: LoweredMinimum[] = []
  for (const [region, min] of Object.entries(asked).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!(min > 0)) continue
    const qualified = p.ranked.filter((c) => groupValue(c, 'region') === region).length
    minimums[region] = Math.min(min, qualified)
    if (qualified < min) lowered.push({ region, asked: min, qualified })
  }
  return { minimums, lowered }
}

/** Lowers minimums that no selection can meet whatever else happens, and says why. */
function structuralRelaxation(p: Prepared, seats: number, minimums: Record<string, number>): Violation[] {
  const violations: Violation[] = []
  const regionCap = p.caps.region
  for (const [region, min] of Object.entries(minimums)) {
    if (regionCap !== null && min > regionCap) {
      violations.push({ kind: 'minimum_above_cap', region, minimum: min, cap: regionCap })
      minimums[region] = regionCap
    }
  }
  const total = Object.values(minimums).reduce((a, b) => a + b, 0)
  if (total > seats) {
    violations.push({ kind: 'minimums_exceed_seats', total, seats })
    // Take seats back one at a time from the largest minimum (ties: the region named last), so the cut is spread.
    let excess = total - seats
    while (excess > 0) {
      const [region] = Object.entries(minimums).sort(([a, x], [b, y]) => y - x || (a < b ? 1 : -1))[0]!
      minimums[region]!--
      excess--
    }
  }
  return violations
}

/**
 * Chooses up to `seats` candidates with the highest total score under the constraints: exact (see
 * branch-and-bound.ts), deterministic, with `forcedIn` (overrides) always in. Only regional minimums can make
 * the constraints impossible (an empty selection meets every cap); they are then lowered, as little as needed,
 * and the result says which could not be met and what was applied instead.
 */
export function optimiseSelection(input: { constraints: SelectionConstraints; candidates: Candidate[]; forcedIn?: Iterable<string>; nodeBudget?: number }): OptimiserResult {
  const { constraints } = input
  const budget = input.nodeBudget ?? DEFAULT_NODE_BUDGET
  const p = prepare(input.candidates, constraints, new Set(input.forcedIn ?? []))
  const { minimums, lowered } = effectiveMinimums(p, constraints.minPerRegion ?? {})
  const violations = structuralRelaxation(p, constraints.seats, minimums)

  let { inst, order } = instance(p, constraints.seats, minimums, budget)
  let result = branchAndBound(inst)
  let nodes = result.nodes
  if (!result.chosen) {
    // Caps on countries or employers keep some region below its minimum: lower each to what it can reach alone…
    for (const [region, min] of Object.entries(minimums)) {
      const alone = instance(p, min + p.forced.length, {}, budget, (c) => groupValue(c, 'region') === region)
      const reach = branchAndBound(alone.inst)
      nodes += reach.nodes
      const forcedHere = p.forced.filter((i) => groupValue(p.ranked[i]!, 'region') === region).length
      const reachable = Math.min(min, reach.count + forcedHere)
      if (reachable < min) {
        violations.push({ kind: 'minimum_unreachable', region, minimum: min, reachable })
        minimums[region] = reachable
      }
    }
    ;({ inst, order } = instance(p, constraints.seats, minimums, budget))
    result = branchAndBound(inst)
    nodes += result.nodes
    // …and, if regions still compete for the same employers' or countries' places, one seat at a time from the largest.
    while (!result.chosen) {
      const [region, min] = Object.entries(minimums).sort(([a, x], [b, y]) => y - x || (a < b ? 1 : -1))[0] ?? ['', 0]
      if (min <= 0) throw new Error('selection search found no set although no minimum is left')
      const asked = violations.find((v) => v.kind === 'minimum_unreachable' && v.region === region)
      if (asked && asked.kind === 'minimum_unreachable') asked.reachable = min - 1
      else violations.push({ kind: 'minimum_unreachable', region, minimum: min, reachable: min - 1 })
      minimums[region] = min - 1
      ;({ inst, order } = instance(p, constraints.seats, minimums, budget))
      result = branchAndBound(inst)
      nodes += result.nodes
    }
  }
  const ranks = [...p.forced, ...result.chosen!.map((j) => order[j]!)].sort((a, b) => a - b)
  const selected = ranks.map((i) => p.ranked[i]!)
  return {
    selected: selected.map((c) => c.id),
    totalScore: selected.reduce((s, c) => s + Math.round(Math.min(1, Math.max(0, c.score)) * SCALE), 0) / SCALE,
    proven: result.proven,
    nodes,
    infeasibility: violations.length ? { violations, relaxedMinimums: { ...minimums } } : null,
    loweredMinimums: lowered,
  }
}
