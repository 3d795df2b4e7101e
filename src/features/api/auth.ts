import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import type { AppEnv } from '../../ui/env.ts'
import type { TokenScope } from '../accounts/schema.ts'
import { pickLocale } from '../../ui/i18n.ts'
import { sessionMiddleware } from '../accounts/middleware.ts'
import { ReadOnlyToken, Unauthenticated } from './problems.ts'
import { authenticateToken } from './tokens.ts'

/** The session cookie's name (set by accounts/middleware.ts). */
const SESSION_COOKIE = 'embassy_session'

/** Who is calling the API, and how they proved it. */
export interface ApiCaller {
  personId: string
  displayName: string
  handle: string
  email: string | null
  via: 'token' | 'session'
  /** The personal access token used, when `via` is "token". */
  tokenId?: string
  /** That token's scope, when `via` is "token". */
  tokenScope?: TokenScope
}

/** Methods a read-only token may use: those that change nothing. */
const READ_METHODS = new Set(['GET', 'HEAD'])

/** Context variables of API routes. */
export interface ApiEnv {
  Variables: AppEnv['Variables'] & { caller: ApiCaller | undefined }
}

/**
 * Requires a caller, authenticated by either
 * - `Authorization: Bearer <personal access token>` — exempt from CSRF checks, since browsers never attach
 *   it on their own; or
 * - the browser's session cookie, through the site's session middleware, so that every state-changing
 *   request must carry the `X-CSRF-Token` header (the same HMAC rule as the site's forms). Cookie-authenticated
 *   responses carry that token in an `X-CSRF-Token` header, readable only by same-origin scripts.
 *
 * A `read` token is refused (403, `insufficient_scope`) on every other method than GET and HEAD, before the
 * route looks at the request.
 *
 * `sessionOnly` refuses tokens (creating tokens needs a person at a browser, not a script).
 */
export function requireCaller(deps: AppDeps, options: { sessionOnly?: boolean } = {}): MiddlewareHandler<ApiEnv> {
  const session = sessionMiddleware(deps) as unknown as MiddlewareHandler<ApiEnv>
  return async (c, next) => {
    const authorization = c.req.header('authorization')
    if (authorization !== undefined) {
      const m = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i.exec(authorization)
      if (!m) throw new Unauthenticated('The Authorization header must be "Bearer <token>" with a personal access token.', 'invalid_request')
      const owner = await authenticateToken(deps, m[1]!)
      if (!owner) throw new Unauthenticated('This token is unknown, revoked or expired.', 'invalid_token')
      if (options.sessionOnly) {
        throw new AppError('forbidden', 'Tokens can only be created while signed in on the site (session cookie and X-CSRF-Token header), not with another token.')
      }
      if (owner.scope === 'read' && !READ_METHODS.has(c.req.method)) {
        throw new ReadOnlyToken(`This token is read-only: it may only send GET and HEAD requests, not ${c.req.method}. Create a token with the "write" scope on your account page (Account → Personal access tokens) to make changes.`)
      }
      const { tokenId, scope, ...person } = owner
      c.set('caller', { ...person, via: 'token', tokenId, tokenScope: scope })
      c.set('locale', pickLocale(c.req.query('lang'), undefined, c.req.header('accept-language')))
      await next()
      c.header('Cache-Control', 'no-store')
      return
    }
    // Without credentials of any kind the answer is 401, before any CSRF check could answer 403.
    if (!getCookie(c, SESSION_COOKIE)) {
      throw new Unauthenticated('Authentication required: send a personal access token as "Authorization: Bearer <token>", or sign in on the site.')
    }
    let checked = false
    try {
      await session(c, async () => {
        checked = true
        const viewer = c.get('viewer')
        if (!viewer) throw new Unauthenticated('Your session has ended. Sign in again, or send a personal access token as "Authorization: Bearer <token>".')
        c.set('caller', { personId: viewer.personId, displayName: viewer.displayName, handle: viewer.handle, email: viewer.email, via: 'session' })
        c.header('X-CSRF-Token', c.get('csrfToken'))
        await next()
      })
    } catch (err) {
      // The site's message speaks of forms; an API client needs to hear about the header.
      if (!checked && err instanceof AppError && err.code === 'forbidden') {
        throw new AppError('forbidden', 'Changes made with the session cookie need the X-CSRF-Token header (its value is in the X-CSRF-Token header of any cookie-authenticated API response, e.g. GET /api/v1/me). Scripts should use a personal access token instead.')
      }
      throw err
    }
  }
}

/** The caller that `requireCaller` placed on the context. */
export function callerOf(c: Context<ApiEnv>): ApiCaller {
  const caller = c.get('caller')
  if (!caller) throw new Unauthenticated('Authentication required.')
  return caller
}
