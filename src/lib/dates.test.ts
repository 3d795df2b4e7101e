import { describe, expect, it } from 'vitest'
import { ANYWHERE_ON_EARTH, dayInZone, describeZone, earliestDayOnEarth, endOfDay, formatDay, isCalendarDay, latestDayOnEarth, startOfDay, zonedTimeToInstant, zoneOffsetMinutes } from './dates.ts'

describe('days in zones', () => {
  it('Anywhere on Earth: a day runs from 12:00 UTC to 12:00 UTC the next day', () => {
    expect(startOfDay('2023-09-01', ANYWHERE_ON_EARTH).toISOString()).toBe('2023-09-01T12:00:00.000Z')
    expect(endOfDay('2023-09-01', ANYWHERE_ON_EARTH).toISOString()).toBe('2023-09-02T12:00:00.000Z')
  })

  it('Asia/Shanghai (UTC+8, no DST)', () => {
    expect(startOfDay('2023-08-01', 'Asia/Shanghai').toISOString()).toBe('2023-07-31T16:00:00.000Z')
  })

  it('follows daylight-saving changes (Europe/Berlin, spring forward on 2024-03-31)', () => {
    expect(startOfDay('2024-03-31', 'Europe/Berlin').toISOString()).toBe('2024-03-30T23:00:00.000Z')
    expect(endOfDay('2024-03-31', 'Europe/Berlin').toISOString()).toBe('2024-03-31T22:00:00.000Z')
    expect(zonedTimeToInstant('2024-10-27T12:00', 'Europe/Berlin').toISOString()).toBe('2024-10-27T11:00:00.000Z')
  })

  it('zone offsets', () => {
    expect(zoneOffsetMinutes(ANYWHERE_ON_EARTH, new Date())).toBe(-720)
    expect(zoneOffsetMinutes('Asia/Kolkata', new Date('2023-01-01T00:00:00Z'))).toBe(330)
  })

  it('the day an instant falls on depends on the zone', () => {
    const instant = new Date('2023-09-01T20:00:00Z')
    expect(dayInZone(instant, 'UTC')).toBe('2023-09-01')
    expect(dayInZone(instant, 'Asia/Shanghai')).toBe('2023-09-02')
    expect(dayInZone(instant, ANYWHERE_ON_EARTH)).toBe('2023-09-01')
  })

  it('rejects dates that do not exist', () => {
    expect(isCalendarDay('2023-02-29')).toBe(false)
    expect(isCalendarDay('2024-02-29')).toBe(true)
    expect(isCalendarDay('2023-13-01')).toBe(false)
    expect(() => startOfDay('2023-02-30', 'UTC')).toThrow(RangeError)
  })

  it('formats days and zones for people', () => {
    expect(formatDay('2023-09-15')).toBe('September 15, 2023')
    expect(describeZone(ANYWHERE_ON_EARTH, new Date())).toBe('Anywhere on Earth (UTC−12)')
    expect(describeZone('Asia/Kolkata', new Date())).toBe('Asia/Kolkata (UTC+5:30)')
  })
})

describe('latestDayOnEarth', () => {
  it('is the day in UTC+14, where each day begins first', () => {
    expect(latestDayOnEarth(new Date('2025-03-15T09:59:59Z'))).toBe('2025-03-15')
    expect(latestDayOnEarth(new Date('2025-03-15T10:00:00Z'))).toBe('2025-03-16')
    expect(latestDayOnEarth(new Date('2025-12-31T10:00:00Z'))).toBe('2026-01-01')
  })
})

describe('earliestDayOnEarth', () => {
  it('is the day in UTC−12, where each day ends last', () => {
    expect(earliestDayOnEarth(new Date('2025-03-15T11:59:59Z'))).toBe('2025-03-14')
    expect(earliestDayOnEarth(new Date('2025-03-15T12:00:00Z'))).toBe('2025-03-15')
    expect(earliestDayOnEarth(new Date('2026-01-01T11:00:00Z'))).toBe('2025-12-31')
    expect(earliestDayOnEarth(new Date('2025-03-15T12:00:00Z'))).toBe(dayInZone(new Date('2025-03-15T12:00:00Z'), ANYWHERE_ON_EARTH))
  })
})
