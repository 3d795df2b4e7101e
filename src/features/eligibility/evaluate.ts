/**
 * The eligibility engine: which of a program's requirements an application meets, and whether it is
 * eligible. Pure: plain data in, plain data out, no I/O; fast enough to evaluate every application of a
 * cohort in a job (one pass over the evidence, days compared as 'YYYY-MM-DD' strings, no Date per item).
 *
 * Odd applicant data never throws: unreadable dates are undated, non-positive counts count as 1, unknown
 * evidence types are ignored, odd settings fall back to defaults. A deadline that is not a valid instant or
 * a time zone the runtime does not know is a configuration error and throws a RangeError.
 */
import { dayInZone } from '../../lib/dates.ts'
import { searchKey } from '../../lib/text.ts'
import { ageReason, countingReason, freeFormReason, statementReason, summarize, unknownKindReason } from './summary.ts'
import type {
  EligibilityInput,
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

// ---------------------------------------------------------------------------------------------- days

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return MONTH_DAYS[month - 1]!
}

const VALID = 0
const UNDATED = 1
const UNREADABLE = 2

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48
  return c >= 0 && c <= 9 ? c : -1000
}

/** Whether `s` is a real 'YYYY-MM-DD' day (VALID), absent or empty (UNDATED), or anything else (UNREADABLE). */
function dayState(s: unknown): number {
  if (s === null || s === undefined || s === '') return UNDATED
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return UNREADABLE
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3)
  const m = digit(s, 5) * 10 + digit(s, 6)
  const d = digit(s, 8) * 10 + digit(s, 9)
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return UNREADABLE
  return VALID
}

