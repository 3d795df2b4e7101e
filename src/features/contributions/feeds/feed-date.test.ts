import { describe, expect, it } from 'vitest'
import { parseFeedDate } from './feed-date.ts'

describe('parseFeedDate', () => {
  const readable: [string, string][] = [
    // RFC 822 / 2822, as RSS writes them
    ['Wed, 02 Oct 2002 13:00:00 GMT', '2002-10-02T13:00:00.000Z'],
    ['Wed, 02 Oct 2002 15:00:00 +0200', '2002-10-02T13:00:00.000Z'],
    ['Tue, 10 Jun 2003 04:00:00 EST', '2003-06-10T09:00:00.000Z'],
    ['Sat, 07 Sep 2002 00:00:01 PDT', '2002-09-07T07:00:01.000Z'],
    ['Wed, 02 Oct 2002 13:00:00 UT', '2002-10-02T13:00:00.000Z'],
    ['Wed, 02 Oct 2002 13:00:00 Z', '2002-10-02T13:00:00.000Z'],
    ['2 Oct 2002 13:00 +0545', '2002-10-02T07:15:00.000Z'], // Nepal: no weekday, no seconds, a 45-minute offset
    ['Mon, 1 Jan 2024 00:00:00 -0330', '2024-01-01T03:30:00.000Z'], // Newfoundland, across midnight
    ['Sun, 14 Jul 2024 10:00:00 +1400', '2024-07-13T20:00:00.000Z'], // Kiribati: the day before in UTC
    ['Fri, 09 Aug 2024 08:00:00 +05:30', '2024-08-09T02:30:00.000Z'], // a colon in the offset
    ['Mon, 15 Aug 2022 10:00:00 +0530 (IST)', '2022-08-15T04:30:00.000Z'],
    ['Mon, 01 Jan 24 09:00:00 +0000', '2024-01-01T09:00:00.000Z'], // two-digit year
    ['Thu, 31 Dec 98 23:59:59 -0000', '1998-12-31T23:59:59.000Z'],
    ['Wednesday, 02 October 2002 13:00:00 GMT', '2002-10-02T13:00:00.000Z'],
    ['Wed, 02 Oct 2002 13:00:00 GMT+0800', '2002-10-02T05:00:00.000Z'],
    ['Wed, 02 Oct 2002 13:00:00 CEST', '2002-10-02T11:00:00.000Z'],
    ['Wed, 02 Oct 2002 13:00:00 XYZ', '2002-10-02T13:00:00.000Z'], // an unknown zone name counts as UTC
    ['  Wed,  02 Oct  2002   13:00:00   GMT ', '2002-10-02T13:00:00.000Z'],
    ['Wed, 02 Oct 2002', '2002-10-02T00:00:00.000Z'],
    ['02-Oct-2002 13:00:00 +0100', '2002-10-02T12:00:00.000Z'],
    ['wed, 02 oct 2002 13:00:00 gmt', '2002-10-02T13:00:00.000Z'],
    // Month first (JavaScript's Date#toString, US style)
    ['Wed Oct 02 2002 15:00:00 GMT+0200 (Central European Summer Time)', '2002-10-02T13:00:00.000Z'],
    ['October 2, 2002 3:00 PM -0500', '2002-10-02T20:00:00.000Z'],
    ['Oct 2, 2002 12:15 am', '2002-10-02T00:15:00.000Z'],
    // ISO 8601 / W3C-DTF, as Atom and Dublin Core write them
    ['2003-12-13T18:30:02Z', '2003-12-13T18:30:02.000Z'],
    ['2003-12-13T18:30:02.25+01:00', '2003-12-13T17:30:02.250Z'],
    ['2003-12-13T18:30:02+0545', '2003-12-13T12:45:02.000Z'],
    ['2003-12-13T18:30:02-03:30', '2003-12-13T22:00:02.000Z'],
    ['2003-12-13T18:30:02+05', '2003-12-13T13:30:02.000Z'],
    ['2003-12-13 18:30:02 +08:00', '2003-12-13T10:30:02.000Z'],
    ['2003-12-13t18:30:02z', '2003-12-13T18:30:02.000Z'],
    ['2003-12-13T18:30', '2003-12-13T18:30:00.000Z'], // no zone: UTC, whatever the server's zone
    ['2003-12-13T00:00:00.123456789Z', '2003-12-13T00:00:00.123Z'],
    ['2003-12-13', '2003-12-13T00:00:00.000Z'],
    ['2003-12', '2003-12-01T00:00:00.000Z'],
    ['2003', '2003-01-01T00:00:00.000Z'],
    ['2024-02-29T12:00:00+00:00', '2024-02-29T12:00:00.000Z'],
    ['2023-12-31T23:30:00-01:00', '2024-01-01T00:30:00.000Z'],
  ]
  it.each(readable)('reads %j', (input, iso) => {
    expect(parseFeedDate(input)?.toISOString()).toBe(iso)
  })

  const unreadable = [
    '',
    '   ',
    'yesterday',
    'not a date at all',
    '2023-02-30T00:00:00Z',
    '2023-02-29',
    '2023-13-01T00:00:00Z',
    '2003-12-13T25:00:00Z',
    '2003-12-13T18:30:02+99:00',
    'Wed, 32 Oct 2002 13:00:00 GMT',
    '31 Foo 2002 10:00:00 GMT',
    'Wed, 02 Oct 2002 13:00:00 +0200 and more words here',
    '13:00:00',
    '1700000000',
  ]
  it.each(unreadable)('gives null for %j', (input) => {
    expect(parseFeedDate(input)).toBeNull()
  })

  it('gives null for nothing', () => {
    expect(parseFeedDate(null)).toBeNull()
    expect(parseFeedDate(undefined)).toBeNull()
  })
})
