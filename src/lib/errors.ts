/** The kinds of failure the app reports; one place (app.ts) maps them to HTTP statuses and pages. */
export type AppErrorCode = 'bad_request' | 'validation' | 'not_found' | 'conflict' | 'forbidden' | 'unauthorized' | 'too_large' | 'rate_limited' | 'unavailable'

/** HTTP status of each error code. */
export const statusOf: Record<AppErrorCode, 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  validation: 422,
  rate_limited: 429,
  unavailable: 503,
}

/** A failure meant for the user: its message is safe to show. */
export class AppError extends Error {
  override name = 'AppError'
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Field or parameter messages, keyed by name. */
    readonly fields: Record<string, string> = {},
    /** The message as a catalogue key (src/ui/messages), for error pages shown in the visitor's language. */
    readonly say?: { key: string; vars?: Record<string, string | number> },
  ) {
    super(message)
  }
}

/**
 * An error and its causes, outermost first (at most five: Drizzle wraps the driver's error, which carries the
 * SQLSTATE as `code` and, for a constraint, its name as `constraint`).
 */
export function* causeChain(err: unknown): Generator<{ code?: unknown; constraint?: unknown; message?: unknown }> {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    yield e as { code?: unknown; constraint?: unknown; message?: unknown }
  }
}

/** SQLSTATEs PostgreSQL (and PGlite) raise for text it cannot store: a NUL byte in text (22021) or in jsonb (22P05). */
const UNSTORABLE_TEXT = new Set(['22021', '22P05'])

/**
 * The user-facing error for a database refusal caused by the input itself, looked for along the cause chain
 * (Drizzle wraps the driver's error): text holding a NUL character, which no PostgreSQL text column can
 * store. Forms that check for it say so next to the field; this is the safety net for every other one,
 * a 422 instead of a 500. The statement failed, so its transaction wrote nothing.
 */
export function inputErrorOf(err: unknown): AppError | undefined {
  for (const e of causeChain(err)) {
    const code = e.code
    if (typeof code === 'string' && UNSTORABLE_TEXT.has(code)) return new AppError('validation', 'Text cannot contain NUL characters (\\0). Remove them and send again; nothing was saved.', {}, { key: 'error.nul' })
  }
  return undefined
}
