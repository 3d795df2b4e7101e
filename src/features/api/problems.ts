import type { Context, ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ZodError } from 'zod'
import type { AppDeps } from '../../deps.ts'
import { AppError, inputErrorOf, statusOf, type AppErrorCode } from '../../lib/errors.ts'

/**
 * RFC 9457 problem details for the JSON API. Every failure an API client can cause is a 4xx problem with a
 * stable `type` (documented on /api/docs) — a 500 only ever means a bug on our side.
 */

/** The kinds of problem the API reports; each has a fixed status and title, and an anchor on /api/docs. */
export const problemTypes = {
  'bad-request': { status: 400, title: 'Bad request', about: 'The request could not be read, for example a body that is not valid JSON or not UTF-8.' },
  unauthorized: { status: 401, title: 'Authentication required', about: 'No credentials, or a token that is unknown, revoked or expired.' },
  forbidden: { status: 403, title: 'Not allowed', about: 'The caller may not do this; also a cookie-authenticated change without a valid X-CSRF-Token header, or a change sent with a read-only token.' },
  'not-found': { status: 404, title: 'Not found', about: 'No such community, program, application or token (others’ records are not found either).' },
  'method-not-allowed': { status: 405, title: 'Method not allowed', about: 'The path exists but does not take this method; the `Allow` header lists the methods it takes.' },
  conflict: { status: 409, title: 'Conflict', about: 'The request is valid but the state forbids it: the application window is closed, the application was withdrawn, or a new community’s or program’s slug is taken.' },
  'payload-too-large': { status: 413, title: 'Payload too large', about: 'The request body is larger than the API accepts (1 MB).' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type', about: 'Request bodies must be sent as application/json.' },
  validation: { status: 422, title: 'Validation failed', about: 'Some fields are invalid; `errors` maps each field (a dotted path into the body) to a message.' },
  'rate-limited': { status: 429, title: 'Too many requests', about: 'Slow down and try again later.' },
  unavailable: { status: 503, title: 'Unavailable', about: 'The service is temporarily unavailable.' },
  'server-error': { status: 500, title: 'Internal server error', about: 'A bug on our side; it has been logged.' },
} as const satisfies Record<string, { status: number; title: string; about: string }>

/** One of problemTypes' keys. */
export type ProblemType = keyof typeof problemTypes

const typeOfCode: Record<AppErrorCode, ProblemType> = {
  bad_request: 'bad-request',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  not_found: 'not-found',
  conflict: 'conflict',
  too_large: 'payload-too-large',
  validation: 'validation',
  rate_limited: 'rate-limited',
  unavailable: 'unavailable',
}

/** The body of a problem response. */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  instance?: string
  errors?: Record<string, string>
}

/** A 401 that tells the client how to authenticate (the `error` attribute of RFC 6750, when a token was sent). */
export class Unauthenticated extends AppError {
  constructor(
    message: string,
    readonly bearerError?: 'invalid_request' | 'invalid_token',
  ) {
    super('unauthorized', message)
  }
}

/** A 403 for a read-only token that tried to change something (`insufficient_scope` of RFC 6750). */
export class ReadOnlyToken extends AppError {
  constructor(message: string) {
    super('forbidden', message)
  }
}

/** The URI naming a problem type: its anchor on the docs page. */
export function problemTypeUri(deps: AppDeps, type: ProblemType): string {
  return `${deps.config.baseUrl.replace(/\/$/, '')}/api/docs#problem-${type}`
}

/** Builds a problem details response. */
export function problemResponse(c: Context, deps: AppDeps, type: ProblemType, detail: string, extra: { errors?: Record<string, string>; headers?: Record<string, string> } = {}): Response {
  const { status, title } = problemTypes[type]
  const body: Problem = { type: problemTypeUri(deps, type), title, status, detail, instance: c.req.path }
  if (extra.errors && Object.keys(extra.errors).length) body.errors = extra.errors
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store', ...extra.headers },
  })
}

/** The WWW-Authenticate challenge of a 401 (RFC 6750). */
export function bearerChallenge(error?: string): string {
  return `Bearer realm="Embassy API"${error ? `, error="${error}"` : ''}`
}

/** Zod issues as {field: message}, fields as dotted paths into the request part ("evidence.0.url"). */
export function zodFieldErrors(error: ZodError, fallback = 'body'): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.map(String).join('.') : fallback
    errors[field] ??= issue.message
  }
  return errors
}

/** Default hook of the API's OpenAPIHono: a request part that fails its schema is a 422 problem. */
export function validationHook(deps: AppDeps) {
  return (result: { success: true; data: unknown; target: string } | { success: false; error: ZodError; target: string }, c: Context) => {
    if (result.success) return undefined
    const where = result.target === 'json' ? 'request body' : result.target === 'param' ? 'path' : result.target
    const errors = zodFieldErrors(result.error, result.target === 'json' ? 'body' : result.target)
    return problemResponse(c, deps, 'validation', `The ${where} is not valid: ${Object.keys(errors).length === 1 ? 'one field needs' : `${Object.keys(errors).length} fields need`} attention.`, { errors })
  }
}

/** Error handler of the API: AppError and Hono's HTTP exceptions become problems; anything else is a logged 500. */
export function problemErrorHandler(deps: AppDeps): ErrorHandler {
  return (thrown, c) => {
    const err = inputErrorOf(thrown) ?? thrown
    if (err instanceof AppError) {
      const headers: Record<string, string> = {}
      if (statusOf[err.code] === 401) headers['WWW-Authenticate'] = bearerChallenge(err instanceof Unauthenticated ? err.bearerError : undefined)
      if (err instanceof ReadOnlyToken) headers['WWW-Authenticate'] = `${bearerChallenge('insufficient_scope')}, scope="write"`
      return problemResponse(c, deps, typeOfCode[err.code], err.message, { errors: err.fields, headers })
    }
    if (err instanceof HTTPException && err.status >= 400 && err.status < 500) {
      const type: ProblemType =
        err.status === 415 ? 'unsupported-media-type' : err.status === 413 ? 'payload-too-large' : err.status === 401 ? 'unauthorized' : err.status === 403 ? 'forbidden' : err.status === 404 ? 'not-found' : 'bad-request'
      const detail = err.status === 415 ? 'Send the request body as JSON with Content-Type: application/json.' : err.message || problemTypes[type].title
      const problem = problemResponse(c, deps, type, detail)
      // Statuses without a type of their own (e.g. 413) keep theirs.
      return err.status === problemTypes[type].status ? problem : new Response(problem.body, { status: err.status, headers: problem.headers })
    }
    deps.logger.error({ err, reqId: c.get('requestId' as never), path: c.req.path }, 'unhandled API error')
    return problemResponse(c, deps, 'server-error', 'Something went wrong on our side. The error has been logged.')
  }
}
