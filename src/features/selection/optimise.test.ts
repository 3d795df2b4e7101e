import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { groupValue, optimiseSelection, resolveCaps } from './optimise.ts'
import type { Candidate, GroupKind, SelectionConstraints } from './types.ts'

const KINDS: GroupKind[] = ['region', 'country', 'employer']
const w = (c: Candidate) => Math.round(c.score * 1_000_000)

/** Whether a set meets every cap and the given minimums. */
function meets(set: Candidate[], constraints: SelectionConstraints, minimums: Record<string, number>): boolean {
  if (set.length > constraints.seats) return false
  const caps = resolveCaps(constraints)
  for (const kind of KINDS) {
    const cap = caps[kind]
    if (cap === null) continue
    const counts = new Map<string, number>()
    for (const c of set) {
      const v = groupValue(c, kind)
      if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1)
    }
    if ([...counts.values()].some((n) => n > cap)) return false
  }
  return Object.entries(minimums).every(([r, m]) => set.filter((c) => groupValue(c, 'region') === r).length >= m)
}

/** The best (seats filled, total weight) over every subset, or null when none meets the minimums. */
function bruteForce(candidates: Candidate[], constraints: SelectionConstraints, minimums: Record<string, number>): [number, number] | null {
  let best: [number, number] | null = null
  for (let mask = 0; mask < 1 << candidates.length; mask++) {
    const set = candidates.filter((_, i) => mask & (1 << i))
    if (!meets(set, constraints, minimums)) continue
    const value: [number, number] = [set.length, set.reduce((s, c) => s + w(c), 0)]
    if (!best || value[0] > best[0] || (value[0] === best[0] && value[1] > best[1])) best = value
  }
  return best
}

const REGIONS = ['Asia', 'Europe', 'Africa', 'Americas']
const instances = (maxCandidates: number) =>
  fc.record({
    candidates: fc.uniqueArray(
      fc.record({
        id: fc.uuid(),
        // Coarse scores make ties frequent, which is where tie-breaks and bounds go wrong.
        score: fc.integer({ min: 0, max: 10 }).map((n) => n / 10),
        region: fc.option(fc.constantFrom(...REGIONS), { freq: 6 }),
        country: fc.option(fc.constantFrom('CN', 'JP', 'DE', 'FR', 'NG', 'US'), { freq: 6 }),
        employer: fc.option(fc.constantFrom('Acme', 'Globex', 'Initech'), { freq: 2 }),
        tieKey: fc.string({ maxLength: 2 }),
      }),
      { maxLength: maxCandidates, selector: (c) => c.id },
    ),
    constraints: fc.record({
      seats: fc.integer({ min: 1, max: 6 }),
      maxPerRegion: fc.option(fc.integer({ min: 1, max: 4 })),
      maxRegionShare: fc.option(fc.constantFrom(0.25, 0.5, 0.75)),
      maxPerCountry: fc.option(fc.integer({ min: 1, max: 3 })),
      maxPerEmployer: fc.option(fc.integer({ min: 1, max: 2 })),
      minPerRegion: fc.dictionary(fc.constantFrom(...REGIONS), fc.integer({ min: 0, max: 3 }), { maxKeys: 3 }),
    }),
  })

