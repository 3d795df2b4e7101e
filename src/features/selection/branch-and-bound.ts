/**
 * The exact search behind the optimiser: branch and bound over candidates in rank order (best score first),
 * trying "take" before "skip", so that the first optimum found is also the one that prefers better-ranked
 * candidates (the deterministic tie-break). The objective is lexicographic — fill as many seats as possible,
 * then maximise the total score — folded into one integer: seats filled × BIG + Σ score × 10⁶.
 *
 * Bounds (the smallest wins; each is the exact optimum of a relaxation, so never below the true optimum):
 * - region: seats, region caps and regional minimums, other caps dropped. Those constraints form a matroid
 *   (a partition matroid with lower bounds under a cardinality limit), so greedy by score solves it exactly;
 * - country, employer: seats and that one kind of cap;
 * - Lagrangian: the region relaxation with country and employer caps priced in by multipliers fixed at the
 *   root (lagrangian.ts); with region and employer caps only it is as strong as the linear relaxation, which
 *   for two matroids is exact, so the search rarely branches far from the optimum.
 * Candidates that a cap already filled (counts only grow down the tree) are left out of every relaxation.
 *
 * Dominance: after skipping candidate i, no later candidate j whose groups include i's (same region; same
 * country and employer, or i has none) may be taken: swapping j for i keeps every cap and minimum and scores at
 * least as much, and that set was already searched under "take i". Without this rule, near-equal scores make
 * the search try every interchangeable subset.
 */
import { multipliers } from './lagrangian.ts'
import { createState, type SearchInstance } from './search-state.ts'

export type { SearchInstance } from './search-state.ts'

/** What the search found. */
export interface SearchResult {
  /** Chosen ranks, ascending; null when no set meets the minimums. */
  chosen: number[] | null
  count: number
  weight: number
  nodes: number
  proven: boolean
}

/** Finds the set that fills the most seats and then has the highest total weight, meeting every cap and minimum. */
export function branchAndBound(inst: SearchInstance): SearchResult {
  const s = createState(inst)
  const { n, weight, seats, big } = s
  const lag = multipliers(s)

  const chosen: number[] = []
  let best: number[] | null = null
  let bestValue = -1
  let nodes = 0
  let aborted = false

  function bound(i: number, k: number, value: number): number {
    let ub = s.greedy(i, k, value, -1, null)
    for (let g = 1; g < s.groups.length; g++) ub = Math.min(ub, s.greedy(i, k, value, g, null))
    if (lag) ub = Math.min(ub, s.lagrangianBound(i, k, value, lag))
    return ub
  }

  function node(start: number, k: number, value: number): void {
    const skipped: number[] = []
    search(start, k, value, skipped)
    for (const c of skipped) s.forbid(c, -1)
  }

  function search(start: number, k: number, value: number, skipped: number[]): void {
    let i = start
    for (;;) {
      if (aborted) return
      if (++nodes > inst.nodeBudget) {
        aborted = true
        return
      }
      while (i < n && k < seats && !(s.fitsCaps(i) && s.fitsReservation(i, k) && !s.isDominated(i))) i++
      if (!s.minimumsReachable(i, k)) return
      if (i >= n || k >= seats) {
        if (s.needSum === 0 && value > bestValue) {
          best = chosen.slice()
          bestValue = value
        }
        return
      }
      // Values are integers: a subtree whose bound is below best + 1 holds nothing strictly better.
      if (bound(i, k, value) < bestValue + 1 - 1e-3) return
      chosen.push(i)
      s.take(i, 1)
      node(i + 1, k + 1, value + big + weight[i]!)
      s.take(i, -1)
      chosen.pop()
      s.forbid(i, 1)
      skipped.push(i)
      i++
    }
  }

  node(0, 0, 0)
  const count = best ? (best as number[]).length : 0
  return { chosen: best, count, weight: best ? bestValue - count * big : 0, nodes, proven: !aborted }
}
