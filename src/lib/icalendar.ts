/**
 * An RFC 5545 iCalendar writer: VCALENDAR with VEVENTs (RRULE, EXDATE), instants in UTC or as wall-clock
 * times in an IANA zone with a generated VTIMEZONE, TEXT escaping and line folding at 75 octets.
 * Calendar apps subscribe to these feeds; every occurrence of a weekly meeting must land on the same wall-clock
 * time across daylight-saving changes, which is why zoned events carry TZID and the zone's rules.
 */
import { zoneOffsetMinutes } from './dates.ts'

/** A weekday as RFC 5545 writes it. */
export type IcalWeekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU'

/** A recurrence rule (the subset Embassy uses). */
export interface IcalRecurrence {
  frequency: 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY'
  /** Every n periods (default 1). */
  interval?: number
  /** Last instant an occurrence may start at (written in UTC, as RFC 5545 requires with a TZID start). */
  until?: Date
  /** Number of occurrences (instead of `until`). */
  count?: number
  /** Weekdays of a weekly rule. */
  byDay?: IcalWeekday[]
}

/** One event of a calendar. */
export interface IcalEvent {
  /** Globally unique and stable across feeds, e.g. `meeting-42@embassy.example`. */
  uid: string
  summary: string
  description?: string
  location?: string
  url?: string
  /** The (first) start instant. */
  start: Date
  /** End of the first occurrence. */
  end: Date
  /** IANA zone: start/end are written as wall-clock times in it (TZID) and recurrences follow its DST. Unset: UTC. */
  timeZone?: string
  recurrence?: IcalRecurrence
  /** Start instants of cancelled occurrences of a recurring event. */
  exceptions?: Date[]
  /** Incremented on every change so clients replace their copy. */
  sequence?: number
  status?: 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED'
  /** When the event was last changed (DTSTAMP/LAST-MODIFIED). */
  updatedAt?: Date
  categories?: string[]
}

/** A whole calendar (one feed). */
export interface IcalCalendar {
  /** PRODID, e.g. `-//Embassy//Meetings//EN`. */
  productId: string
  /** Display name (NAME and X-WR-CALNAME). */
  name?: string
  /** How often subscribers should refresh, in minutes (REFRESH-INTERVAL, RFC 7986). */
  refreshMinutes?: number
  events: IcalEvent[]
  /** DTSTAMP of events without `updatedAt` (default: now). */
  now?: Date
}

const CRLF = '\r\n'

/** Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n')
}

/** Folds a content line into lines of at most 75 octets (continuations start with a space), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= 75) return line
  const parts: string[] = []
  let current = ''
  let octets = 0
  let limit = 75
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8')
    if (octets + size > limit) {
      parts.push(current)
      current = ''
      octets = 0
      limit = 74 // the leading space of a continuation line counts
    }
    current += char
    octets += size
  }
  parts.push(current)
  return parts.join(`${CRLF} `)
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** An instant as a UTC DATE-TIME: `20240331T080000Z`. */
export function formatUtc(instant: Date): string {
  const d = instant
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
}

/** An instant as a local DATE-TIME in `zone` (no `Z`): `20240331T100000`. */
export function formatLocal(instant: Date, zone: string): string {
  const local = new Date(instant.getTime() + zoneOffsetMinutes(zone, instant) * 60000)
  return formatUtc(local).slice(0, -1)
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
}

function dateProperty(name: string, instant: Date, zone: string | undefined): string {
  return zone ? `${name};TZID=${zone}:${formatLocal(instant, zone)}` : `${name}:${formatUtc(instant)}`
}

function recurrenceRule(rule: IcalRecurrence): string {
  const parts = [`FREQ=${rule.frequency}`]
  if (rule.interval && rule.interval > 1) parts.push(`INTERVAL=${rule.interval}`)
  if (rule.until) parts.push(`UNTIL=${formatUtc(rule.until)}`)
  else if (rule.count) parts.push(`COUNT=${rule.count}`)
  if (rule.byDay?.length) parts.push(`BYDAY=${rule.byDay.join(',')}`)
  return `RRULE:${parts.join(';')}`
}

/** A change of a zone's UTC offset. */
interface Transition {
  at: Date
  from: number
  to: number
}

const transitionCache = new Map<string, Transition[]>()

/** The offset changes of `zone` between the start of `fromYear` and the end of `toYear` (weekly scan, then bisection). */
export function zoneTransitions(zone: string, fromYear: number, toYear: number): Transition[] {
  const key = `${zone}|${fromYear}|${toYear}`
  const cached = transitionCache.get(key)
  if (cached) return cached
  const transitions: Transition[] = []
  const week = 7 * 86_400_000
  const end = Date.UTC(toYear + 1, 0, 1)
  let t = Date.UTC(fromYear, 0, 1)
  let offset = zoneOffsetMinutes(zone, new Date(t))
  while (t < end) {
    const next = Math.min(t + week, end)
    const nextOffset = zoneOffsetMinutes(zone, new Date(next))
    if (nextOffset !== offset) {
      // Bisect to the minute: the first instant with the new offset.
      let lo = t
      let hi = next
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000
        if (zoneOffsetMinutes(zone, new Date(mid)) === offset) lo = mid
        else hi = mid
      }
      transitions.push({ at: new Date(hi), from: offset, to: zoneOffsetMinutes(zone, new Date(hi)) })
      offset = nextOffset
    }
    t = next
  }
  transitionCache.set(key, transitions)
  return transitions
}

