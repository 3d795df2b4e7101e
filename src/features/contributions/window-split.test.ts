import { describe, expect, it } from 'vitest'
import { planWindow, splitWindow } from './window-split.ts'

describe('splitWindow', () => {
  it('reads a window of whole months from the months alone', () => {
    expect(splitWindow('2022-08-01', '2023-08-01')).toEqual({ months: ['2022-08-01', '2023-08-01'], days: [] })
  })
  it('reads the partial months at both edges from the days', () => {
    expect(splitWindow('2022-08-15', '2023-08-15')).toEqual({
      months: ['2022-09-01', '2023-08-01'],
      days: [
        ['2022-08-15', '2022-09-01'],
        ['2023-08-01', '2023-08-15'],
      ],
    })
  })
  it('starts mid-month and ends on a month boundary, or the reverse', () => {
    expect(splitWindow('2022-12-31', '2023-03-01')).toEqual({ months: ['2023-01-01', '2023-03-01'], days: [['2022-12-31', '2023-01-01']] })
    expect(splitWindow('2023-01-01', '2023-03-02')).toEqual({ months: ['2023-01-01', '2023-03-01'], days: [['2023-03-01', '2023-03-02']] })
  })
  it('reads days only when no whole month fits', () => {
    expect(splitWindow('2023-01-10', '2023-01-20')).toEqual({ months: null, days: [['2023-01-10', '2023-01-20']] })
    expect(splitWindow('2023-01-10', '2023-02-20')).toEqual({ months: null, days: [['2023-01-10', '2023-02-20']] })
    expect(splitWindow('2023-01-01', '2023-01-31')).toEqual({ months: null, days: [['2023-01-01', '2023-01-31']] })
  })
  it('has nothing to read in an empty window and refuses what is not a day', () => {
    expect(splitWindow('2023-01-10', '2023-01-10')).toEqual({ months: null, days: [] })
    expect(splitWindow('2023-02-01', '2023-01-01')).toEqual({ months: null, days: [] })
    expect(() => splitWindow('2023-1-1', '2023-02-01')).toThrow(RangeError)
  })
  it('covers every day of the window exactly once (every start and end day of 2023)', () => {
    const days: string[] = []
    for (let t = Date.UTC(2022, 11, 1); t <= Date.UTC(2024, 0, 31); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10))
    // How many parts of the split cover each day: 1 inside the window, 0 outside.
    const coverage = (since: string, until: string) => {
      const s = splitWindow(since, until)
      return days.map((d) => {
        const month = `${d.slice(0, 8)}01`
        const inMonths = s.months !== null && month >= s.months[0] && month < s.months[1] ? 1 : 0
        return inMonths + s.days.filter(([from, to]) => d >= from && d < to).length
      })
    }
    for (let i = 0; i < days.length; i += 13) {
      for (let j = i; j < days.length; j += 17) {
        const expected = days.map((d) => (d >= days[i]! && d < days[j]! ? 1 : 0))
        expect(coverage(days[i]!, days[j]!)).toEqual(expected)
      }
    }
  })
})

describe('planWindow', () => {
  it('reads whole months from the roll-up, however long the window', () => {
    expect(planWindow('2022-08-01', '2023-08-01')).toEqual(splitWindow('2022-08-01', '2023-08-01'))
    expect(planWindow('2020-01-01', '2023-08-01')).toEqual({ months: ['2020-01-01', '2023-08-01'], days: [] })
  })
  it('reads a window of up to about a year with a partial month from the days alone', () => {
    expect(planWindow('2022-08-15', '2023-08-15')).toEqual({ months: null, days: [['2022-08-15', '2023-08-15']] })
    expect(planWindow('2022-12-31', '2023-03-01')).toEqual({ months: null, days: [['2022-12-31', '2023-03-01']] })
    expect(planWindow('2023-01-10', '2023-01-20')).toEqual({ months: null, days: [['2023-01-10', '2023-01-20']] })
  })
  it('splits a longer window with partial months into months and edge days', () => {
    expect(planWindow('2021-08-15', '2023-08-15')).toEqual(splitWindow('2021-08-15', '2023-08-15'))
    expect(planWindow('2021-08-15', '2023-08-15').months).toEqual(['2021-09-01', '2023-08-01'])
  })
})
