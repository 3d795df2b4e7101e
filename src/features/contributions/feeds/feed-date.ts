/**
 * Dates as feeds write them: RFC 822/2822 in RSS (`Wed, 02 Oct 2002 15:00:00 +0200`, with the usual
 * deviations: no weekday, full month names, two-digit years, no seconds, named or odd zones) and ISO 8601 /
 * W3C-DTF in Atom and Dublin Core (`2003-12-13T18:30:02.25+05:45`, offsets with or without a colon, a space
 * instead of the T, a bare date). A date without a zone is taken as UTC, so the result never depends on the
 * server's time zone. Anything else gives null rather than a guess.
 */

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, sept: 8, oct: 9, nov: 10, dec: 11,
  january: 0, february: 1, march: 2, april: 3, june: 5, july: 6, august: 7, september: 8, october: 9, november: 10, december: 11,
}

/** Zone names of RFC 822 and a few more seen in feeds, in minutes east of UTC. Unknown names count as UTC. */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600,
  wet: 0, west: 60, bst: 60, cet: 60, cest: 120, met: 60, mest: 120, eet: 120, eest: 180, msk: 180,
  jst: 540, kst: 540, hkt: 480, sgt: 480, awst: 480, acst: 570, acdt: 630, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
}

/** A UTC instant from parts and an offset in minutes east of UTC; null when a part is out of range. */
function instant(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number, offsetMinutes: number): Date | null {
  if (month < 0 || month > 11 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return null
  if (hour === 24 && (minute !== 0 || second !== 0)) return null
  if (year < 1000) return null // Date.UTC would read years 0–99 as 1900–1999
  const t = Date.UTC(year, month, day, hour, minute, Math.min(second, 59), ms)
  const check = new Date(Date.UTC(year, month, day))
  if (check.getUTCMonth() !== month || check.getUTCDate() !== day) return null // 31 February
  const d = new Date(t - offsetMinutes * 60_000)
  return Number.isNaN(d.getTime()) ? null : d
}

/** "+05:45", "-0330", "+05", "Z" → minutes east of UTC; null when malformed. */
function numericOffset(zone: string): number | null {
  if (/^z$/i.test(zone)) return 0
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone)
  if (!m) return null
  const hours = Number(m[2])
  const minutes = m[3] ? Number(m[3]) : 0
  if (hours > 23 || minutes > 59) return null
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes)
}

const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?)?)?\s*(Z|z|[+-]\d{1,2}(?::?\d{2})?)?$/

function parseIso(s: string): Date | null {
  const m = ISO.exec(s)
  if (!m) return null
  const [, y, mo, d, h, mi, sec, frac, zone] = m
  if (!mo && zone) return null
  const offset = zone ? numericOffset(zone) : 0
  if (offset === null) return null
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0
  return instant(Number(y), mo ? Number(mo) - 1 : 0, d ? Number(d) : 1, h ? Number(h) : 0, mi ? Number(mi) : 0, sec ? Number(sec) : 0, Math.min(ms, 999), offset)
}

// "Wed, 02 Oct 2002 15:00:00 +0200", "2 October 2002 15:00 GMT", "02-Oct-02 15:00:00 EST"
const RFC822 =
  /^(?:[A-Za-z]{2,9}\.?(?:,\s*|\s+))?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{2,4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(.*)$/
// Month first: "Wed Oct 02 2002 15:00:00 GMT+0200 (Central European Summer Time)", "October 2, 2002 3:00:00 -0500"
const MONTH_FIRST =
  /^(?:[A-Za-z]{2,9}\.?(?:,\s*|\s+))?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(.*)$/

function rfc822Zone(rest: string): number | null {
  let zone = rest.trim()
  // A trailing comment names the zone in words: "+0530 (IST)", "GMT+0200 (Central European Summer Time)".
  const withoutComment = zone.replace(/\s*\([^)]*\)$/, '').trim()
  zone = withoutComment || zone.replace(/^\((.*)\)$/, '$1').trim()
  if (!zone) return 0
  // "GMT+0800", "UTC-05:00", "+0530", "GMT", "EST"
  const m = /^(?:(?:GMT|UTC|UT)\s*)?([+-]\d{1,2}(?::?\d{2})?)?\s*([A-Za-z]{1,5})?$/i.exec(zone)
  if (!m) return null
  if (m[1]) return numericOffset(m[1])
  if (m[2]) {
    const name = m[2].toLowerCase()
    // Single military letters and unknown names: RFC 2822 reads them as -0000 (UTC, zone unknown).
    return ZONES[name] ?? 0
  }
  return 0
}

function parseRfc822(s: string): Date | null {
  let parts: { d: string; mon: string; y: string; h?: string; mi?: string; sec?: string; rest?: string } | undefined
  const m = RFC822.exec(s)
  if (m) parts = { d: m[1]!, mon: m[2]!, y: m[3]!, h: m[4], mi: m[5], sec: m[6], rest: m[7] }
  else {
    const f = MONTH_FIRST.exec(s)
    if (f) parts = { mon: f[1]!, d: f[2]!, y: f[3]!, h: f[4], mi: f[5], sec: f[6], rest: f[7] }
  }
  if (!parts) return null
  const month = MONTHS[parts.mon.toLowerCase()]
  if (month === undefined) return null
  let year = Number(parts.y)
  if (parts.y.length === 2) year += year < 50 ? 2000 : 1900
  else if (parts.y.length === 3) year += 1900 // RFC 2822 obsolete three-digit years
  let hour = parts.h ? Number(parts.h) : 0
  let rest = parts.rest ?? ''
  const meridiem = parts.h ? /^([ap])\.?m\.?(?=\s|$)\s*/i.exec(rest) : null
  if (meridiem) {
    if (hour < 1 || hour > 12) return null
    hour = (hour % 12) + (meridiem[1]!.toLowerCase() === 'p' ? 12 : 0)
    rest = rest.slice(meridiem[0].length)
  }
  const offset = rfc822Zone(rest)
  if (offset === null) return null
  return instant(year, month, Number(parts.d), hour, parts.mi ? Number(parts.mi) : 0, parts.sec ? Number(parts.sec) : 0, 0, offset)
}

/** The instant a feed date names, or null when it cannot be read with confidence. */
export function parseFeedDate(value: string | null | undefined): Date | null {
  if (!value) return null
  const s = value.trim().replace(/\s+/g, ' ')
  if (!s) return null
  return parseIso(s) ?? parseRfc822(s)
}
