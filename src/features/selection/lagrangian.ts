import type { Lagrangian, SearchState } from './search-state.ts'

/** Unlimited caps are stored as this; they need no multiplier. */
const UNCAPPED = 0x3fffffff

/**
 * Multipliers for the country and employer caps, by subgradient descent at the root: each iteration solves the
 * priced region relaxation greedily and raises the price of groups it over-fills (lowers it for those it
 * under-fills). Any non-negative multipliers give a valid bound; good ones make it nearly tight. Null when no
 * such cap exists.
 */
export function multipliers(s: SearchState, iterations = 40): Lagrangian | null {
  const priced = s.groups.slice(1).some((g) => g.cap.some((c) => c < UNCAPPED))
  if (!priced || s.n === 0) return null
  const lambda = s.groups.map((g) => new Float64Array(g.cap.length))
  const price = () => {
    const weight = new Float64Array(s.n)
    for (let c = 0; c < s.n; c++) {
      let w = s.big + s.weight[c]!
      for (let g = 1; g < s.groups.length; g++) {
        const id = s.groups[g]!.of[c]!
        if (id >= 0) w -= lambda[g]![id]!
      }
      weight[c] = w
    }
    const order = Int32Array.from({ length: s.n }, (_, c) => c).sort((a, b) => weight[b]! - weight[a]! || a - b)
    return { weight, order }
  }
  // A feasible value to aim the steps at: greedy by rank under every cap.
  let target = 0
  const taken: number[] = []
  for (let c = 0; c < s.n && taken.length < s.seats; c++) {
    if (!s.fitsCaps(c) || !s.fitsReservation(c, taken.length)) continue
    s.take(c, 1)
    taken.push(c)
    target += s.big + s.weight[c]!
  }
  for (const c of taken) s.take(c, -1)

  let best: Lagrangian | null = null
  let bestValue = Infinity
  let theta = 2
  let stale = 0
  for (let it = 0; it < iterations && theta > 1e-4; it++) {
    const { weight, order } = price()
    const usage = s.groups.map((g) => new Int32Array(g.cap.length))
    let value = 0
    for (let g = 1; g < s.groups.length; g++) for (let id = 0; id < lambda[g]!.length; id++) value += lambda[g]![id]! * (s.groups[g]!.cap[id]! - s.counts[g]![id]!)
    value = s.greedy(0, 0, value, 0, { order, weight }, usage)
    if (value < bestValue - 1e-6) {
      bestValue = value
      best = { lambda: lambda.map((l) => Float64Array.from(l)), priced: weight, order }
      stale = 0
    } else if (++stale >= 8) {
      theta /= 2
      stale = 0
    }
    let norm = 0
    const step: number[][] = []
    for (let g = 1; g < s.groups.length; g++) {
      const row: number[] = []
      for (let id = 0; id < lambda[g]!.length; id++) {
        const cap = s.groups[g]!.cap[id]!
        const slack = cap >= UNCAPPED ? 0 : cap - s.counts[g]![id]! - usage[g]![id]!
        // Projected subgradient: a zero price with room left stays zero.
        const d = lambda[g]![id]! === 0 && slack > 0 ? 0 : slack
        row.push(d)
        norm += d * d
      }
      step[g] = row
    }
    if (norm === 0) break
    const t = (theta * Math.max(value - target, 1)) / norm
    for (let g = 1; g < s.groups.length; g++) for (let id = 0; id < lambda[g]!.length; id++) lambda[g]![id] = Math.max(0, lambda[g]![id]! - t * step[g]![id]!)
  }
  return best
}

