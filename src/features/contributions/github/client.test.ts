import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGitHubClient, EtagCache, nextLink, type RateLimitWait } from './client.ts'
import { startFakeGitHub, type FakeGitHub } from './fake-github.ts'
import { pullsByNumberQuery, userOf } from './graphql.ts'
import { isBotAuthor } from '../identity.ts'

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

  it('runs GraphQL queries with the token; NOT_FOUND below the root is partial data when asked, an error otherwise', async () => {
    const client = createGitHubClient({ apiUrl: fake.url, token: 'secret-token', secondMs: 1 })
    const query = pullsByNumberQuery([7])
    const variables = { owner: 'a', name: 'b', reviews: 10 }
    expect(await client.graphql(query, variables, 'repository a/b', { partial: true })).toEqual({ repository: { p7: null } })
    await expect(client.graphql(query, variables, 'repository a/b')).rejects.toThrow(/^GitHub's GraphQL API answered with errors while reading repository a\/b: "Could not resolve to a PullRequest with the number of 7."/)
    // A missing repository fails even when partial data is accepted: it is the query's root.
    await expect(client.graphql(query, { ...variables, name: 'gone' }, 'repository a/gone', { partial: true })).rejects.toThrow(/^Repository a\/gone was not found on GitHub \(GraphQL NOT_FOUND/)
    expect(fake.requests.slice(-3).map((r) => [r.method, r.path, r.operation, r.authorization])).toEqual(Array(3).fill(['POST', '/graphql', 'PullRequestsByNumber', 'token secret-token']))
  })

  it('waits out a GraphQL RATE_LIMITED answer, then gives up with a clear error', async () => {
    const waits: RateLimitWait[] = []
    const client = createGitHubClient({ apiUrl: fake.url, maxRetries: 1, secondMs: 1, onWait: (w) => void waits.push(w) })
    const limited = { status: 200, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1) }, body: { data: null, errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded' }] } }
    fake.script('/graphql', limited, 2)
    await expect(client.graphql(pullsByNumberQuery([1]), { owner: 'a', name: 'b', reviews: 10 }, 'repository a/b')).rejects.toThrow(/^GitHub's GraphQL rate limit is used up while reading repository a\/b \(it resets at/)
    expect(waits.map((w) => [w.kind, w.attempt, w.request])).toEqual([['primary', 1, 'POST /graphql']])
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

describe('GraphQL authors and queries', () => {
  it('names a bot as REST and git do, so that bot detection knows it; an author without a numeric id is no account', () => {
    const bot = userOf({ __typename: 'Bot', login: 'dependabot', databaseId: 49699333 })
    expect(bot).toEqual({ id: 49699333, login: 'dependabot[bot]', type: 'Bot' })
    expect(isBotAuthor({ githubId: bot!.id, login: bot!.login })).toBe(true)
    expect(userOf({ __typename: 'User', login: 'alice', databaseId: 1001 })).toEqual({ id: 1001, login: 'alice', type: 'User' })
    expect(userOf({ __typename: 'Organization', login: 'acme' })).toBeNull()
    expect(userOf(null)).toBeNull()
  })

  it('asks pull requests by number with one alias each, and refuses anything but a positive integer', () => {
    expect(pullsByNumberQuery([5, 12])).toMatch(/p5: pullRequest\(number: 5\) \{[^]*p12: pullRequest\(number: 12\) \{/)
    expect(() => pullsByNumberQuery([1.5])).toThrow(/not a pull request number/)
    expect(() => pullsByNumberQuery([0])).toThrow(/not a pull request number/)
  })
})
