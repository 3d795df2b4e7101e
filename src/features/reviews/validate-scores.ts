import { t, type Locale } from '../../ui/i18n.ts'
import type { RubricCriterion } from './aggregate.ts'

/**
 * Checks scores against the rubric: every criterion scored, each a whole number within its scale, and no
 * criterion the program does not have. Returns field messages keyed `score.<criterion>` (empty when valid).
 */
export function validateScores(criteria: readonly (RubricCriterion & { name: string })[], scores: Record<string, number>, locale: Locale = 'en'): Record<string, string> {
  const errors: Record<string, string> = {}
  const known = new Set(criteria.map((c) => c.key))
  for (const key of Object.keys(scores)) if (!known.has(key)) errors[`score.${key}`] = t(locale, 'review.refused.unknownCriterion', { key })
  for (const c of criteria) {
    const s = scores[c.key]
    const vars = { name: c.name, min: c.scaleMin, max: c.scaleMax }
    if (s === undefined) errors[`score.${c.key}`] = t(locale, 'review.refused.missingScore', vars)
    else if (!Number.isInteger(s) || s < c.scaleMin || s > c.scaleMax) errors[`score.${c.key}`] = t(locale, 'review.refused.outOfScale', vars)
  }
  return errors
}
