import { Octokit } from '@octokit/rest'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck'
import type { Config } from '../../../config.ts'
import { explainGitHubError, graphqlFailure, header } from './errors.ts'

/** Octokit with bounded retries of server errors and waits for GitHub's primary and secondary rate limits. */
const ThrottledOctokit = Octokit.plugin(retry, throttling)
type ThrottledOctokit = InstanceType<typeof ThrottledOctokit>

/** A response as the importer keeps it: what a later 304 Not Modified stands for. */
export interface CachedResponse {
  status: number
  url: string
  headers: Record<string, string | number | undefined>
  data: unknown
}

/**
 * URL → ETag and body of the last 200 answer, for conditional requests (If-None-Match): GitHub answers 304
 * when nothing changed, and a 304 does not count against the rate limit. In memory, bounded (least recently
 * used entries go first), one per import unless a caller shares it.
 */
export class EtagCache {
  private readonly entries = new Map<string, { etag: string; response: CachedResponse }>()
  constructor(readonly maxEntries = 2000) {}

  get(url: string): { etag: string; response: CachedResponse } | undefined {
    const entry = this.entries.get(url)
    if (entry) {
      this.entries.delete(url)
      this.entries.set(url, entry)
    }
    return entry
  }

  set(url: string, etag: string, response: CachedResponse): void {
    this.entries.delete(url)
    this.entries.set(url, { etag, response })
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
  }

  get size(): number {
    return this.entries.size
  }
}

/** A wait for a rate limit, as the client reports it before it waits. */
export interface RateLimitWait {
  /** 'primary': the hourly quota is used up (x-ratelimit-remaining: 0); 'secondary': too many requests too fast (retry-after). */
  kind: 'primary' | 'secondary'
  /** Seconds GitHub asked to wait. */
  seconds: number
  /** 1 for the first retry of this request. */
  attempt: number
  /** METHOD and path (no query) of the request that hit the limit. */
  request: string
}

/** Options of a client; the defaults are production's. */
export interface GitHubClientOptions {
  /** REST API root without a trailing slash: https://api.github.com, or https://ghe.example.com/api/v3. */
  apiUrl: string
  /** Sent as the Authorization header; never part of an error message. */
  token?: string | undefined
  /** Retries of one request after a rate limit or a server error (5xx, network) before giving up. Default 3. */
  maxRetries?: number
  /** A rate limit that asks for a longer wait than this (seconds) fails at once with a clear error. Default 3600. */
  maxWaitSeconds?: number
  /** How long one second of a wait lasts, in milliseconds: 1000, except in tests that do not want to wait. */
  secondMs?: number
  /** Share a cache of ETags between imports; by default each client has its own. */
  etags?: EtagCache
  /** Called before each rate-limit wait (a progress message). */
  onWait?: (wait: RateLimitWait) => void
  /** Where Octokit's own debug and warning lines go (default: nowhere). */
  log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void
}

/** What a client did, for the summary. */
export interface GitHubClientStats {
  /** HTTP requests sent, retries included. */
  requests: number
  /** Of those, answered 304 Not Modified (served from the ETag cache; free of rate limit). */
  notModified: number
  /** Waits for a rate limit. */
  rateLimitWaits: number
  /** x-ratelimit-remaining of the last answer, when GitHub sent one. */
  rateLimitRemaining: number | undefined
  /** x-ratelimit-reset of the last answer (when the quota refills). */
  rateLimitReset: Date | undefined
}

/** One page of a listing and the URL of the next one (from the Link header), if any. */
export interface Page<T> {
  data: T
  next: string | undefined
}

