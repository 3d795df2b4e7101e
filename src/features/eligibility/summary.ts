/**
 * The sentences of the eligibility verdict (reasons per requirement and the overall summary), in English or
 * Simplified Chinese. Every function takes the locale last and defaults to English.
 */
import { formatDay } from '../../lib/dates.ts'
import type { EligibilityLocale, RequirementKind, RequirementVerdict, RequirementWindow } from './types.ts'

// formatDay builds an Intl formatter per call (tens of µs); windows repeat across applications, so memoise,
// one bounded cache per locale.
const enDayLabels = new Map<string, string>()
const zhDayLabels = new Map<string, string>()

/** "September 1, 2023" (or "2023年9月1日" in zh-CN) for '2023-09-01', memoised (bounded, per locale). */
export function dayLabel(day: string, locale: EligibilityLocale = 'en'): string {
  const labels = locale === 'zh-CN' ? zhDayLabels : enDayLabels
  let label = labels.get(day)
  if (label === undefined) {
    label = locale === 'zh-CN' ? formatDay(day, 'zh-CN') : formatDay(day)
    if (labels.size >= 4096) labels.clear()
    labels.set(day, label)
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
  locale: EligibilityLocale = 'en',
): string {
  if (locale === 'zh-CN') return countingReasonZh(kind, count, threshold, window, ex)
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
export function ageReason(attested: number | null, minimum: number, locale: EligibilityLocale = 'en'): string {
  if (locale === 'zh-CN') {
    if (attested === null) return `请确认您已年满 ${minimum} 周岁`
    if (attested >= minimum) return `您已确认年满 ${minimum} 周岁`
    return `您确认的是年满 ${attested} 周岁；本项目要求年满 ${minimum} 周岁`
  }
  if (attested === null) return `Confirm that you are at least ${minimum} years old`
  if (attested >= minimum) return `You confirm that you are at least ${minimum} years old`
  return `You confirm being at least ${attested}; the program requires ${minimum} or older`
}

/** Reason of a statement the applicant affirms or not. */
export function statementReason(affirmed: boolean, locale: EligibilityLocale = 'en'): string {
  if (locale === 'zh-CN') return affirmed ? '您已确认此项' : '确认此项即可满足'
  return affirmed ? 'You affirm this' : 'Affirm this to meet it'
}

/** Reason of a free-form requirement. */
export function freeFormReason(written: boolean, locale: EligibilityLocale = 'en'): string {
  if (locale === 'zh-CN') return written ? '评审会阅读您填写的内容' : '请用您自己的话向评审说明'
  return written ? 'Reviewers will read what you wrote' : 'Tell reviewers about this in your own words'
}

/** Reason of a requirement whose kind this engine does not know (left to reviewers). */
export function unknownKindReason(kind: string, locale: EligibilityLocale = 'en'): string {
  if (locale === 'zh-CN') return `评审会审核此项要求（类型“${kind}”无法自动评估）`
  return `Reviewers will check this requirement (kind "${kind}" is not evaluated automatically)`
}

function quoteList(verdicts: RequirementVerdict[]): string {
  return verdicts.map((v) => `“${v.title}”`).join(', ')
}

/** "You meet 2 of the 6; you need 2. You meet all 3 mandatory requirements." */
export function summarize(
  verdicts: RequirementVerdict[],
  optional: { met: number; pending: number; total: number; needed: number },
  locale: EligibilityLocale = 'en',
): string {
  if (locale === 'zh-CN') return summarizeZh(verdicts, optional)
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

// ---------------------------------------------------------------------------------------------- 简体中文

/** Measure word and noun of what a counting requirement counts: "3 项内容", "23 次贡献", "2 场活动", "3 个项目". */
const UNITS_ZH: Partial<Record<RequirementKind, [string, string]>> = {
  content_count: ['项', '内容'],
  code_contributions: ['次', '贡献'],
  events: ['场', '活动'],
  other_projects: ['个', '项目'],
}

/** "2022年9月2日至2023年9月1日期间有 3 项内容，需要 4 项；1 项未注明日期，未计入". */
function countingReasonZh(kind: RequirementKind, count: number, threshold: number, window: RequirementWindow | null, ex: Exclusions): string {
  const [unit, noun] = UNITS_ZH[kind] ?? ['项', '材料']
  let text = window
    ? `${dayLabel(window.firstDay, 'zh-CN')}至${dayLabel(window.lastDay, 'zh-CN')}期间有 ${count} ${unit}${noun}，需要 ${threshold} ${unit}`
    : `共有 ${count} ${unit}${noun}，需要 ${threshold} ${unit}`
  if (ex.undated) text += `；${ex.undated} 项未注明日期，未计入`
  if (ex.unreadable) text += `；${ex.unreadable} 项日期无法识别，未计入`
  if (ex.outside) text += `；${ex.outside} 项不在此期间内，未计入`
  if (ex.duplicates) {
    text += kind === 'other_projects' ? `；同一项目中的另外 ${ex.duplicates} 个角色不重复计算` : `；${ex.duplicates} 项重复材料不重复计算`
  }
  return text
}

function quoteListZh(verdicts: RequirementVerdict[]): string {
  return verdicts.map((v) => `“${v.title}”`).join('、')
}

/** "您满足其余 6 项中的 2 项，需要 2 项。3 项必备条件均已满足。" */
function summarizeZh(verdicts: RequirementVerdict[], optional: { met: number; pending: number; total: number; needed: number }): string {
  const mandatory = verdicts.filter((v) => v.mandatory)
  if (verdicts.length === 0) return '此项目未设定正式要求。'
  const sentences: string[] = []
  if (optional.total > 0) {
    // "其余" (the others) when mandatory requirements are listed too: the count is of the non-mandatory ones.
    let s = `您满足${mandatory.length > 0 ? '其余' : ''} ${optional.total} 项中的 ${optional.met} 项`
    const need =
      optional.needed === 0
        ? '不要求满足其中任何一项'
        : optional.needed === optional.total && optional.total > 1
          ? `需要全部 ${optional.total} 项`
          : `需要 ${optional.needed} 项`
    s += optional.pending ? `，另有 ${optional.pending} 项等待评审；${need}。` : `，${need}。`
    sentences.push(s)
  }
  if (mandatory.length > 0) {
    const notMet = mandatory.filter((v) => v.status === 'not_met')
    const review = mandatory.filter((v) => v.status === 'needs_review')
    const n = mandatory.length
    if (notMet.length === 0 && review.length === 0) {
      sentences.push(n === 1 ? '必备条件已满足。' : `${n} 项必备条件均已满足。`)
    }
    if (notMet.length > 0) {
      sentences.push(
        n === 1 ? `您尚未满足必备条件${quoteListZh(notMet)}。` : `${n} 项必备条件中，您尚有 ${notMet.length} 项未满足：${quoteListZh(notMet)}。`,
      )
    }
    if (review.length > 0) {
      sentences.push(review.length === 1 ? `评审将审核必备条件${quoteListZh(review)}。` : `评审将审核 ${review.length} 项必备条件：${quoteListZh(review)}。`)
    }
  }
  return sentences.join('')
}
