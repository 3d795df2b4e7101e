import { Hono, type Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import * as client from 'openid-client'
import type { AppDeps } from '../../deps.ts'
import type { AppEnv } from '../../ui/env.ts'
import { t, type Locale } from '../../ui/i18n.ts'
import { AppError } from '../../lib/errors.ts'
import { safeEqual } from '../../lib/secrets.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { connectIdentity } from './connect-identity.ts'
import { findOrCreatePerson, type VerifiedIdentity } from './find-or-create-person.ts'
import { requireViewer, safeNext, setSessionCookie } from './middleware.ts'
import { endSession, startSession } from './sessions.ts'
import {
  OidcRelyingParty,
  SSO_STATE_COOKIE,
  SSO_STATE_MINUTES,
  SsoFailure,
  configuredProviders,
  githubAuthorizationUrl,
  githubIdentity,
  oauthCode,
  openState,
  sealState,
  type SsoProviderId,
} from './oauth.ts'

/** Where the state cookie is sent: the sign-in paths only. */
const STATE_COOKIE_PATH = '/sign-in'

/**
 * Sign-in with GitHub and with an OpenID Connect provider. Mounted by accountRoutes, under its session
 * middleware (which also checks the CSRF token of the POST that starts a sign-in).
 *
 * POST /sign-in/:provider            state + PKCE verifier (+ nonce) into a signed cookie, 303 to the provider
 * GET  /sign-in/:provider/callback   check state, exchange the code, find or create the person, new session
 *
 * With `intent=connect` (the account page's button, signed in), the callback connects the provider's account
 * to the signed-in person instead (connect-identity.ts), keeps the session and returns to /account.
 */
export function ssoRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const { github } = deps.config
  const oidc = deps.config.oidc ? new OidcRelyingParty(deps.config.oidc) : undefined
  const secure = deps.config.baseUrl.startsWith('https://')
  const redirectUri = (provider: SsoProviderId) => `${deps.config.baseUrl}/sign-in/${provider}/callback`
  const labelOf = (provider: SsoProviderId) => configuredProviders(deps.config).find((p) => p.id === provider)?.label ?? provider

  /** The provider named in the path, when it is configured; 404 otherwise. */
  const providerOf = (c: Context<AppEnv>): SsoProviderId => {
    const provider = c.req.param('provider')
    if ((provider === 'github' && github) || (provider === 'oidc' && oidc)) return provider
    throw new AppError('not_found', 'This sign-in method is not configured on this site.')
  }

  /** A failed exchange as a page for the person: 503 when the provider is unreachable, 400 otherwise. */
  const toAppError = (err: unknown, provider: SsoProviderId, locale: Locale): AppError => {
    const f = err instanceof SsoFailure ? err : new SsoFailure('invalid', err instanceof Error ? err.message : String(err), undefined, { cause: err })
    deps.logger.warn({ err: f, cause: f.cause, provider, kind: f.kind }, 'single sign-on failed')
    const vars = { provider: labelOf(provider), error: f.error ?? '' }
    if (f.kind === 'unreachable') return new AppError('unavailable', t(locale, 'sso.unreachable', vars))
    if (f.kind === 'refused' && f.error) return new AppError('bad_request', t(locale, 'sso.refused', vars))
    return new AppError('bad_request', t(locale, 'sso.invalid', vars))
  }

  app.post('/sign-in/:provider{github|oidc}', async (c) => {
    const provider = providerOf(c)
    const locale = c.get('locale')
    const body = await c.req.parseBody()
    let connect: string | undefined
    if (body.intent === 'connect') {
      const { viewer, redirect } = requireViewer(c)
      if (redirect) return redirect
      connect = viewer.personId
    }
    const next = connect ? '/account' : safeNext(typeof body.next === 'string' ? body.next : undefined)
    const state = client.randomState()
    const codeVerifier = client.randomPKCECodeVerifier()
    const nonce = provider === 'oidc' ? client.randomNonce() : undefined
    let url: URL
    try {
      url =
        provider === 'github'
          ? await githubAuthorizationUrl(github!, { redirectUri: redirectUri(provider), state, codeVerifier })
          : await oidc!.authorizationUrl({ redirectUri: redirectUri(provider), state, codeVerifier, nonce: nonce! })
    } catch (err) {
      throw toAppError(err, provider, locale)
    }
    const expiresAt = deps.clock().getTime() + SSO_STATE_MINUTES * 60_000
    setCookie(c, SSO_STATE_COOKIE, sealState(deps.secretKey, { provider, state, codeVerifier, nonce, next, expiresAt, ...(connect ? { connect } : {}) }), {
      httpOnly: true,
      secure,
      sameSite: 'Lax', // sent on the provider's top-level redirect back to the callback
      path: STATE_COOKIE_PATH,
      maxAge: SSO_STATE_MINUTES * 60,
    })
    return c.redirect(url.href, 303)
  })

  app.get('/sign-in/:provider{github|oidc}/callback', async (c) => {
    const provider = providerOf(c)
    const locale = c.get('locale')
    const saved = openState(deps.secretKey, getCookie(c, SSO_STATE_COOKIE), provider, deps.clock())
    // Single use, whatever happens next.
    deleteCookie(c, SSO_STATE_COOKIE, { path: STATE_COOKIE_PATH, secure, httpOnly: true, sameSite: 'Lax' })

    const error = c.req.query('error')
    if (error) {
      deps.logger.info({ provider, error: oauthCode(error) ?? 'unreadable' }, 'single sign-on: provider returned an error')
      const vars = { provider: labelOf(provider), error: oauthCode(error) ?? 'error' }
      throw new AppError('bad_request', t(locale, error === 'access_denied' ? 'sso.cancelled' : 'sso.refused', vars))
    }
    const code = c.req.query('code')
    const state = c.req.query('state')
    if (!saved || !code || !state || !safeEqual(state, saved.state)) throw new AppError('bad_request', t(locale, 'sso.expired'))

    let identity: VerifiedIdentity
    try {
      if (provider === 'github') {
        identity = await githubIdentity(github!, { code, redirectUri: redirectUri(provider), codeVerifier: saved.codeVerifier })
      } else {
        const callbackUrl = new URL(redirectUri(provider))
        callbackUrl.search = new URL(c.req.url).search
        identity = await oidc!.identity(callbackUrl, { state: saved.state, codeVerifier: saved.codeVerifier, nonce: saved.nonce ?? '' })
      }
    } catch (err) {
      throw toAppError(err, provider, locale)
    }

    if (saved.connect) {
      // Connecting, not signing in: only for the person who started it, still signed in.
      if (c.get('viewer')?.personId !== saved.connect) throw new AppError('bad_request', t(locale, 'connect.signedOut', { provider: labelOf(provider) }))
      const result = await connectIdentity(deps.db, saved.connect, identity)
      const outcome = result.status === 'taken' ? 'taken' : result.contributions === 'taken' ? 'disputed' : 'connected'
      return c.redirect(`/account?connected=${provider}&outcome=${outcome}`, 303)
    }

    const { personId, created } = await findOrCreatePerson(deps.db, identity)
    // Rotation: a new session on every sign-in; the browser's previous one (if any) ends.
    const previous = c.get('viewer')
    if (previous) await endSession(deps.db, previous.sessionHash)
    setSessionCookie(c, deps, await startSession(deps.db, personId, deps.clock(), c.req.header('user-agent')))
    await recordAudit(deps.db, {
      actor: personId,
      action: 'session.start',
      entity: 'person',
      entityId: personId,
      after: { method: provider, provider: identity.provider, subject: identity.subject, login: identity.login ?? null, created },
    })
    return c.redirect(safeNext(saved.next), 303)
  })

  return app
}