describe('optimiseSelection', () => {
  it('matches a brute-force optimum on small random instances, and never breaks a constraint', () => {
    fc.assert(
      fc.property(instances(10), ({ candidates, constraints }) => {
        const result = optimiseSelection({ candidates, constraints })
        expect(result.proven).toBe(true)
        const chosen = candidates.filter((c) => result.selected.includes(c.id))
        expect(chosen).toHaveLength(result.selected.length)
        // Minimums apply as far as a region has candidates ("when qualified candidates exist").
        const asked = Object.fromEntries(Object.entries(constraints.minPerRegion).map(([r, m]) => [r, Math.min(m, candidates.filter((c) => c.region === r).length)]))
        const exact = bruteForce(candidates, constraints, asked)
        if (exact) expect(result.infeasibility).toBeNull()
        const applied = result.infeasibility?.relaxedMinimums ?? asked
        expect(meets(chosen, constraints, applied)).toBe(true)
        const best = bruteForce(candidates, constraints, applied)
        expect([chosen.length, chosen.reduce((s, c) => s + w(c), 0)]).toEqual(best)
      }),
      { numRuns: 400 },
    )
  })

  it('never leaves a seat empty while a candidate who fits the constraints waits', () => {
    fc.assert(
      fc.property(instances(14), ({ candidates, constraints }) => {
        const result = optimiseSelection({ candidates, constraints })
        const chosen = candidates.filter((c) => result.selected.includes(c.id))
        if (chosen.length === constraints.seats) return
        for (const waiting of candidates.filter((c) => !result.selected.includes(c.id))) {
          expect(meets([...chosen, waiting], constraints, {})).toBe(false)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('is deterministic: the input order does not change the chosen set', () => {
    fc.assert(
      fc.property(instances(12), fc.integer(), ({ candidates, constraints }, seed) => {
        const shuffled = [...candidates].sort((a, b) => ((a.id.charCodeAt(seed & 7) ^ seed) & 15) - ((b.id.charCodeAt(seed & 7) ^ seed) & 15))
        expect(optimiseSelection({ candidates: shuffled, constraints }).selected).toEqual(optimiseSelection({ candidates, constraints }).selected)
      }),
      { numRuns: 200 },
    )
  })

  const person = (id: string, score: number, region: string | null, employer: string | null = null, country: string | null = null): Candidate => ({ id, score, region, employer, country, tieKey: id })

  it('gives up the best candidate when two others fill the seats (where greedy fails)', () => {
    const candidates = [person('a', 1, 'Asia', 'Acme'), person('b', 0.9, 'Asia', 'Globex'), person('c', 0.9, 'Europe', 'Acme')]
    const result = optimiseSelection({ candidates, constraints: { seats: 2, maxPerRegion: 1, maxPerEmployer: 1 } })
    expect(result.selected).toEqual(['b', 'c'])
  })

  it('prefers the better-ranked candidate between equal totals, then the earlier tie key', () => {
    const candidates = [person('x', 0.5, 'Asia'), person('y', 0.5, 'Asia'), person('z', 0.5, 'Europe')]
    expect(optimiseSelection({ candidates, constraints: { seats: 1 } }).selected).toEqual(['x'])
    expect(optimiseSelection({ candidates: candidates.map((c) => ({ ...c, tieKey: c.id === 'z' ? '0' : '1' })), constraints: { seats: 1 } }).selected).toEqual(['z'])
  })

  it('lowers a minimum to the qualified candidates, and reports minimums that cannot be met with the relaxation applied', () => {
    const candidates = [person('a', 0.9, 'Asia'), person('b', 0.8, 'Asia'), person('c', 0.7, 'Africa'), person('d', 0.6, 'Europe'), person('e', 0.5, 'Europe')]
    const lowered = optimiseSelection({ candidates, constraints: { seats: 3, minPerRegion: { Africa: 2 } } })
    expect(lowered.loweredMinimums).toEqual([{ region: 'Africa', asked: 2, qualified: 1 }])
    expect(lowered.infeasibility).toBeNull()
    expect(lowered.selected).toEqual(['a', 'b', 'c'])

    const tooMany = optimiseSelection({ candidates, constraints: { seats: 3, minPerRegion: { Asia: 2, Europe: 2 } } })
    expect(tooMany.infeasibility?.violations).toEqual([{ kind: 'minimums_exceed_seats', total: 4, seats: 3 }])
    expect(tooMany.infeasibility?.relaxedMinimums).toEqual({ Asia: 2, Europe: 1 })

    const aboveCap = optimiseSelection({ candidates, constraints: { seats: 3, maxPerRegion: 1, minPerRegion: { Europe: 2 } } })
    expect(aboveCap.infeasibility?.violations).toEqual([{ kind: 'minimum_above_cap', region: 'Europe', minimum: 2, cap: 1 }])

    const employers = [person('a', 0.9, 'Asia'), person('f', 0.4, 'Europe', 'Acme'), person('g', 0.3, 'Europe', 'acme')]
    const unreachable = optimiseSelection({ candidates: employers, constraints: { seats: 3, maxPerEmployer: 1, minPerRegion: { Europe: 2 } } })
    expect(unreachable.infeasibility?.violations).toEqual([{ kind: 'minimum_unreachable', region: 'Europe', minimum: 2, reachable: 1 }])
    expect(unreachable.selected).toEqual(['a', 'f'])
  })

  it('keeps overridden candidates in even beyond a cap, and fills the rest around them', () => {
    const candidates = [person('a', 0.9, 'Asia'), person('b', 0.8, 'Asia'), person('c', 0.2, 'Asia'), person('d', 0.1, 'Europe')]
    const result = optimiseSelection({ candidates, constraints: { seats: 3, maxPerRegion: 1 }, forcedIn: ['c', 'b'] })
    expect(result.selected).toEqual(['b', 'c', 'd'])
  })
})
