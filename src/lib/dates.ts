/**
 * Instants and calendar days in named time zones, with Intl only (no date library).
 * A cohort's calendar is written in days ("September 1, 2023") of the cohort's zone; we store instants.
 */

/** Anywhere on Earth (UTC−12): the default zone of deadlines, so "September 1" lasts until it ends everywhere. */
export const ANYWHERE_ON_EARTH = 'Etc/GMT+12'

const offsetFormatters = new Map<string, Intl.DateTimeFormat>()

/** Whether `zone` is an IANA time zone name this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** The offset of `zone` from UTC at `instant`, in minutes (east positive). */
export function zoneOffsetMinutes(zone: string, instant: Date): number {
  let f = offsetFormatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    offsetFormatters.set(zone, f)
  }
  const parts = Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]))
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  )
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000)
}

/** The instant at which wall-clock time `local` ("YYYY-MM-DDTHH:mm[:ss]") occurs in `zone`. */
export function zonedTimeToInstant(local: string, zone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(local)
  if (!m) throw new RangeError(`Not a local date-time: ${local}`)
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m
  const guess = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
  // Two passes settle the offset across a DST change.
  let instant = guess - zoneOffsetMinutes(zone, new Date(guess)) * 60000
  instant = guess - zoneOffsetMinutes(zone, new Date(instant)) * 60000
  return new Date(instant)
}

/** Whether `day` ("YYYY-MM-DD") is a real calendar date. */
export function isCalendarDay(day: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) return false
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return date.toISOString().slice(0, 10) === day
}

/**
 * The instant an ISO 8601 timestamp with an explicit zone names ("2023-03-01T10:00:00Z", "…+08:00"), or
 * undefined when it is not one or names no real moment: Date.parse alone rolls "2023-02-30" over to March 2
 * and reads a string without a zone as local time.
 */
export function parseIsoInstant(text: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):?(\d{2}))$/i.exec(text)
  if (!m || !isCalendarDay(m[1]!) || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4]) > 59) return undefined
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return undefined
  const t = Date.parse(text)
  return Number.isNaN(t) ? undefined : t
}

/** The instant a calendar day begins in `zone`. */
export function startOfDay(day: string, zone: string): Date {
  if (!isCalendarDay(day)) throw new RangeError(`Not a calendar day: ${day}`)
  return zonedTimeToInstant(`${day}T00:00:00`, zone)
}

/** The instant just after a calendar day ends in `zone` (exclusive end: "until September 1" ends here). */
export function endOfDay(day: string, zone: string): Date {
  if (!isCalendarDay(day)) throw new RangeError(`Not a calendar day: ${day}`)
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
  return zonedTimeToInstant(`${next}T00:00:00`, zone)
}

/** The calendar day ("YYYY-MM-DD") an instant falls on in `zone`. */
export function dayInZone(instant: Date, zone: string): string {
  const offset = zoneOffsetMinutes(zone, instant)
  return new Date(instant.getTime() + offset * 60000).toISOString().slice(0, 10)
}

/**
 * The latest calendar day anywhere on Earth at `instant` (UTC+14, the Line Islands): a day after it has not begun
 * for anyone, so a date after it is in the future wherever the person who gave it lives.
 */
export function latestDayOnEarth(instant: Date): string {
  return new Date(instant.getTime() + 14 * 3_600_000).toISOString().slice(0, 10)
}

/**
 * The earliest calendar day anywhere on Earth at `instant` (UTC−12, Baker Island): the mirror of latestDayOnEarth,
 * so a day before it had ended for everyone by then, wherever the person who gave it lives.
 */
export function earliestDayOnEarth(instant: Date): string {
  return new Date(instant.getTime() - 12 * 3_600_000).toISOString().slice(0, 10)
}

/** A readable day such as "September 1, 2023" (or "2023年9月1日" in Chinese). */
export function formatDay(day: string, locale = 'en-US'): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`))
}

/** A short label of a zone for people: "UTC−12 (Anywhere on Earth)", "Asia/Shanghai (UTC+8)". */
export function describeZone(zone: string, at: Date): string {
  const offset = zoneOffsetMinutes(zone, at)
  const sign = offset < 0 ? '−' : '+'
  const abs = Math.abs(offset)
  const hhmm = `${Math.floor(abs / 60)}${abs % 60 ? `:${String(abs % 60).padStart(2, '0')}` : ''}`
  if (zone === ANYWHERE_ON_EARTH) return `Anywhere on Earth (UTC${sign}${hhmm})`
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC'
  return `${zone} (UTC${sign}${hhmm})`
}
