/** A criterion as scoring needs it: key, weight and inclusive integer scale. */
export interface RubricCriterion {
  key: string
  weight: number
  scaleMin: number
  scaleMax: number
}

/** One stored review, as aggregation needs it. */
export interface ScoredReview {
  applicationId: string
  reviewerId: string
  scores: Record<string, number>
}

/** Why an application's score needs a second look. */
export type ScoreFlag = 'missing_reviews' | 'tie'

/** The aggregated score of one application. */
export interface ApplicationScore {
  applicationId: string
  personId: string
  /** Weighted mean on 0..1 (each criterion rescaled from its scale), averaged over the reviews; null without reviews. */
  score: number | null
  /** Mean of the reviews' per-reviewer z-scores; null without reviews. */
  normalisedScore: number | null
  reviewCount: number
  expectedReviews: number
  flags: ScoreFlag[]
}

/**
 * The weighted mean of one review on 0..1: each criterion's score is rescaled to 0..1 on its own scale and
 * weighted; criteria the review did not score are left out of both sums (null when it scored none).
 */
export function weightedReviewScore(criteria: readonly RubricCriterion[], scores: Record<string, number>): number | null {
  let sum = 0
  let weights = 0
  for (const c of criteria) {
    const s = scores[c.key]
    if (s === undefined || !Number.isFinite(s)) continue
    sum += c.weight * ((s - c.scaleMin) / (c.scaleMax - c.scaleMin))
    weights += c.weight
  }
  return weights > 0 ? sum / weights : null
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

/**
 * Per-reviewer z-scores: (score − the reviewer's mean) / the reviewer's standard deviation, over all the
 * reviewer's reviews, because one reviewer's 3 is another's 4. A reviewer with one review, or identical
 * scores, has no spread: their reviews count as 0 (average), which neither helps nor hurts.
 */
export function reviewerZScores(reviews: readonly { reviewerId: string; score: number }[]): number[] {
  const byReviewer = new Map<string, number[]>()
  for (const r of reviews) {
    const list = byReviewer.get(r.reviewerId)
    if (list) list.push(r.score)
    else byReviewer.set(r.reviewerId, [r.score])
  }
  const stats = new Map<string, { mu: number; sigma: number }>()
  for (const [id, xs] of byReviewer) {
    const mu = mean(xs)
    const sigma = Math.sqrt(mean(xs.map((x) => (x - mu) ** 2)))
    stats.set(id, { mu, sigma })
  }
  return reviews.map((r) => {
    const { mu, sigma } = stats.get(r.reviewerId)!
    return sigma > 1e-12 ? (r.score - mu) / sigma : 0
  })
}

/** Scores closer than this are a tie (floating-point noise, not a real difference). */
const TIE_EPSILON = 1e-9

/**
 * Aggregates a cohort: weighted mean per application, mean per-reviewer z-score, and flags — missing reviews
 * (fewer than expected) and ties (another application has the same weighted mean). Applications keep the
 * given order.
 */
export function aggregateScores(
  criteria: readonly RubricCriterion[],
  applications: readonly { applicationId: string; personId: string; expectedReviews: number }[],
  reviews: readonly ScoredReview[],
): ApplicationScore[] {
  const scored = reviews.flatMap((r) => {
    const score = weightedReviewScore(criteria, r.scores)
    return score === null ? [] : [{ ...r, score }]
  })
  const z = reviewerZScores(scored)
  const perApplication = new Map<string, { scores: number[]; z: number[] }>()
  scored.forEach((r, i) => {
    const entry = perApplication.get(r.applicationId) ?? { scores: [], z: [] }
    entry.scores.push(r.score)
    entry.z.push(z[i]!)
    perApplication.set(r.applicationId, entry)
  })
  const result: ApplicationScore[] = applications.map((a) => {
    const entry = perApplication.get(a.applicationId)
    const reviewCount = entry?.scores.length ?? 0
    return {
      applicationId: a.applicationId,
      personId: a.personId,
      score: entry ? mean(entry.scores) : null,
      normalisedScore: entry ? mean(entry.z) : null,
      reviewCount,
      expectedReviews: a.expectedReviews,
      flags: reviewCount < a.expectedReviews ? ['missing_reviews'] : [],
    }
  })
  // Ties: sort the scored ones and compare neighbours (n log n, not n²).
  const order = result.filter((r) => r.score !== null).sort((a, b) => a.score! - b.score!)
  for (let i = 1; i < order.length; i++) {
    if (Math.abs(order[i]!.score! - order[i - 1]!.score!) <= TIE_EPSILON) {
      for (const r of [order[i]!, order[i - 1]!]) if (!r.flags.includes('tie')) r.flags.push('tie')
    }
  }
  return result
}
