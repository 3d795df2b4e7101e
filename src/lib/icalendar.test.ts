import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { escapeText, foldLine, writeCalendar } from './icalendar.ts'
import { zonedTimeToInstant } from './dates.ts'

/** Start instants of the first `n` occurrences, as ical.js (an independent parser) expands them. */
function occurrences(ics: string, n: number): string[] {
  const component = new ICAL.Component(ICAL.parse(ics))
  for (const tz of component.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz))
  const vevent = component.getFirstSubcomponent('vevent')
  if (!vevent) throw new Error('no VEVENT')
  const event = new ICAL.Event(vevent)
  const iterator = event.iterator()
  const result: string[] = []
  for (let next = iterator.next(); next && result.length < n; next = iterator.next()) result.push(next.toJSDate().toISOString())
  return result
}

describe('iCalendar writer', () => {
  it('a weekly meeting in Berlin keeps 10:00 local across the spring and autumn DST changes', () => {
    const zone = 'Europe/Berlin'
    const start = zonedTimeToInstant('2024-03-21T10:00', zone)
    const ics = writeCalendar({
      productId: '-//Embassy//Test//EN',
      name: 'Ambassadors, weekly',
      now: new Date('2024-03-01T00:00:00Z'),
      events: [{ uid: 'meeting-1@test', summary: 'Weekly call', start, end: new Date(start.getTime() + 3_600_000), timeZone: zone, recurrence: { frequency: 'WEEKLY', byDay: ['TH'] } }],
    })
    expect(ics).toContain('DTSTART;TZID=Europe/Berlin:20240321T100000')
    expect(occurrences(ics, 3)).toEqual(['2024-03-21T09:00:00.000Z', '2024-03-28T09:00:00.000Z', '2024-04-04T08:00:00.000Z'])
    const all = occurrences(ics, 33)
    expect(all[31]).toBe('2024-10-24T08:00:00.000Z')
    expect(all[32]).toBe('2024-10-31T09:00:00.000Z')
  })

  it('New York and Sydney (opposite hemispheres) and UTC events', () => {
    const ny = zonedTimeToInstant('2025-03-06T18:30', 'America/New_York')
    const icsNy = writeCalendar({ productId: '-//t//EN', events: [{ uid: 'a@t', summary: 'NY', start: ny, end: new Date(ny.getTime() + 1_800_000), timeZone: 'America/New_York', recurrence: { frequency: 'WEEKLY', count: 3 } }] })
    expect(occurrences(icsNy, 5)).toEqual(['2025-03-06T23:30:00.000Z', '2025-03-13T22:30:00.000Z', '2025-03-20T22:30:00.000Z'])
    const sy = zonedTimeToInstant('2025-03-27T09:00', 'Australia/Sydney')
    const icsSy = writeCalendar({ productId: '-//t//EN', events: [{ uid: 'b@t', summary: 'SY', start: sy, end: new Date(sy.getTime() + 1_800_000), timeZone: 'Australia/Sydney', recurrence: { frequency: 'WEEKLY', until: new Date('2025-04-11T00:00:00Z') } }] })
    expect(occurrences(icsSy, 5)).toEqual(['2025-03-26T22:00:00.000Z', '2025-04-02T22:00:00.000Z', '2025-04-09T23:00:00.000Z'])
    const utc = new Date('2025-01-01T12:00:00Z')
    const icsUtc = writeCalendar({ productId: '-//t//EN', events: [{ uid: 'c@t', summary: 'UTC', start: utc, end: new Date(utc.getTime() + 60_000) }] })
    expect(icsUtc).toContain('DTSTART:20250101T120000Z')
    expect(occurrences(icsUtc, 2)).toEqual(['2025-01-01T12:00:00.000Z'])
  })

  it('cancelled occurrences (EXDATE) are skipped', () => {
    const zone = 'Asia/Shanghai'
    const start = zonedTimeToInstant('2024-01-02T20:00', zone)
    const ics = writeCalendar({ productId: '-//t//EN', events: [{ uid: 'd@t', summary: 'x', start, end: new Date(start.getTime() + 3_600_000), timeZone: zone, recurrence: { frequency: 'WEEKLY', count: 3 }, exceptions: [zonedTimeToInstant('2024-01-09T20:00', zone)] }] })
    expect(occurrences(ics, 5)).toEqual(['2024-01-02T12:00:00.000Z', '2024-01-16T12:00:00.000Z'])
  })

  it('escapes TEXT and folds long lines at 75 octets without splitting characters', () => {
    expect(escapeText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne')
    const long = `SUMMARY:${'长'.repeat(60)}`
    const folded = foldLine(long)
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
    expect(folded.replace(/\r\n /g, '')).toBe(long)
    const summary = `Agenda; notes, and more: ${'é'.repeat(80)}\nsecond line`
    const start = new Date('2025-01-01T12:00:00Z')
    const ics = writeCalendar({ productId: '-//t//EN', events: [{ uid: 'e@t', summary, start, end: start }] })
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
    const parsed = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!)
    expect(parsed.summary).toBe(summary)
  })
})
