import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { hmac, randomToken, safeEqual } from '../../lib/secrets.ts'
import type { AppEnv } from '../../ui/env.ts'
import { pickLocale } from '../../ui/i18n.ts'
import { SESSION_DAYS, findViewer, hasRole } from './sessions.ts'
import type { RoleName } from './schema.ts'

const SESSION_COOKIE = 'embassy_session'
const CSRF_COOKIE = 'embassy_csrf'

const secure = (deps: AppDeps) => deps.config.baseUrl.startsWith('https://')

/** Sets the session cookie: http-only, SameSite=Lax (links from emails still sign in), Secure on https. */
export function setSessionCookie(c: Context, deps: AppDeps, token: string): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: secure(deps), sameSite: 'Lax', path: '/', maxAge: SESSION_DAYS * 86_400 })
}

/** Removes the session cookie. */
export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' })
}

/**
 * Loads the viewer from the session cookie, picks the language, and protects every state-changing request
 * with a CSRF token: a random http-only cookie, and its HMAC under the secret key echoed by the form
 * (`_csrf`) or by scripts (`X-CSRF-Token`). A cross-site form can send the cookie but cannot know the HMAC.
 */
export function sessionMiddleware(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Mounted on `/x` and `/x/*` (which also matches `/x`), it would run twice: two session lookups, two CSRF seeds.
    if (c.get('csrfToken')) return next()
    const lang = c.req.query('lang')
    const locale = pickLocale(lang, getCookie(c, 'lang'), c.req.header('accept-language'))
    if (lang === locale) setCookie(c, 'lang', locale, { path: '/', sameSite: 'Lax', maxAge: 365 * 86_400 })
    c.set('locale', locale)

    let csrfSeed = getCookie(c, CSRF_COOKIE)
    if (!csrfSeed || csrfSeed.length < 20) {
      csrfSeed = randomToken()
      setCookie(c, CSRF_COOKIE, csrfSeed, { httpOnly: true, secure: secure(deps), sameSite: 'Lax', path: '/' })
    }
    const expected = hmac(deps.secretKey, csrfSeed)
    c.set('csrfToken', expected)

    if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) {
      let sent = c.req.header('x-csrf-token')
      if (!sent) {
        const type = c.req.header('content-type') ?? ''
        if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
          const body = await c.req.parseBody()
          sent = typeof body._csrf === 'string' ? body._csrf : undefined
        }
      }
      if (!sent || !safeEqual(sent, expected)) {
        throw new AppError('forbidden', 'This form has expired or was sent from another site. Reload the page and try again; nothing was saved.', {}, { key: 'error.csrf' })
      }
    }

    const token = getCookie(c, SESSION_COOKIE)
    c.set('viewer', token ? await findViewer(deps.db, token, deps.clock()) : undefined)
    await next()
    c.header('Cache-Control', 'private, no-store')
  }
}

/** The signed-in viewer, or a redirect to sign in (then back here). */
export function requireViewer(c: Context<AppEnv>) {
  const viewer = c.get('viewer')
  if (!viewer) {
    const next = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search || '') : '/account'
    return { viewer: undefined, redirect: c.redirect(`/sign-in?next=${encodeURIComponent(next)}`, 303) } as const
  }
  return { viewer, redirect: undefined } as const
}

/** Throws 403 unless the viewer holds the role (admins hold every role). */
export function requireRole(c: Context<AppEnv>, role: RoleName, communityId?: string): void {
  if (!hasRole(c.get('viewer'), role, communityId)) throw new AppError('forbidden', 'You do not have access to this page.', {}, { key: 'error.noAccess' })
}

/** A path on this site to return to after signing in; anything else (a control character such as NUL too) becomes "/". */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[^\s\p{Cc}]*$/u.test(next) ? next : '/'
}