/** A GitHub REST client for the importer. */
export interface GitHubClient {
  readonly apiUrl: string
  readonly authenticated: boolean
  readonly stats: GitHubClientStats
  readonly etags: EtagCache
  /** Called before each rate-limit wait; the importer points it at its output. */
  onWait: ((wait: RateLimitWait) => void) | undefined
  /**
   * GETs one page: `pathOrUrl` is a path under the API root with its query ('/repos/o/r/commits?per_page=100')
   * or an absolute URL from a Link header. `subject` names what is read in errors ("repository o/r").
   */
  getPage<T>(pathOrUrl: string, subject: string): Promise<Page<T>>
  /**
   * Runs a GraphQL query (at the API root's GraphQL endpoint: /graphql, or /api/graphql for GitHub Enterprise
   * Server) with the same token, rate-limit waits and retries; a query is a POST, so it has no ETag. An answer
   * with errors fails with a clear GitHubError naming `subject`; with `partial`, one whose errors are all
   * NOT_FOUND below the query's root (an alias asking for a pull request that is gone) returns its data.
   */
  graphql<T>(query: string, variables: Record<string, unknown>, subject: string, options?: { partial?: boolean }): Promise<T>
  /** The underlying Octokit (rate limits, retries and ETags applied to every request). */
  readonly octokit: ThrottledOctokit
}

/**
 * The throttling plugin's limiters of POSTs, one group per length of a second (one in production): the group
 * gives each client (by its throttle id) its own limiter and drops it after five idle minutes.
 */
const writeGroups = new Map<number, Bottleneck.Group>()
function writeGroup(secondMs: number): Bottleneck.Group {
  let group = writeGroups.get(secondMs)
  if (!group) writeGroups.set(secondMs, (group = new Bottleneck.Group({ maxConcurrent: 1, minTime: secondMs })))
  return group
}

/** Items per page of a REST listing (GitHub's largest). */
export const PER_PAGE = 100

/** A repository's path in REST URLs: /repos/${repoPath('owner/name')}/…, each part encoded. */
export const repoPath = (repository: string) => repository.split('/').map(encodeURIComponent).join('/')

/** The URL of rel="next" in a Link header, if any. */
export function nextLink(link: string | undefined | null): string | undefined {
  if (!link) return undefined
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;(.*)$/.exec(part.trim())
    if (m && /\brel\s*=\s*"?(?:[^"]*\s)?next(?:\s[^"]*)?"?/.test(m[2]!)) return m[1]
  }
  return undefined
}

