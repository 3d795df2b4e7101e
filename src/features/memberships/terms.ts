/** Pure rules of ambassador terms: which year in a row a term is, and how years are said. */

import type { Locale } from '../../ui/i18n.ts'

/**
 * Which year in a row a term in `year` is, given the cohort years of the person's earlier terms in the same
 * program and role (any order, duplicates allowed): 1 + the length of the unbroken run of years ending at
 * `year - 1`. A gap year starts the count again.
 */
export function consecutiveYearsAt(year: number, earlierYears: readonly number[]): number {
  const held = new Set(earlierYears)
  let count = 1
  while (held.has(year - count)) count++
  return count
}

/** "1st year", "2nd year", "23rd year"; in Chinese "第2年". */
export function describeYearInRow(locale: Locale, years: number): string {
  if (locale === 'zh-CN') return `第${years}年`
  const mod100 = years % 100
  const suffix = mod100 >= 11 && mod100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[years % 10] ?? 'th'
  return `${years}${suffix} year`
}

/**
 * The term a cohort's membership covers: its calendar's term phase when it has one, otherwise `termMonths`
 * from `fallbackStart` (the moment of confirmation).
 */
export function termOf(termPhase: { startsAt: Date; endsAt: Date | null } | undefined, termMonths: number, fallbackStart: Date): { termStart: Date; termEnd: Date } {
  if (termPhase?.endsAt) return { termStart: termPhase.startsAt, termEnd: termPhase.endsAt }
  const termStart = termPhase?.startsAt ?? fallbackStart
  const termEnd = new Date(termStart)
  termEnd.setUTCMonth(termEnd.getUTCMonth() + termMonths)
  return { termStart, termEnd }
}
