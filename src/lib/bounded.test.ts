import { describe, expect, it } from 'vitest'
import { mapBounded } from './bounded.ts'

/** A task that finishes when released, counting how many run at once. */
function gate() {
  let running = 0
  let peak = 0
  const waiting: (() => void)[] = []
  return {
    get peak() {
      return peak
    },
    get waiting() {
      return waiting.length
    },
    async task<T>(value: T, fail = false): Promise<T> {
      running++
      peak = Math.max(peak, running)
      await new Promise<void>((resolve) => waiting.push(resolve))
      running--
      if (fail) throw new Error(`failed ${String(value)}`)
      return value
    },
    releaseAll() {
      for (const r of waiting.splice(0)) r()
    },
  }
}

/** Releases the gate's waiting tasks until `done` settles. */
async function drive<T>(g: ReturnType<typeof gate>, done: Promise<T>): Promise<T> {
  let settled = false
  // Both outcomes handled here, so a rejection is never unhandled while the loop waits; the caller gets `done`.
  done.then(
    () => (settled = true),
    () => (settled = true),
  )
  while (!settled) {
    await new Promise((r) => setImmediate(r))
    g.releaseAll()
  }
  return done
}

describe('mapBounded', () => {
  it('runs at most `limit` at once and returns the results in the items\' order', async () => {
    const g = gate()
    const items = [5, 3, 8, 1, 9, 2, 7]
    const done = mapBounded(items, 3, (x) => g.task(x * 10))
    await new Promise((r) => setImmediate(r))
    expect(g.waiting).toBe(3)
    expect(await drive(g, done)).toEqual([50, 30, 80, 10, 90, 20, 70])
    expect(g.peak).toBe(3)
  })

  it('starts nothing more after a failure, waits for the running ones, and throws the first error', async () => {
    const g = gate()
    const started: number[] = []
    const done = mapBounded([1, 2, 3, 4, 5, 6], 2, (x) => {
      started.push(x)
      return g.task(x, x === 2)
    })
    await expect(drive(g, done)).rejects.toThrow('failed 2')
    // 1 and 2 ran together; 2 failed, so at most the item its partner's worker took next (3) started after it.
    expect(started.slice(0, 2)).toEqual([1, 2])
    expect(started.length).toBeLessThanOrEqual(3)
    expect(g.waiting).toBe(0)
  })

  it('handles no items and a limit larger than the list', async () => {
    expect(await mapBounded([], 4, async (x) => x)).toEqual([])
    expect(await mapBounded(['a'], 10, async (x, i) => `${x}${i}`)).toEqual(['a0'])
  })
})
