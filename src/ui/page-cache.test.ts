import { describe, expect, it } from 'vitest'
import { PageCache, etagMatches, etagOf } from './page-cache.ts'

describe('PageCache', () => {
  it('renders once within the time to live, again after it', async () => {
    let t = 0
    let renders = 0
    const cache = new PageCache(10, 100, () => t)
    const render = async () => `<p>${++renders}</p>`
    expect(Buffer.from((await cache.get('a', render)).body).toString()).toBe('<p>1</p>')
    t = 9_999
    expect(Buffer.from((await cache.get('a', render)).body).toString()).toBe('<p>1</p>')
    t = 10_000
    expect(Buffer.from((await cache.get('a', render)).body).toString()).toBe('<p>2</p>')
  })

  it('clear() forgets everything; a zero TTL caches nothing', async () => {
    const cache = new PageCache(60)
    await cache.get('a', async () => 'x')
    cache.clear()
    expect(cache.size).toBe(0)
    const off = new PageCache(0)
    await off.get('a', async () => 'x')
    expect(off.size).toBe(0)
  })

  it('keeps at most maxEntries pages, dropping the oldest', async () => {
    const cache = new PageCache(60, 2)
    for (const k of ['a', 'b', 'c']) await cache.get(k, async () => k)
    expect(cache.size).toBe(2)
    let rendered = false
    await cache.get('a', async () => ((rendered = true), 'a'))
    expect(rendered).toBe(true)
  })

  it('clear() tells the other processes through onClear, forget() does not; a page rendered across a clear is not kept', async () => {
    const cache = new PageCache(60)
    let told = 0
    cache.onClear = () => void told++
    cache.forget()
    cache.clear()
    expect(told).toBe(1)
    // Read before the write, stored after it: served once, then rendered again.
    let release!: () => void
    const rendering = cache.get('a', () => new Promise<string>((resolve) => (release = () => resolve('old'))))
    await Promise.resolve()
    cache.forget()
    release()
    expect(Buffer.from((await rendering).body).toString()).toBe('old')
    expect(cache.size).toBe(0)
  })

  it('does not cache a failed rendering', async () => {
    const cache = new PageCache(60)
    await expect(cache.get('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(cache.size).toBe(0)
  })
})

describe('ETags', () => {
  it('match exact, weak and listed tags', () => {
    const tag = etagOf('hello')
    expect(etagMatches(tag, tag)).toBe(true)
    expect(etagMatches(`W/${tag}`, tag)).toBe(true)
    expect(etagMatches(`"x", ${tag}`, tag)).toBe(true)
    expect(etagMatches('"other"', tag)).toBe(false)
    expect(etagMatches(undefined, tag)).toBe(false)
    expect(etagOf('hello')).not.toBe(etagOf('hello!'))
  })
})
