import { t, type Locale } from '../../ui/i18n.ts'
import type { CapReached, Explanation, Infeasibility, LoweredMinimum, Violation } from './types.ts'
import type { SelectionOutcome } from './schema.ts'

/** "1st", "2nd", "3rd", "11th", "21st" — or "第3" in Chinese. */
export function ordinal(locale: Locale, n: number): string {
  if (locale === 'zh-CN') return `第${n}`
  const tens = n % 100
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'
  return `${n}${suffix}`
}

/** "region cap reached (Asia: 5 of 5)". */
export function describeCap(locale: Locale, cap: CapReached): string {
  return t(locale, `selection.cap.${cap.kind}`, { name: cap.name, count: cap.count, cap: cap.cap })
}

/** An outcome in words. */
export function outcomeLabel(locale: Locale, outcome: SelectionOutcome): string {
  return t(locale, `selection.outcome.${outcome}`)
}

/** The plain explanation of a decision, e.g. "selected: ranked 3rd" or "ranked 31st; seats filled". */
export function explain(locale: Locale, e: Explanation): string {
  const rank = 'rank' in e ? ordinal(locale, e.rank) : ''
  switch (e.code) {
    case 'selected':
      return t(locale, 'selection.explain.selected', { rank })
    case 'promoted':
      return t(locale, 'selection.explain.promoted', { rank, position: ordinal(locale, e.position) })
    case 'waitlisted':
      return e.cap
        ? t(locale, 'selection.explain.waitlistedCap', { rank, position: ordinal(locale, e.position), cap: describeCap(locale, e.cap) })
        : t(locale, 'selection.explain.waitlisted', { rank, position: ordinal(locale, e.position) })
    case 'left_waitlist':
      return t(locale, 'selection.explain.leftWaitlist', { position: ordinal(locale, e.position) })
    case 'seats_filled':
      return t(locale, 'selection.explain.seatsFilled', { rank })
    case 'cap_reached':
      return t(locale, 'selection.explain.capReached', { rank, cap: describeCap(locale, e.cap) })
    case 'minimum':
      return t(locale, 'selection.explain.minimum', { rank, regions: e.regions.join(locale === 'zh-CN' ? '、' : ', ') })
    case 'combination':
      return t(locale, 'selection.explain.combination', { rank })
    case 'not_eligible':
      return e.summary ? t(locale, 'selection.explain.notEligible', { summary: e.summary }) : t(locale, 'selection.explain.notEligibleBare')
    case 'not_scored':
      return t(locale, 'selection.explain.notScored', { reviews: e.reviews, expected: e.expected })
    case 'override':
      return t(locale, 'selection.explain.override', { outcome: outcomeLabel(locale, e.outcome), reason: e.reason })
  }
}

/** The explanation in both languages the site speaks. */
export function explainBoth(e: Explanation): Record<Locale, string> {
  return { en: explain('en', e), 'zh-CN': explain('zh-CN', e) }
}

/** One sentence per constraint that could not be met. */
export function describeViolation(locale: Locale, v: Violation): string {
  switch (v.kind) {
    case 'minimums_exceed_seats':
      return t(locale, 'selection.violation.minimumsExceedSeats', { total: v.total, seats: v.seats })
    case 'minimum_above_cap':
      return t(locale, 'selection.violation.minimumAboveCap', { region: v.region, minimum: v.minimum, cap: v.cap })
    case 'minimum_unreachable':
      return t(locale, 'selection.violation.minimumUnreachable', { region: v.region, minimum: v.minimum, reachable: v.reachable })
  }
}

/** What could not be met and the relaxation applied, as sentences; empty when everything was met. */
export function describeInfeasibility(locale: Locale, inf: Infeasibility | null, lowered: LoweredMinimum[] = []): string[] {
  const lines = lowered.map((l) => t(locale, 'selection.lowered', { region: l.region, asked: l.asked, qualified: l.qualified }))
  if (!inf) return lines
  const minimums = Object.entries(inf.relaxedMinimums)
    .map(([r, m]) => `${r} ${m}`)
    .join(locale === 'zh-CN' ? '、' : ', ')
  return [...lines, ...inf.violations.map((v) => describeViolation(locale, v)), t(locale, 'selection.relaxation', { minimums })]
}
