/**
 * The eligibility engine: which of a program's requirements an application meets, and whether it is
 * eligible. Pure: plain data in, plain data out, no I/O; fast enough to evaluate every application of a
 * cohort in a job (one pass over the evidence, days compared as 'YYYY-MM-DD' strings, no Date per item).
 *
 * The reasons and the summary are written in `input.locale` (English by default); nothing else depends on it.
 *
 * Odd applicant data never throws: unreadable dates are undated, non-positive counts count as 1, unknown
 * evidence types are ignored, odd settings fall back to defaults. A deadline that is not a valid instant or
 * a time zone the runtime does not know is a configuration error and throws a RangeError.
 */
import { dayState, lastApplicationDay, UNDATED, VALID, windowFirstDay } from './days.ts'
import { normaliseUrl, Tally } from './evidence.ts'
import { ageReason, countingReason, freeFormReason, statementReason, summarize, unknownKindReason } from './summary.ts'
import type {
  EligibilityInput,
  EligibilityLocale,
  EligibilityVerdict,
  EvidenceItem,
  EvidenceType,
  RequirementRule,
  RequirementStatus,
  RequirementVerdict,
  RequirementWindow,
} from './types.ts'

/** Evidence types a content_count requirement counts when its settings name none. */
export const DEFAULT_CONTENT_TYPES: readonly EvidenceType[] = ['blog_post', 'video', 'social_post', 'talk', 'user_case']
/** Minimum age of an age_attestation requirement whose settings name none. */
export const DEFAULT_MINIMUM_AGE = 18

const TYPES_OF: Record<'code_contributions' | 'events' | 'other_projects', readonly EvidenceType[]> = {
  code_contributions: ['code_contribution'],
  events: ['event_organized', 'event_presented'],
  other_projects: ['project_role'],
}

/**
 * The days whose evidence counts for a requirement with a window of `windowMonths` months: from
 * `windowFirstDay(lastDay, windowMonths)` to the last day of applications, both inclusive; null without a window.
 */
export function requirementWindow(deadline: Date, timeZone: string, windowMonths: number | null): RequirementWindow | null {
  const lastDay = lastApplicationDay(deadline, timeZone)
  if (windowMonths === null || windowMonths === undefined) return null
  if (!Number.isInteger(windowMonths) || windowMonths < 1) throw new RangeError(`windowMonths must be a whole number ≥ 1 (got ${windowMonths})`)
  return { firstDay: windowFirstDay(lastDay, windowMonths), lastDay }
}

/** `settings.contentTypes` when it is a list (its strings), else the default content types. */
function contentTypes(settings: unknown): readonly string[] {
  const types = settings && typeof settings === 'object' ? (settings as Record<string, unknown>).contentTypes : undefined
  return Array.isArray(types) ? types.filter((t): t is string => typeof t === 'string') : DEFAULT_CONTENT_TYPES
}

/** A whole number ≥ 1 (rounded down), or null for anything else. */
function positiveWhole(value: unknown): number | null {
  return typeof value === 'number' && value >= 1 && value < Infinity ? Math.floor(value) : null
}

// ---------------------------------------------------------------------------------------------- verdict

