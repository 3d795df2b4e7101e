/** Calendar days as 'YYYY-MM-DD' strings: cheap validation, window arithmetic, the last day of applications. */
import { dayInZone } from '../../lib/dates.ts'

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return MONTH_DAYS[month - 1]!
}

/** dayState: a real calendar day. */
export const VALID = 0
/** dayState: null, undefined or empty. */
export const UNDATED = 1
/** dayState: anything else. */
export const UNREADABLE = 2

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48
  return c >= 0 && c <= 9 ? c : -1000
}

/** Whether `s` is a real 'YYYY-MM-DD' day (VALID), absent or empty (UNDATED), or anything else (UNREADABLE). */
export function dayState(s: unknown): number {
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
