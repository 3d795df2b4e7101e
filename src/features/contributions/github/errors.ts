// The clear errors of the GitHub importer: what was being read, what GitHub said (over REST or GraphQL), and
// what to do. The token is never part of a message.

/** A header of an answer, as a string, or undefined. */
export const header = (headers: Record<string, unknown> | undefined, name: string): string | undefined => {
  const v = headers?.[name]
  return v === undefined || v === null ? undefined : String(v)
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

/** A request error as Octokit throws it (status, and the response when there was one). */
interface RequestErrorLike {
  status?: number
  message?: string
  response?: { headers?: Record<string, unknown>; data?: unknown }
}

/** One error of a GraphQL answer (GitHub sets `type`: NOT_FOUND, FORBIDDEN, INSUFFICIENT_SCOPES, RATE_LIMITED…). */
export interface GraphqlError {
  type?: string
  message?: string
  path?: (string | number)[]
}

/**
 * The errors and headers of a GraphQL answer that carried errors (HTTP 200): as @octokit/graphql throws it
 * (GraphqlResponseError: `errors`, `headers`), or as the throttling plugin throws a RATE_LIMITED answer it
 * gave up waiting for (`response` with the headers, `data.errors`). Undefined for any other error.
 */
export function graphqlFailure(err: unknown): { errors: GraphqlError[]; headers: Record<string, unknown> | undefined } | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const e = err as { errors?: unknown; headers?: Record<string, unknown>; data?: { errors?: unknown }; response?: { headers?: Record<string, unknown> }; status?: unknown }
  if (Array.isArray(e.errors)) return { errors: e.errors as GraphqlError[], headers: e.headers }
  if (e.status === undefined && Array.isArray(e.data?.errors)) return { errors: e.data.errors as GraphqlError[], headers: e.response?.headers }
  return undefined
}

/** The clear message of a GraphQL answer with errors, as explainGitHubError words those of REST. */
function explainGraphqlErrors(errors: GraphqlError[], headers: Record<string, unknown> | undefined, subject: string, authenticated: boolean): GitHubError {
  const types = new Set(errors.map((e) => e.type))
  const said = errors.map((e) => e.message).filter(Boolean).join('; ').slice(0, 300)
  const quoted = said ? `: "${said}"` : ''
  const Subject = `${subject.charAt(0).toUpperCase()}${subject.slice(1)}`
  if (types.has('RATE_LIMITED')) {
    const reset = Number(header(headers, 'x-ratelimit-reset'))
    const when = Number.isFinite(reset) && reset > 0 ? ` (it resets at ${new Date(reset * 1000).toISOString()})` : ''
    return new GitHubError(`GitHub's GraphQL rate limit is used up while reading ${subject}${when}: run the import again after the reset; it resumes where it stopped.`, 403, true)
  }
  if (types.has('FORBIDDEN') || types.has('INSUFFICIENT_SCOPES')) {
    return authenticated
      ? new GitHubError(`The GitHub token lacks access to ${subject} (GraphQL ${[...types].join(', ')}${quoted}): give GITHUB_TOKEN read access to it (for a fine-grained token: the repository or organisation, with Contents, Issues, Pull requests and Metadata read).`, 403, false)
      : new GitHubError(`GitHub refused to show ${subject} without a token (GraphQL ${[...types].join(', ')}${quoted}): set GITHUB_TOKEN to a token with read access to it.`, 403, false)
  }
  // Not found at the query's root (the repository); below it (a pull request) GitHub's words say what.
  if (types.size === 1 && types.has('NOT_FOUND') && errors.every((e) => (e.path?.length ?? 0) <= 1)) {
    return new GitHubError(`${Subject} was not found on GitHub (GraphQL NOT_FOUND${quoted}): check the name${authenticated ? '; a private one is also not found by a token without access to it' : '; a private one needs GITHUB_TOKEN'}.`, 404, false)
  }
  return new GitHubError(`GitHub's GraphQL API answered with errors while reading ${subject}${quoted}.`, 200, false)
}

/**
 * The clear message of a failed request: what was read, what GitHub said, and what to do. The token is
 * never part of it.
 */
export function explainGitHubError(err: unknown, subject: string, context: { apiUrl: string; authenticated: boolean; maxRetries: number }): GitHubError {
  if (err instanceof GitHubError) return err
  const graphql = graphqlFailure(err)
  if (graphql) return explainGraphqlErrors(graphql.errors, graphql.headers, subject, context.authenticated)
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