/** Evaluates one application against a program's requirements and its "at least N" rule. */
export function evaluateEligibility(input: EligibilityInput): EligibilityVerdict {
  const rules: RequirementRule[] = Array.isArray(input.requirements) ? input.requirements : []
  const lastDay = lastApplicationDay(input.deadline, input.timeZone)
  const locale: EligibilityLocale = input.locale === 'zh-CN' ? 'zh-CN' : 'en'

  // One tally per counting requirement, reachable from each evidence type it counts.
  const tallies: (Tally | null)[] = []
  const byType = new Map<string, Tally[]>()
  for (const rule of rules) {
    const kind = rule.kind
    if (kind !== 'content_count' && kind !== 'code_contributions' && kind !== 'events' && kind !== 'other_projects') {
      tallies.push(null)
      continue
    }
    const months = positiveWhole(rule.windowMonths)
    const tally = new Tally(kind === 'other_projects', months === null ? null : windowFirstDay(lastDay, months), lastDay)
    tallies.push(tally)
    for (const type of kind === 'content_count' ? contentTypes(rule.settings) : TYPES_OF[kind]) {
      const list = byType.get(type)
      if (list === undefined) byType.set(type, [tally])
      else if (!list.includes(tally)) list.push(tally)
    }
  }

  // One pass over the evidence.
  const evidence: unknown[] = Array.isArray(input.evidence) ? input.evidence : []
  for (let i = 0; i < evidence.length; i++) {
    const item = evidence[i] as EvidenceItem
    if (item === null || typeof item !== 'object') continue
    const list = byType.get(item.type)
    if (list === undefined) continue
    let state = -1
    let url: string | null | undefined
    for (let j = 0; j < list.length; j++) {
      const t = list[j]!
      if (t.firstDay !== null) {
        if (state < 0) state = dayState(item.occurredOn)
        if (state !== VALID) {
          if (state === UNDATED) t.undated++
          else t.unreadable++
          continue
        }
        const day = item.occurredOn as string
        if (day < t.firstDay || day > t.lastDay) {
          t.outside++
          continue
        }
      }
      if (url === undefined) url = normaliseUrl(item.url)
      t.add(item, url)
    }
  }

  const statements = input.statements && typeof input.statements === 'object' ? input.statements : null
  const verdicts: RequirementVerdict[] = []
  let mandatoryMet = true
  let mandatoryFailed = false
  let optionalMet = 0
  let optionalPending = 0
  let optionalTotal = 0
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!
    const tally = tallies[r]!
    let status: RequirementStatus
    let count: number | null = null
    let threshold: number | null = null
    let window: RequirementWindow | null = null
    let counted: string[] = []
    let reason: string
    if (tally !== null) {
      const done = tally.finish()
      count = done.count
      counted = done.counted
      const th = rule.threshold
      threshold = typeof th === 'number' && th > 0 && th < Infinity ? Math.ceil(th) : 1
      if (tally.firstDay !== null) window = { firstDay: tally.firstDay, lastDay }
      status = count >= threshold ? 'met' : 'not_met'
      reason = countingReason(rule.kind, count, threshold, window, tally, locale)
    } else if (rule.kind === 'age_attestation') {
      const settings = rule.settings && typeof rule.settings === 'object' ? rule.settings : {}
      const minimum = typeof settings.minimumAge === 'number' && Number.isFinite(settings.minimumAge) ? settings.minimumAge : DEFAULT_MINIMUM_AGE
      const raw = statements?.attestedMinimumAge
      const attested = typeof raw === 'number' && !Number.isNaN(raw) ? raw : null
      status = attested !== null && attested >= minimum ? 'met' : 'not_met'
      reason = ageReason(attested, minimum, locale)
    } else if (rule.kind === 'statement') {
      const affirmed = Array.isArray(statements?.affirmed) && statements.affirmed.includes(rule.key)
      status = affirmed ? 'met' : 'not_met'
      reason = statementReason(affirmed, locale)
    } else if (rule.kind === 'free_form') {
      const texts = statements?.freeForm
      const text = texts && typeof texts === 'object' && Object.hasOwn(texts, rule.key) ? texts[rule.key] : undefined
      const written = typeof text === 'string' && text.trim() !== ''
      status = written ? 'needs_review' : 'not_met'
      reason = freeFormReason(written, locale)
    } else {
      status = 'needs_review'
      reason = unknownKindReason(String(rule.kind), locale)
    }
    const mandatory = rule.mandatory === true
    if (mandatory) {
      if (status !== 'met') mandatoryMet = false
      if (status === 'not_met') mandatoryFailed = true
    } else {
      optionalTotal++
      if (status === 'met') optionalMet++
      else if (status === 'needs_review') optionalPending++
    }
    verdicts.push({ key: rule.key, title: rule.title, kind: rule.kind, mandatory, status, count, threshold, window, counted, reason })
  }

  const atLeast = typeof input.atLeast === 'number' && !Number.isNaN(input.atLeast) ? Math.max(0, Math.ceil(input.atLeast)) : null
  const optionalNeeded = atLeast === null ? optionalTotal : Math.min(atLeast, optionalTotal)
  // Eligible when met now; needs review when reviewers' reading of the pending ones can still make it eligible.
  const overall: EligibilityVerdict['overall'] =
    mandatoryFailed || optionalMet + optionalPending < optionalNeeded
      ? 'not_eligible'
      : mandatoryMet && optionalMet >= optionalNeeded
        ? 'eligible'
        : 'needs_review'
  const summary = summarize(verdicts, { met: optionalMet, pending: optionalPending, total: optionalTotal, needed: optionalNeeded }, locale)
  return { requirements: verdicts, mandatoryMet, optionalMet, optionalPending, optionalTotal, optionalNeeded, overall, summary }
}
