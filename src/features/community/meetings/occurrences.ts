import { zonedTimeToInstant } from '../../../lib/dates.ts'

/** What the recurrence of a weekly meeting depends on. */
export interface WeeklyRule {
  timeZone: string
  /** Local "YYYY-MM-DDTHH:mm" of the first occurrence in `timeZone`. */
  firstStartLocal: string
  intervalWeeks: number
  /** Last local day an occurrence may fall on. */
  untilDay: string | null
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

/**
 * Start instants of the occurrences between `from` (inclusive) and `to` (exclusive), at most `limit`.
 * Each occurrence is the same wall-clock time in the meeting's zone, so its UTC instant moves across DST.
 */
export function occurrencesBetween(rule: WeeklyRule, from: Date, to: Date, limit = 200): Date[] {
  const [firstDay, time] = rule.firstStartLocal.split('T') as [string, string]
  const step = 7 * rule.intervalWeeks
  const first = zonedTimeToInstant(rule.firstStartLocal, rule.timeZone)
  // Skip whole periods before `from` (a day of slack either side covers any zone offset).
  const skip = Math.max(0, Math.floor((from.getTime() - first.getTime()) / (step * 86_400_000)) - 1)
  const result: Date[] = []
  for (let k = skip; result.length < limit; k++) {
    const day = addDays(firstDay, k * step)
    if (rule.untilDay && day > rule.untilDay) break
    const start = zonedTimeToInstant(`${day}T${time}`, rule.timeZone)
    if (start >= to) break
    if (start >= from) result.push(start)
  }
  return result
}

/** The time of day and weekday an instant has in `zone`, named for a reader in `locale` ("Thu, 21 Mar 2024, 10:00 CET"). */
export function formatInZone(instant: Date, zone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(instant)
}
