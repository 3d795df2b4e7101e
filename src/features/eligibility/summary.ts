/** The English sentences of the eligibility verdict (reasons per requirement and the overall summary). */
import { formatDay } from '../../lib/dates.ts'
import type { RequirementKind, RequirementVerdict, RequirementWindow } from './types.ts'

// formatDay builds an Intl formatter per call (tens of µs); windows repeat across applications, so memoise.
const dayLabels = new Map<string, string>()

/** "September 1, 2023" for '2023-09-01', memoised (bounded). */
export function dayLabel(day: string): string {
  let label = dayLabels.get(day)
  if (label === undefined) {
    label = formatDay(day)
    if (dayLabels.size >= 4096) dayLabels.clear()
    dayLabels.set(day, label)
  }
  return label
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many
}

const NOUNS: Partial<Record<RequirementKind, [string, string]>> = {
  content_count: ['content item', 'content items'],
  code_contributions: ['contribution', 'contributions'],
  events: ['event', 'events'],
  other_projects: ['project', 'projects'],
}

/** What a counting requirement left out, to explain a count. */
export interface Exclusions {
  undated: number
  unreadable: number
  outside: number
  duplicates: number
}

/** "3 of 4 content items between September 2, 2022 and September 1, 2023; 1 undated item not counted". */
export function countingReason(
  kind: RequirementKind,
  count: number,
  threshold: number,
  window: RequirementWindow | null,
  ex: Exclusions,
): string {
  const [one, many] = NOUNS[kind] ?? ['item', 'items']
  let text = `${count} of ${threshold} ${plural(threshold, one, many)}`
  if (window) text += ` between ${dayLabel(window.firstDay)} and ${dayLabel(window.lastDay)}`
  if (ex.undated) text += `; ${ex.undated} undated ${plural(ex.undated, 'item', 'items')} not counted`
  if (ex.unreadable) text += `; ${ex.unreadable} ${plural(ex.unreadable, 'item', 'items')} with an unreadable date not counted`
  if (ex.outside) text += `; ${ex.outside} ${plural(ex.outside, 'item', 'items')} outside these dates not counted`
  if (ex.duplicates) {
    text +=
      kind === 'other_projects'
        ? `; ${ex.duplicates} more ${plural(ex.duplicates, 'role', 'roles')} in the same ${plural(ex.duplicates, 'project', 'projects')} not counted again`
        : `; ${ex.duplicates} ${plural(ex.duplicates, 'duplicate', 'duplicates')} counted once`
  }
  return text
}

/** Reason of an age attestation. */
export function ageReason(attested: number | null, minimum: number): string {
  if (attested === null) return `Confirm that you are at least ${minimum} years old`
  if (attested >= minimum) return `You confirm that you are at least ${minimum} years old`
  return `You confirm being at least ${attested}; the program requires ${minimum} or older`
}

/** Reason of a statement the applicant affirms or not. */
export function statementReason(affirmed: boolean): string {
  return affirmed ? 'You affirm this' : 'Affirm this to meet it'
}

/** Reason of a free-form requirement. */
export function freeFormReason(written: boolean): string {
  return written ? 'Reviewers will read what you wrote' : 'Tell reviewers about this in your own words'
}

/** Reason of a requirement whose kind this engine does not know (left to reviewers). */
export function unknownKindReason(kind: string): string {
  return `Reviewers will check this requirement (kind "${kind}" is not evaluated automatically)`
}

function quoteList(verdicts: RequirementVerdict[]): string {
  return verdicts.map((v) => `“${v.title}”`).join(', ')
}

/** "You meet 2 of the 6; you need 2. You meet all 3 mandatory requirements." */
export function summarize(
  verdicts: RequirementVerdict[],
  optional: { met: number; pending: number; total: number; needed: number },
): string {
  const mandatory = verdicts.filter((v) => v.mandatory)
  if (verdicts.length === 0) return 'This program sets no formal requirements.'
  const sentences: string[] = []
  if (optional.total > 0) {
    let s = `You meet ${optional.met} of the ${optional.total}`
    if (optional.pending) s += `, and ${optional.pending} ${plural(optional.pending, 'is', 'are')} waiting for review`
    const need =
      optional.needed === 0
        ? 'none of them'
        : optional.needed === optional.total && optional.total > 1
          ? `all ${optional.total}`
          : String(optional.needed)
    sentences.push(`${s}; you need ${need}.`)
  }
  if (mandatory.length > 0) {
    const notMet = mandatory.filter((v) => v.status === 'not_met')
    const review = mandatory.filter((v) => v.status === 'needs_review')
    const n = mandatory.length
    if (notMet.length === 0 && review.length === 0) {
      sentences.push(n === 1 ? 'You meet the mandatory requirement.' : `You meet all ${n} mandatory requirements.`)
    }
    if (notMet.length > 0) {
      sentences.push(
        n === 1
          ? `You do not yet meet the mandatory requirement ${quoteList(notMet)}.`
          : `You do not yet meet ${notMet.length} of the ${n} mandatory requirements: ${quoteList(notMet)}.`,
      )
    }
    if (review.length > 0) {
      sentences.push(
        `Reviewers will check ${review.length === 1 ? 'the mandatory requirement' : `${review.length} mandatory requirements`} ${quoteList(review)}.`,
      )
    }
  }
  return sentences.join(' ')
}
