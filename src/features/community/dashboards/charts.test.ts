import { describe, expect, it } from 'vitest'
import { niceAxis } from './charts.tsx'

describe('niceAxis', () => {
  it('gives evenly spaced round ticks that reach the highest value, in at most five steps', () => {
    const cases: [number, number, number][] = [
      [0, 4, 1],
      [1, 4, 1],
      [5, 5, 1],
      [6, 6, 2],
      [7, 8, 2],
      [10, 10, 2],
      [11, 15, 5],
      [23, 25, 5],
      [26, 30, 10],
      [99, 100, 20],
      [101, 150, 50],
      [1234, 1500, 500],
    ]
    expect(cases.map(([value]) => [value, niceAxis(value).max, niceAxis(value).step])).toEqual(cases)
    for (let value = 0; value <= 5000; value += 7) {
      const { max, step } = niceAxis(value)
      expect(max).toBeGreaterThanOrEqual(value)
      expect(max % step).toBe(0)
      expect(max / step).toBeLessThanOrEqual(5)
      expect(Number.isInteger(step)).toBe(true)
    }
  })
})
