import { Octokit } from '@octokit/rest'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import type { Config } from '../../../config.ts'

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

/** A clear error of a GitHub request: it names what was being read and what to do. */
export class GitHubError extends Error {
  override name = 'GitHubError'
  constructor(
    message: string,
    /** HTTP status, or 0 when GitHub could not be reached. */
    readonly status: number,
    /** Whether every further request would fail the same way (bad token, rate limit, GitHub unreachable). */
    readonly fatal: boolean,
  ) {
    super(message)
  }
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
  /** The underlying Octokit (rate limits, retries and ETags applied to every request). */
  readonly octokit: ThrottledOctokit
}

/** The URL of rel="next" in a Link header, if any. */
export function nextLink(link: string | undefined | null): string | undefined {
  if (!link) return undefined
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;(.*)$/.exec(part.trim())
    if (m && /\brel\s*=\s*"?(?:[^"]*\s)?next(?:\s[^"]*)?"?/.test(m[2]!)) return m[1]
  }
  return undefined
}

const header = (headers: Record<string, unknown> | undefined, name: string): string | undefined => {
  const v = headers?.[name]
  return v === undefined || v === null ? undefined : String(v)
}

/** A request error as Octokit throws it (status, and the response when there was one). */
interface RequestErrorLike {
  status?: number
  message?: string
  response?: { headers?: Record<string, unknown>; data?: unknown }
}

/**
 * The clear message of a failed request: what was read, what GitHub said, and what to do. The token is
 * never part of it.
 */
export function explainGitHubError(err: unknown, subject: string, context: { apiUrl: string; authenticated: boolean; maxRetries: number }): GitHubError {
  if (err instanceof GitHubError) return err
  const e = (err ?? {}) as RequestErrorLike
  const status = typeof e.status === 'number' ? e.status : 0
  const headers = e.response?.headers
  const data = e.response?.data
  const said = (typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string' ? (data as { message: string }).message : undefined) ?? (typeof data === 'string' && data.trim() ? data.trim().slice(0, 200) : undefined)
  const quoted = said ? `: "${said}"` : ''
  if (!e.response) {
    return new GitHubError(`Could not reach GitHub at ${context.apiUrl} while reading ${subject} (${e.message ?? 'network error'}), still after ${context.maxRetries} retries; check GITHUB_API_URL and the network.`, 0, true)
  }
  if (status === 401) {
    return context.authenticated
      ? new GitHubError(`GitHub rejected GITHUB_TOKEN while reading ${subject} (401${quoted}): the token is invalid, expired or revoked.`, 401, true)
      : new GitHubError(`GitHub requires a token to read ${subject} (401${quoted}): set GITHUB_TOKEN.`, 401, true)
  }
  if ((status === 403 || status === 429) && header(headers, 'x-ratelimit-remaining') === '0') {
    const reset = Number(header(headers, 'x-ratelimit-reset'))
    const when = Number.isFinite(reset) && reset > 0 ? ` (it resets at ${new Date(reset * 1000).toISOString()})` : ''
    const advice = context.authenticated ? 'run the import again after the reset; it resumes where it stopped' : 'set GITHUB_TOKEN for 5,000 requests an hour instead of 60, and run the import again; it resumes where it stopped'
    return new GitHubError(`GitHub's rate limit is used up while reading ${subject}${when}: ${advice}.`, status, true)
  }
  if ((status === 403 || status === 429) && (/secondary rate|abuse/i.test(said ?? e.message ?? '') || header(headers, 'retry-after') !== undefined)) {
    return new GitHubError(`GitHub's secondary rate limit stopped the reading of ${subject}${quoted}: wait a few minutes and run the import again; it resumes where it stopped.`, status, true)
  }
  if (status === 403) {
    return context.authenticated
      ? new GitHubError(`The GitHub token lacks access to ${subject} (403${quoted}): give GITHUB_TOKEN read access to it (for a fine-grained token: the repository or organisation, with Contents, Issues, Pull requests and Metadata read).`, 403, false)
      : new GitHubError(`GitHub refused to show ${subject} without a token (403${quoted}): set GITHUB_TOKEN to a token with read access to it.`, 403, false)
  }
  if (status === 404) {
    return new GitHubError(
      `${subject.charAt(0).toUpperCase()}${subject.slice(1)} was not found on GitHub (404): check the name${context.authenticated ? '; a private one also answers 404 to a token without access to it' : '; a private one needs GITHUB_TOKEN'}.`,
      404,
      false,
    )
  }
  if (status >= 500) {
    return new GitHubError(`GitHub answered ${status}${quoted} while reading ${subject}, still after ${context.maxRetries} retries: try again later; the import resumes where it stopped.`, status, false)
  }
  return new GitHubError(`GitHub answered ${status}${quoted} while reading ${subject}.`, status, false)
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
  }
  return client
}

/** A client on the deployment's GITHUB_API_URL and GITHUB_TOKEN. */
export function githubClientFromConfig(config: Pick<Config, 'githubApiUrl' | 'githubToken'>, options: Omit<GitHubClientOptions, 'apiUrl' | 'token'> = {}): GitHubClient {
  return createGitHubClient({ ...options, apiUrl: config.githubApiUrl, token: config.githubToken })
}
