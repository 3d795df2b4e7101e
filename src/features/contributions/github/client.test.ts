import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGitHubClient, EtagCache, explainGitHubError, GitHubError, nextLink, type RateLimitWait } from './client.ts'
import { startFakeGitHub, type FakeGitHub } from './fake-github.ts'

describe('nextLink', () => {
  it('finds rel="next" among the relations of a Link header', () => {
    const link = '<https://api.github.com/repositories/1/commits?page=2>; rel="next", <https://api.github.com/repositories/1/commits?page=5>; rel="last"'
    expect(nextLink(link)).toBe('https://api.github.com/repositories/1/commits?page=2')
    expect(nextLink('<https://x/?page=1>; rel="first", <https://x/?page=3>; rel="prev"')).toBeUndefined()
    expect(nextLink(undefined)).toBeUndefined()
    expect(nextLink('')).toBeUndefined()
  })
})

describe('EtagCache', () => {
  it('forgets the least recently used entry beyond its size', () => {
    const cache = new EtagCache(2)
    const r = (n: number) => ({ status: 200, url: `u${n}`, headers: {}, data: n })
    cache.set('a', '"1"', r(1))
    cache.set('b', '"2"', r(2))
    cache.get('a')
    cache.set('c', '"3"', r(3))
    expect(cache.size).toBe(2)
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')?.etag).toBe('"1"')
  })
})

describe('explainGitHubError', () => {
  const ctx = { apiUrl: 'https://api.github.com', authenticated: true, maxRetries: 3 }
  const error = (status: number, message: string, headers: Record<string, string> = {}) => ({ status, message, response: { headers, data: { message } } })

  it.each([
    [error(404, 'Not Found'), 'repository a/b', /^Repository a\/b was not found on GitHub \(404\)/, false],
    [error(403, 'Resource not accessible by integration'), 'repository a/b', /^The GitHub token lacks access to repository a\/b \(403: "Resource not accessible by integration"\)/, false],
    [error(401, 'Bad credentials'), 'organisation acme', /GitHub rejected GITHUB_TOKEN while reading organisation acme \(401: "Bad credentials"\)/, true],
    [error(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000000' }), 'repository a/b', /rate limit is used up while reading repository a\/b \(it resets at 2023-11-14T22:13:20.000Z\)/, true],
    [error(429, 'You have exceeded a secondary rate limit'), 'repository a/b', /secondary rate limit stopped the reading of repository a\/b/, true],
    [error(503, 'Service Unavailable'), 'repository a/b', /GitHub answered 503: "Service Unavailable" while reading repository a\/b, still after 3 retries/, false],
    [{ status: 500, message: 'connect ECONNREFUSED 127.0.0.1:1' }, 'organisation acme', /Could not reach GitHub at https:\/\/api.github.com while reading organisation acme \(connect ECONNREFUSED/, true],
  ])('%#: %s', (err, subject, message, fatal) => {
    const e = explainGitHubError(err, subject, ctx)
    expect(e).toBeInstanceOf(GitHubError)
    expect(e.message).toMatch(message)
    expect(e.fatal).toBe(fatal)
  })

  it('tells an unauthenticated caller to set GITHUB_TOKEN', () => {
    const anonymous = { ...ctx, authenticated: false }
    expect(explainGitHubError(error(403, 'Forbidden'), 'repository a/b', anonymous).message).toMatch(/without a token .*set GITHUB_TOKEN/)
    expect(explainGitHubError(error(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0' }), 'repository a/b', anonymous).message).toMatch(/set GITHUB_TOKEN for 5,000 requests an hour/)
  })
})

describe('createGitHubClient', () => {
  let fake: FakeGitHub
  beforeAll(async () => {
    fake = await startFakeGitHub({ orgs: {}, repos: { 'a/b': { commits: [] } } })
  })
  afterAll(async () => {
    await fake.close()
  })

  it('sends If-None-Match with the ETag it holds and answers a 304 with the cached page', async () => {
    const client = createGitHubClient({ apiUrl: `${fake.url}/`, token: 'secret-token' })
    const first = await client.getPage<unknown[]>('/repos/a/b/commits?per_page=100', 'repository a/b')
    const second = await client.getPage<unknown[]>('/repos/a/b/commits?per_page=100', 'repository a/b')
    expect(second.data).toEqual(first.data)
    expect(fake.requests.slice(-2).map((r) => [r.status, Boolean(r.ifNoneMatch)])).toEqual([
      [200, false],
      [304, true],
    ])
    expect(client.stats).toMatchObject({ requests: 2, notModified: 1, rateLimitRemaining: 4999 })
  })

  it('gives up after maxRetries waits for a secondary limit, with a clear error', async () => {
    fake.script('/repos/a/b', { status: 429, headers: { 'retry-after': '1' }, body: { message: 'You have exceeded a secondary rate limit.' } }, 3)
    const waits: RateLimitWait[] = []
    const client = createGitHubClient({ apiUrl: fake.url, maxRetries: 2, secondMs: 1, onWait: (w) => void waits.push(w) })
    await expect(client.getPage('/repos/a/b', 'repository a/b')).rejects.toThrow(/secondary rate limit stopped the reading of repository a\/b/)
    expect(waits.map((w) => w.attempt)).toEqual([1, 2])
    expect(fake.requests.filter((r) => r.path === '/repos/a/b').map((r) => r.status)).toEqual([429, 429, 429])
  })

  it('does not wait longer than maxWaitSeconds for a rate limit reset', async () => {
    const waits: RateLimitWait[] = []
    const client = createGitHubClient({ apiUrl: fake.url, maxWaitSeconds: 60, onWait: (w) => void waits.push(w) })
    fake.script('/repos/a/b/pulls', { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3000) }, body: { message: 'API rate limit exceeded' } })
    const started = Date.now()
    await expect(client.getPage('/repos/a/b/pulls', 'repository a/b')).rejects.toThrow(/rate limit is used up while reading repository a\/b \(it resets at/)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(waits).toEqual([])
  })
})