function formatYmd(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`
}

/**
 * The first day of a window of `months` months ending on `lastDay` (inclusive): go back `months` calendar
 * months keeping the day of the month — or the last day of that month when it is shorter — then one day
 * forward. 12 months to 2023-09-01 start on 2022-09-02; 1 month to 2023-03-30 (or -29, -31, -28) starts on
 * 2023-03-01 (back to February 28, then forward); 12 months to 2024-02-29 start on 2023-03-01.
 */
export function windowFirstDay(lastDay: string, months: number): string {
  const y = Number(lastDay.slice(0, 4))
  const m = Number(lastDay.slice(5, 7))
  const d = Number(lastDay.slice(8, 10))
  const total = y * 12 + (m - 1) - months
  const y2 = Math.floor(total / 12)
  const m2 = total - y2 * 12 + 1
  const dim = daysInMonth(y2, m2)
  const d2 = Math.min(d, dim)
  if (d2 < dim) return formatYmd(y2, m2, d2 + 1)
  return m2 === 12 ? formatYmd(y2 + 1, 1, 1) : formatYmd(y2, m2 + 1, 1)
}

// dayInZone costs an Intl call; deadlines repeat across applications, so memoise (bounded, keyed by value).
const lastDays = new Map<string, string>()

/** The last day of applications: the day, in `timeZone`, of the instant just before the exclusive `deadline`. */
export function lastApplicationDay(deadline: Date, timeZone: string): string {
  const t = deadline instanceof Date ? deadline.getTime() : Number.NaN
  if (!Number.isFinite(t)) throw new RangeError('deadline is not a valid instant')
  const key = `${timeZone}\u0000${t}`
  let day = lastDays.get(key)
  if (day === undefined) {
    day = dayInZone(new Date(t - 1), timeZone) // RangeError for a zone the runtime does not know
    if (dayState(day) !== VALID) throw new RangeError(`deadline ${deadline.toISOString()} is outside years 0000–9999`)
    if (lastDays.size >= 1024) lastDays.clear()
    lastDays.set(key, day)
  }
  return day
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

// ---------------------------------------------------------------------------------------------- evidence

/**
 * The identity of a link for spotting duplicates: scheme (http/https), "www.", fragment, default port and
 * trailing slashes dropped, host lower-cased; the path and query keep their case. Null when blank.
 */
export function normaliseUrl(raw: unknown): string | null {
  if (typeof raw !== 'string') return null
  let s = raw.trim()
  const hash = s.indexOf('#')
  if (hash >= 0) s = s.slice(0, hash)
  if (s === '') return null
  const head = s.slice(0, 8).toLowerCase()
  if (head === 'https://') s = s.slice(8)
  else if (head.startsWith('http://')) s = s.slice(7)
  else if (head.startsWith('//')) s = s.slice(2)
  let end = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 47 /* / */ || c === 63 /* ? */) {
      end = i
      break
    }
  }
  let host = s.slice(0, end).toLowerCase()
  if (host.startsWith('www.')) host = host.slice(4)
  if (host.endsWith(':443')) host = host.slice(0, -4)
  else if (host.endsWith(':80')) host = host.slice(0, -3)
  let rest = s.slice(end)
  const q = rest.indexOf('?')
  let query = ''
  if (q >= 0) {
    query = rest.slice(q + 1)
    rest = rest.slice(0, q)
  }
  let pathEnd = rest.length
  while (pathEnd > 0 && rest.charCodeAt(pathEnd - 1) === 47) pathEnd--
  const key = host + rest.slice(0, pathEnd) + (query ? `?${query}` : '')
  return key === '' ? null : key
}

/** Running totals of one counting requirement while the evidence is read. */
class Tally {
  count = 0
  ids: string[] = []
  keyed: Map<string, { id: string; count: number }> | null = null
  undated = 0
  unreadable = 0
  outside = 0
  duplicates = 0
  constructor(
    readonly projects: boolean,
    readonly firstDay: string | null,
    readonly lastDay: string,
  ) {}

  /** Counts an item that passed the type and window checks; links and projects already seen count once. */
  add(item: EvidenceItem, url: string | null): void {
    const id = typeof item.id === 'string' ? item.id : typeof item.id === 'number' ? String(item.id) : ''
    let key: string
    let n = 1
    if (this.projects) {
      if (url !== null) key = `u${url}`
      else {
        const name = typeof item.title === 'string' ? searchKey(item.title) : ''
        key = name !== '' ? `t${name}` : `i${id}`
      }
    } else {
      const c = item.count
      n = typeof c === 'number' && c >= 1 && c < Infinity ? Math.floor(c) : 1
      if (url === null) {
        this.count += n
        this.ids.push(id)
        return
      }
      key = `${item.type}\n${url}`
    }
    this.keyed ??= new Map()
    const seen = this.keyed.get(key)
    if (seen === undefined) this.keyed.set(key, { id, count: n })
    else {
      // Keep the largest count, then the smallest id, so the result does not depend on evidence order.
      this.duplicates++
      if (n > seen.count || (n === seen.count && id < seen.id)) {
        seen.id = id
        seen.count = n
      }
    }
  }

  /** The total and the sorted ids that counted. */
  finish(): { count: number; counted: string[] } {
    let count = this.count
    const counted = this.ids
    if (this.keyed) {
      for (const seen of this.keyed.values()) {
        count += seen.count
        counted.push(seen.id)
      }
    }
    counted.sort()
    return { count, counted }
  }
}

/** `settings.contentTypes` when it is a list (its strings), else the default content types. */
function contentTypes(settings: unknown): readonly string[] {
  const types = settings && typeof settings === 'object' ? (settings as Record<string, unknown>).contentTypes : undefined
  return Array.isArray(types) ? types.filter((t): t is string => typeof t === 'string') : DEFAULT_CONTENT_TYPES
}

function positiveWhole(value: unknown): number | null {
  return typeof value === 'number' && value >= 1 && value < Infinity ? Math.floor(value) : null
}

// ---------------------------------------------------------------------------------------------- verdict

/** Evaluates one application against a program's requirements and its "at least N" rule. */
export function evaluateEligibility(input: EligibilityInput): EligibilityVerdict {
  const rules: RequirementRule[] = Array.isArray(input.requirements) ? input.requirements : []
  const lastDay = lastApplicationDay(input.deadline, input.timeZone)

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
      reason = countingReason(rule.kind, count, threshold, window, tally)
    } else if (rule.kind === 'age_attestation') {
      const settings = rule.settings && typeof rule.settings === 'object' ? rule.settings : {}
      const minimum = typeof settings.minimumAge === 'number' && Number.isFinite(settings.minimumAge) ? settings.minimumAge : DEFAULT_MINIMUM_AGE
      const raw = statements?.attestedMinimumAge
      const attested = typeof raw === 'number' && !Number.isNaN(raw) ? raw : null
      status = attested !== null && attested >= minimum ? 'met' : 'not_met'
      reason = ageReason(attested, minimum)
    } else if (rule.kind === 'statement') {
      const affirmed = Array.isArray(statements?.affirmed) && statements.affirmed.includes(rule.key)
      status = affirmed ? 'met' : 'not_met'
      reason = statementReason(affirmed)
    } else if (rule.kind === 'free_form') {
      const texts = statements?.freeForm
      const text = texts && typeof texts === 'object' && Object.hasOwn(texts, rule.key) ? texts[rule.key] : undefined
      const written = typeof text === 'string' && text.trim() !== ''
      status = written ? 'needs_review' : 'not_met'
      reason = freeFormReason(written)
    } else {
      status = 'needs_review'
      reason = unknownKindReason(String(rule.kind))
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
  const summary = summarize(verdicts, { met: optionalMet, pending: optionalPending, total: optionalTotal, needed: optionalNeeded })
  return { requirements: verdicts, mandatoryMet, optionalMet, optionalPending, optionalTotal, optionalNeeded, overall, summary }
}
