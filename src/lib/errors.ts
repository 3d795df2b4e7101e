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
  ) {
    super(message)
  }
}