/** A VTIMEZONE for `zone` with each offset change between `fromYear` and `toYear` as its own observance. */
export function timeZoneComponent(zone: string, fromYear: number, toYear: number): string[] {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`]
  const rangeStart = new Date(Date.UTC(fromYear, 0, 1))
  const initial = zoneOffsetMinutes(zone, rangeStart)
  const transitions = zoneTransitions(zone, fromYear, toYear)
  // An opening observance so instants before the first change of the range have an offset too.
  const firstTo = transitions[0]?.to
  const initialKind = firstTo !== undefined && firstTo < initial ? 'DAYLIGHT' : 'STANDARD'
  lines.push(
    `BEGIN:${initialKind}`,
    `DTSTART:${formatUtc(new Date(rangeStart.getTime() + initial * 60000)).slice(0, -1)}`,
    `TZOFFSETFROM:${formatOffset(initial)}`,
    `TZOFFSETTO:${formatOffset(initial)}`,
    `END:${initialKind}`,
  )
  for (const change of transitions) {
    const kind = change.to > change.from ? 'DAYLIGHT' : 'STANDARD'
    // DTSTART of an observance is the local time just before the change (in the offset being left).
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${formatUtc(new Date(change.at.getTime() + change.from * 60000)).slice(0, -1)}`,
      `TZOFFSETFROM:${formatOffset(change.from)}`,
      `TZOFFSETTO:${formatOffset(change.to)}`,
      `END:${kind}`,
    )
  }
  lines.push('END:VTIMEZONE')
  return lines
}

/** How far ahead an open-ended recurrence needs the zone's offset changes. */
const OPEN_ENDED_YEARS = 10

function yearsOf(events: IcalEvent[], zone: string, now: Date): [number, number] {
  let from = Infinity
  let to = -Infinity
  for (const event of events) {
    if (event.timeZone !== zone) continue
    from = Math.min(from, event.start.getUTCFullYear())
    const last = event.recurrence
      ? event.recurrence.until
        ? event.recurrence.until.getUTCFullYear()
        : Math.max(event.start.getUTCFullYear(), now.getUTCFullYear()) + OPEN_ENDED_YEARS
      : event.end.getUTCFullYear()
    to = Math.max(to, last)
  }
  return [from, to]
}

function eventLines(event: IcalEvent, now: Date): string[] {
  const zone = event.timeZone
  const lines = [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${formatUtc(event.updatedAt ?? now)}`,
    dateProperty('DTSTART', event.start, zone),
    dateProperty('DTEND', event.end, zone),
  ]
  if (event.recurrence) lines.push(recurrenceRule(event.recurrence))
  if (event.exceptions?.length) {
    lines.push(
      zone
        ? `EXDATE;TZID=${zone}:${event.exceptions.map((d) => formatLocal(d, zone)).join(',')}`
        : `EXDATE:${event.exceptions.map(formatUtc).join(',')}`,
    )
  }
  lines.push(`SUMMARY:${escapeText(event.summary)}`)
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`)
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`)
  if (event.url) lines.push(`URL:${event.url}`)
  if (event.categories?.length) lines.push(`CATEGORIES:${event.categories.map(escapeText).join(',')}`)
  if (event.status) lines.push(`STATUS:${event.status}`)
  if (event.sequence !== undefined) lines.push(`SEQUENCE:${event.sequence}`)
  if (event.updatedAt) lines.push(`LAST-MODIFIED:${formatUtc(event.updatedAt)}`)
  lines.push('END:VEVENT')
  return lines
}

/** Writes a complete `text/calendar` document (CRLF line ends, folded lines). */
export function writeCalendar(calendar: IcalCalendar): string {
  const now = calendar.now ?? new Date()
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${calendar.productId}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH']
  if (calendar.name) lines.push(`NAME:${escapeText(calendar.name)}`, `X-WR-CALNAME:${escapeText(calendar.name)}`)
  if (calendar.refreshMinutes) {
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:PT${calendar.refreshMinutes}M`, `X-PUBLISHED-TTL:PT${calendar.refreshMinutes}M`)
  }
  const zones = [...new Set(calendar.events.map((e) => e.timeZone).filter((z): z is string => Boolean(z)))].sort()
  for (const zone of zones) {
    const [from, to] = yearsOf(calendar.events, zone, now)
    lines.push(...timeZoneComponent(zone, from, to))
  }
  for (const event of calendar.events) lines.push(...eventLines(event, now))
  lines.push('END:VCALENDAR')
  return lines.map(foldLine).join(CRLF) + CRLF
}
