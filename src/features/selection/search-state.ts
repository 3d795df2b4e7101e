/**
 * The mutable state of one branch-and-bound search (counts per group, outstanding minimums, skipped
 * candidates) and the greedy relaxations read from it. Internal to branch-and-bound.ts and lagrangian.ts.
 */

/** The instance in the search's own terms: arrays indexed by rank (0 = best). */
export interface SearchInstance {
  /** Integer weights, ≥ 0, in rank order (non-increasing). */
  weight: Int32Array
  /** Group ids per candidate (−1: none), each group's cap and its count before the search (overrides). Index 0 is the region grouping. */
  groups: { of: Int32Array; cap: Int32Array; start: Int32Array }[]
  /** Minimum per region id (0: none). */
  minimum: Int32Array
  seats: number
  nodeBudget: number
}

/** Multipliers pricing the non-region caps, and the candidates in order of their priced weight. */
export interface Lagrangian {
  lambda: Float64Array[]
  priced: Float64Array
  order: Int32Array
}

/** Builds the search state of an instance. */
export function createState(inst: SearchInstance) {
  const n = inst.weight.length
  const { weight, groups, seats, minimum } = inst
  // One more seat is worth more than any difference in total score.
  const big = 1_000_000 * Math.max(1, seats) + 1
  const counts = groups.map((g) => Int32Array.from(g.start))
  const region = groups[0]!
  const regionCount = region.cap.length
  const need = new Int32Array(regionCount)
  let needSum = 0
  const minRegions: number[] = []
  for (let r = 0; r < regionCount; r++) {
    need[r] = Math.max(0, minimum[r]! - counts[0]![r]!)
    needSum += need[r]!
    if (minimum[r]! > 0) minRegions.push(r)
  }
  // suffix[m * (n + 1) + i]: candidates of the m-th minimum region at ranks ≥ i.
  const suffix = new Int32Array(Math.max(1, minRegions.length) * (n + 1))
  minRegions.forEach((r, m) => {
    for (let i = n - 1; i >= 0; i--) suffix[m * (n + 1) + i] = suffix[m * (n + 1) + i + 1]! + (region.of[i] === r ? 1 : 0)
  })

  const fitsCaps = (c: number) => {
    for (let g = 0; g < groups.length; g++) {
      const id = groups[g]!.of[c]!
      if (id >= 0 && counts[g]![id]! >= groups[g]!.cap[id]!) return false
    }
    return true
  }
  // Taking c must leave enough seats for the regions still below their minimum.
  const fitsReservation = (c: number, k: number) => {
    if (needSum === 0) return true
    const r = region.of[c]!
    return seats - k - 1 >= needSum - (r >= 0 && need[r]! > 0 ? 1 : 0)
  }

  // Signatures of skipped candidates: region exact, other groups exact or −1 (any).
  const radix = groups.map((g) => g.cap.length + 1)
  const forbidden = new Map<number, number>()
  const probe = new Int32Array(groups.length)
  const signatureOf = (ids: Int32Array) => {
    let key = 0
    for (let g = 0; g < ids.length; g++) key = key * radix[g]! + ids[g]! + 1
    return key
  }
  const isDominated = (c: number) => {
    if (forbidden.size === 0) return false
    // Every way of replacing some non-region ids by "any" (−1): at most 4 lookups with three groups.
    for (let mask = 0; mask < 1 << (groups.length - 1); mask++) {
      for (let g = 0; g < groups.length; g++) probe[g] = g > 0 && mask & (1 << (g - 1)) ? -1 : groups[g]!.of[c]!
      if (forbidden.has(signatureOf(probe))) return true
    }
    return false
  }
  const forbid = (c: number, sign: 1 | -1) => {
    for (let g = 0; g < groups.length; g++) probe[g] = groups[g]!.of[c]!
    const key = signatureOf(probe)
    const left = (forbidden.get(key) ?? 0) + sign
    if (left === 0) forbidden.delete(key)
    else forbidden.set(key, left)
  }

  const state = {
    n,
    weight,
    groups,
    seats,
    big,
    counts,
    get needSum() {
      return needSum
    },
    fitsCaps,
    fitsReservation,
    isDominated,
    forbid,

    /** Adds (1) or removes (−1) candidate c from the current set. */
    take(c: number, sign: 1 | -1) {
      for (let g = 0; g < groups.length; g++) {
        const id = groups[g]!.of[c]!
        if (id >= 0) counts[g]![id]! += sign
      }
      const r = region.of[c]!
      if (r >= 0 && minimum[r]! > 0) {
        const before = need[r]!
        need[r] = Math.max(0, minimum[r]! - counts[0]![r]!)
        needSum += need[r]! - before
      }
    },

    /** Whether the regions below their minimum can still be served from ranks ≥ i with the seats left. */
    minimumsReachable(i: number, k: number) {
      if (needSum === 0) return true
      if (needSum > seats - k) return false
      for (let m = 0; m < minRegions.length; m++) if (need[minRegions[m]!]! > suffix[m * (n + 1) + i]!) return false
      return true
    },

    /**
     * Greedy over ranks ≥ i (or over `order` with priced weights) that keeps group `keep`'s caps as it goes —
     * and the regional minimums when keep is the region grouping — and every cap's current state as a filter.
     * Returns value + what it adds; `usage`, when given, receives the counts per group of what it took.
     */
    greedy(i: number, k: number, value: number, keep: number, priced: { order: Int32Array; weight: Float64Array } | null, usage?: Int32Array[]) {
      const g = groups[keep < 0 ? 0 : keep]!
      const count = counts[keep < 0 ? 0 : keep]!
      const withMinimums = keep <= 0 && needSum > 0
      let slots = seats - k
      let reserved = withMinimums ? needSum : 0
      const touched: number[] = []
      const covered: number[] = []
      let total = value
      const len = priced ? priced.order.length : n
      for (let p = priced ? 0 : i; p < len && slots > 0; p++) {
        const c = priced ? priced.order[p]! : p
        if (c < i) continue
        const gain = priced ? priced.weight[c]! : big + weight[c]!
        if (gain <= 0) break
        if (!fitsCaps(c) || isDominated(c)) continue
        const id = g.of[c]!
        if (id >= 0 && count[id]! >= g.cap[id]!) continue
        if (withMinimums) {
          const r = region.of[c]!
          const covers = r >= 0 && need[r]! > 0
          if (slots - 1 < reserved - (covers ? 1 : 0)) continue
          if (covers) {
            need[r]!--
            reserved--
            covered.push(r)
          }
        }
        if (id >= 0) {
          count[id]!++
          touched.push(id)
        }
        if (usage) for (let h = 1; h < groups.length; h++) if (groups[h]!.of[c]! >= 0) usage[h]![groups[h]!.of[c]!]!++
        slots--
        total += gain
      }
      for (const id of touched) count[id]!--
      for (const r of covered) need[r]!++
      return total
    },

    /** The Lagrangian bound: priced greedy plus what the multipliers pay for the capacity left. */
    lagrangianBound(i: number, k: number, value: number, lag: Lagrangian) {
      let total = value
      for (let g = 1; g < groups.length; g++) {
        const lambda = lag.lambda[g]!
        const cap = groups[g]!.cap
        const count = counts[g]!
        for (let id = 0; id < lambda.length; id++) if (lambda[id]! > 0) total += lambda[id]! * (cap[id]! - count[id]!)
      }
      return state.greedy(i, k, total, 0, { order: lag.order, weight: lag.priced })
    },
  }
  return state
}

/** The state of one search. */
export type SearchState = ReturnType<typeof createState>