/**
 * A client for GitHub's REST API (github.com or GitHub Enterprise Server at `apiUrl`).
 *
 * - Rate limits: @octokit/plugin-throttling waits for the primary limit (a 403/429 with
 *   `x-ratelimit-remaining: 0` is retried after `x-ratelimit-reset`) and the secondary one (after
 *   `retry-after`), at most `maxRetries` times and never longer than `maxWaitSeconds` at once.
 * - Server errors and network failures: @octokit/plugin-retry retries them `maxRetries` times (1, 4, 9 s).
 * - Conditional requests: every GET carries the ETag of its last answer as If-None-Match; a 304 answers
 *   with the cached body.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const apiUrl = options.apiUrl.replace(/\/+$/, '')
  const maxRetries = options.maxRetries ?? 3
  const maxWaitSeconds = options.maxWaitSeconds ?? 3600
  const secondMs = options.secondMs ?? 1000
  const etags = options.etags ?? new EtagCache()
  const log = options.log ?? (() => {})
  const stats: GitHubClientStats = { requests: 0, notModified: 0, rateLimitWaits: 0, rateLimitRemaining: undefined, rateLimitReset: undefined }

  const countingFetch: typeof fetch = async (input, init) => {
    stats.requests++
    const response = await fetch(input, init)
    const remaining = response.headers.get('x-ratelimit-remaining')
    const reset = response.headers.get('x-ratelimit-reset')
    if (remaining !== null && Number.isFinite(Number(remaining))) stats.rateLimitRemaining = Number(remaining)
    if (reset !== null && Number.isFinite(Number(reset))) stats.rateLimitReset = new Date(Number(reset) * 1000)
    return response
  }

  const waitFor = (kind: RateLimitWait['kind']) => (retryAfter: number, req: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    if (retryCount >= maxRetries || retryAfter > maxWaitSeconds) return false
    stats.rateLimitWaits++
    const wait: RateLimitWait = { kind, seconds: retryAfter, attempt: retryCount + 1, request: `${req.method} ${req.url.replace(apiUrl, '').replace(/\?.*$/, '')}` }
    client.onWait?.(wait)
    return true
  }

  const octokit = new ThrottledOctokit({
    baseUrl: apiUrl,
    auth: options.token,
    userAgent: 'embassy-github-importer',
    request: { fetch: countingFetch },
    log: {
      debug: (m: string) => log('debug', m),
      info: (m: string) => log('info', m),
      warn: (m: string) => log('warn', m),
      error: (m: string) => log('error', m),
    },
    retry: {
      retries: maxRetries,
      retryAfterBaseValue: secondMs,
      // 403 and 429 are rate limits, which the throttling plugin handles; the others will not change on a retry.
      doNotRetry: [304, 400, 401, 403, 404, 409, 410, 422, 429, 451],
    },
    throttle: {
      id: `embassy-${Math.random().toString(36).slice(2)}`,
      retryAfterBaseValue: secondMs,
      onRateLimit: waitFor('primary'),
      onSecondaryRateLimit: waitFor('secondary'),
      // The plugin spaces POSTs, GraphQL queries among them, one second apart (GitHub's advice against the
      // secondary limit); here in the client's seconds, so that tests do not wait real ones.
      write: writeGroup(secondMs),
    },
  })

  // Outermost wrapper, so a 304 passes through the retry and throttling plugins untouched (neither retries it).
  octokit.hook.wrap('request', async (request, requestOptions) => {
    if (requestOptions.method !== 'GET') return request(requestOptions)
    const { url } = octokit.request.endpoint.parse(requestOptions)
    const cached = etags.get(url)
    if (cached) requestOptions.headers['if-none-match'] = cached.etag
    try {
      const response = await request(requestOptions)
      const etag = header(response.headers, 'etag')
      if (etag && response.status === 200) {
        etags.set(url, etag, { status: response.status, url: response.url, headers: { ...response.headers }, data: response.data })
      }
      return response
    } catch (err) {
      if (cached && (err as { status?: number }).status === 304) {
        stats.notModified++
        return { ...cached.response, headers: { ...cached.response.headers } } as Awaited<ReturnType<typeof request>>
      }
      throw err
    }
  })

  const client: GitHubClient = {
    apiUrl,
    authenticated: Boolean(options.token),
    stats,
    etags,
    onWait: options.onWait,
    octokit,
    async getPage<T>(pathOrUrl: string, subject: string): Promise<Page<T>> {
      try {
        const response = await octokit.request({ method: 'GET', url: pathOrUrl })
        return { data: response.data as T, next: nextLink(header(response.headers as Record<string, unknown>, 'link')) }
      } catch (err) {
        throw explainGitHubError(err, subject, { apiUrl, authenticated: Boolean(options.token), maxRetries })
      }
    },
    async graphql<T>(query: string, variables: Record<string, unknown>, subject: string, how: { partial?: boolean } = {}): Promise<T> {
      try {
        return await octokit.graphql<T>(query, variables)
      } catch (err) {
        const failure = graphqlFailure(err)
        const data = (err as { data?: unknown }).data
        if (how.partial && failure && data && failure.errors.every((e) => e.type === 'NOT_FOUND' && (e.path?.length ?? 0) > 1)) return data as T
        throw explainGitHubError(err, subject, { apiUrl, authenticated: Boolean(options.token), maxRetries })
      }
    },
  }
  return client
}

/** A client on the deployment's GITHUB_API_URL and GITHUB_TOKEN. */
export function githubClientFromConfig(config: Pick<Config, 'githubApiUrl' | 'githubToken'>, options: Omit<GitHubClientOptions, 'apiUrl' | 'token'> = {}): GitHubClient {
  return createGitHubClient({ ...options, apiUrl: config.githubApiUrl, token: config.githubToken })
}
