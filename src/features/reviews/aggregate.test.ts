import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { aggregateScores, reviewerZScores, weightedReviewScore, type RubricCriterion } from './aggregate.ts'

const openstack: RubricCriterion[] = [
  { key: 'track_record', weight: 2, scaleMin: 1, scaleMax: 5 },
  { key: 'location', weight: 1, scaleMin: 0, scaleMax: 10 },
  { key: 'impact', weight: 1, scaleMin: 1, scaleMax: 5 },
]

describe('weightedReviewScore', () => {
  it('rescales each criterion to 0..1 on its own scale and weights it', () => {
    // track 5 → 1, location 5 → 0.5, impact 1 → 0: (2·1 + 0.5 + 0) / 4
    expect(weightedReviewScore(openstack, { track_record: 5, location: 5, impact: 1 })).toBeCloseTo(0.625)
  })
  it('gives 0 for the bottom of every scale and 1 for the top', () => {
    expect(weightedReviewScore(openstack, { track_record: 1, location: 0, impact: 1 })).toBe(0)
    expect(weightedReviewScore(openstack, { track_record: 5, location: 10, impact: 5 })).toBe(1)
  })
  it('leaves unscored criteria out, and is null when nothing was scored', () => {
    expect(weightedReviewScore(openstack, { location: 10 })).toBe(1)
    expect(weightedReviewScore(openstack, {})).toBeNull()
  })
})

describe('reviewerZScores', () => {
  it('puts a harsh and a generous reviewer on one scale', () => {
    const z = reviewerZScores([
      { reviewerId: 'harsh', score: 0.1 },
      { reviewerId: 'harsh', score: 0.3 },
      { reviewerId: 'kind', score: 0.7 },
      { reviewerId: 'kind', score: 0.9 },
    ])
    expect(z).toEqual([-1, 1, -1, 1].map((x) => expect.closeTo(x, 9)))
  })
  it('counts a reviewer without spread as average (0)', () => {
    expect(reviewerZScores([{ reviewerId: 'a', score: 0.4 }, { reviewerId: 'b', score: 0.2 }, { reviewerId: 'b', score: 0.2 }])).toEqual([0, 0, 0])
  })
  it('has mean 0 for each reviewer (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ reviewerId: fc.constantFrom('a', 'b', 'c'), score: fc.double({ min: 0, max: 1, noNaN: true }) }), { maxLength: 30 }), (reviews) => {
        const z = reviewerZScores(reviews)
        for (const id of ['a', 'b', 'c']) {
          const mine = z.filter((_, i) => reviews[i]!.reviewerId === id)
          if (mine.length) expect(Math.abs(mine.reduce((s, x) => s + x, 0))).toBeLessThan(1e-6)
        }
      }),
    )
  })
})

describe('aggregateScores', () => {
  const apps = ['a1', 'a2', 'a3'].map((id) => ({ applicationId: id, personId: `p-${id}`, expectedReviews: 2 }))
  it('averages reviews per application and flags missing reviews and ties', () => {
    const result = aggregateScores(openstack, apps, [
      { applicationId: 'a1', reviewerId: 'r1', scores: { track_record: 5, location: 10, impact: 5 } },
      { applicationId: 'a1', reviewerId: 'r2', scores: { track_record: 1, location: 0, impact: 1 } },
      { applicationId: 'a2', reviewerId: 'r1', scores: { track_record: 3, location: 5, impact: 3 } },
      { applicationId: 'a2', reviewerId: 'r2', scores: { track_record: 3, location: 5, impact: 3 } },
    ])
    expect(result.map((r) => [r.applicationId, r.score, r.reviewCount, r.flags])).toEqual([
      ['a1', 0.5, 2, ['tie']],
      ['a2', 0.5, 2, ['tie']],
      ['a3', null, 0, ['missing_reviews']],
    ])
    expect(result[2]!.normalisedScore).toBeNull()
  })
  it('flags an application with fewer reviews than expected, and no tie between distinct scores', () => {
    const result = aggregateScores(openstack, apps.slice(0, 2), [
      { applicationId: 'a1', reviewerId: 'r1', scores: { track_record: 5, location: 10, impact: 5 } },
      { applicationId: 'a2', reviewerId: 'r1', scores: { track_record: 4, location: 10, impact: 5 } },
      { applicationId: 'a2', reviewerId: 'r2', scores: { track_record: 4, location: 10, impact: 5 } },
    ])
    expect(result.map((r) => r.flags)).toEqual([['missing_reviews'], []])
    // r1 scored a1 above a2: after normalisation a1 is ahead.
    expect(result[0]!.normalisedScore!).toBeGreaterThan(result[1]!.normalisedScore!)
  })
  it('keeps every score within 0..1 (property)', () => {
    const review = fc.record({
      applicationId: fc.constantFrom('a1', 'a2', 'a3'),
      reviewerId: fc.constantFrom('r1', 'r2', 'r3'),
      scores: fc.record({ track_record: fc.integer({ min: 1, max: 5 }), location: fc.integer({ min: 0, max: 10 }), impact: fc.integer({ min: 1, max: 5 }) }),
    })
    fc.assert(
      fc.property(fc.array(review, { maxLength: 20 }), (rs) => {
        for (const r of aggregateScores(openstack, apps, rs)) {
          if (r.score !== null) expect(r.score).toBeGreaterThanOrEqual(0)
          if (r.score !== null) expect(r.score).toBeLessThanOrEqual(1)
          expect(r.reviewCount).toBe(rs.filter((x) => x.applicationId === r.applicationId).length)
        }
      }),
    )
  })
})
