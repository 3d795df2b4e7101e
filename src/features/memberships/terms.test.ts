import { describe, expect, it } from 'vitest'
import { consecutiveYearsAt, describeYearInRow, termOf } from './terms.ts'

describe('consecutiveYearsAt', () => {
  it('is 1 for a first term', () => expect(consecutiveYearsAt(2024, [])).toBe(1))
  it('counts the unbroken run of earlier years', () => expect(consecutiveYearsAt(2025, [2024, 2023, 2021])).toBe(3))
  it('starts again after a gap year', () => expect(consecutiveYearsAt(2025, [2023, 2022])).toBe(1))
  it('ignores duplicates and later years', () => expect(consecutiveYearsAt(2024, [2023, 2023, 2026])).toBe(2))
})

describe('describeYearInRow', () => {
  it('uses English ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 111].map((n) => describeYearInRow('en', n))).toEqual([
      '1st year', '2nd year', '3rd year', '4th year', '11th year', '12th year', '13th year', '21st year', '22nd year', '111th year',
    ])
  })
  it('speaks Chinese', () => expect(describeYearInRow('zh-CN', 2)).toBe('第2年'))
})

describe('termOf', () => {
  it('takes the calendar term phase', () => {
    const phase = { startsAt: new Date('2023-09-20T12:00:00Z'), endsAt: new Date('2024-09-22T12:00:00Z') }
    expect(termOf(phase, 12, new Date('2023-09-16T00:00:00Z'))).toEqual({ termStart: phase.startsAt, termEnd: phase.endsAt })
  })
  it('falls back to termMonths from the confirmation', () => {
    expect(termOf(undefined, 12, new Date('2023-09-16T00:00:00Z'))).toEqual({ termStart: new Date('2023-09-16T00:00:00Z'), termEnd: new Date('2024-09-16T00:00:00Z') })
  })
})
