import { Hono } from 'hono'
import { eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { AppEnv } from '../../ui/env.ts'
import { t } from '../../ui/i18n.ts'
import { AppError } from '../../lib/errors.ts'
import { asciiEmail, signInAddress } from '../../lib/email-address.ts'
import { unstorableFields } from '../../ui/read-form.ts'
import { clearSessionCookie, requireViewer, safeNext, setSessionCookie, sessionMiddleware } from './middleware.ts'
import { endAllSessions, endSession, startSession } from './sessions.ts'
import { SIGN_IN_LINK_MINUTES, peekSignInToken, redeemSignInToken, sendConfirmEmailLink, sendSignInLink } from './sign-in-link.ts'
import { findOrCreatePerson } from './find-or-create-person.ts'
import { connectIdentity } from './connect-identity.ts'
import { ConfirmEmailDonePage, ConfirmEmailPage, SignInPage, SignInSentPage, SignInVerifyPage } from './views/sign-in-pages.tsx'
import { AccountPage } from './views/account-page.tsx'
import { accountOverview } from './queries.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { people } from '../people/schema.ts'
import { configuredProviders } from './oauth.ts'
import { ssoRoutes } from './sso-routes.ts'
import { tokenRoutes } from './token-routes.tsx'


/** Client address for rate limits: the socket's, since no proxy is trusted by default. */
export function clientIp(c: { env: unknown; req: { header(name: string): string | undefined } }): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return incoming?.socket?.remoteAddress ?? 'unknown'
}

/** Sign-in by email link and by GitHub or OpenID Connect, the account page, sign-out. */
export function accountRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.use('/sign-in', sessionMiddleware(deps))
  app.use('/sign-in/*', sessionMiddleware(deps))
  app.use('/sign-out', sessionMiddleware(deps))
  app.use('/sign-out/*', sessionMiddleware(deps))
  app.use('/account', sessionMiddleware(deps))
  app.use('/account/emails', sessionMiddleware(deps))

  const providers = () => configuredProviders(deps.config)

  app.get('/sign-in', (c) => {
    const html = <SignInPage locale={c.get('locale')} csrf={c.get('csrfToken')} next={safeNext(c.req.query('next'))} providers={providers()} />
    return c.html(html)
  })

  app.post('/sign-in', async (c) => {
    const body = await c.req.parseBody()
    const locale = c.get('locale')
    const email = typeof body.email === 'string' ? body.email.trim() : ''
    const next = safeNext(typeof body.next === 'string' ? body.next : undefined)
    const address = signInAddress(email)
    if (!address) {
      // A NUL character is named as such (the address cannot even be stored), anything else as a bad address.
      const error = unstorableFields({ email }, locale).email ?? t(locale, 'signIn.emailInvalid')
      const page = <SignInPage locale={locale} csrf={c.get('csrfToken')} next={next} email={email} error={error} providers={providers()} />
      return c.html(page, 422)
    }
    try {
      await sendSignInLink(deps, { email: address, next, ip: clientIp(c), locale })
    } catch (err) {
      if (err instanceof AppError && err.code === 'rate_limited') {
        const page = <SignInPage locale={locale} csrf={c.get('csrfToken')} next={next} email={email} error={err.message} providers={providers()} />
        return c.html(page, 429)
      }
      throw err
    }
    return c.html(<SignInSentPage locale={locale} email={email} minutes={SIGN_IN_LINK_MINUTES} />)
  })

  /** The display name of the account a confirmation link adds its address to. */
  const nameOf = async (personId: string) => (await deps.db.select({ name: people.displayName }).from(people).where(eq(people.id, personId)))[0]?.name ?? ''

  app.get('/sign-in/verify', async (c) => {
    const token = c.req.query('token') ?? ''
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new AppError('bad_request', t(c.get('locale'), 'signIn.invalid'))
    const use = await peekSignInToken(deps, token)
    if (use?.personId) {
      return c.html(<ConfirmEmailPage locale={c.get('locale')} csrf={c.get('csrfToken')} token={token} email={use.email} name={await nameOf(use.personId)} />)
    }
    return c.html(<SignInVerifyPage locale={c.get('locale')} csrf={c.get('csrfToken')} token={token} />)
  })

  app.post('/sign-in/verify', async (c) => {
    const body = await c.req.parseBody()
    const token = typeof body.token === 'string' ? body.token : ''
    const redeemed = token ? await redeemSignInToken(deps, token) : undefined
    if (!redeemed) throw new AppError('bad_request', t(c.get('locale'), 'signIn.invalid'))
    if (redeemed.personId) {
      // A confirmation link: the address joins the account that asked for it. Whoever opened the link is not
      // signed in to that account by it (a link sent to someone else's inbox must not sign them in there).
      const result = await connectIdentity(deps.db, redeemed.personId, { provider: 'email', subject: redeemed.email, email: redeemed.email })
      const page = (
        <ConfirmEmailDonePage
          locale={c.get('locale')}
          email={redeemed.email}
          name={await nameOf(redeemed.personId)}
          outcome={result.status === 'taken' ? 'taken' : 'added'}
          signedIn={c.get('viewer')?.personId === redeemed.personId}
        />
      )
      return c.html(page, result.status === 'taken' ? 409 : 200)
    }
    const { personId } = await findOrCreatePerson(deps.db, { provider: 'email', subject: redeemed.email, email: redeemed.email })
    // Rotation: a new session on every sign-in; the browser's previous one (if any) ends.
    const previous = c.get('viewer')
    if (previous) await endSession(deps.db, previous.sessionHash)
    setSessionCookie(c, deps, await startSession(deps.db, personId, deps.clock(), c.req.header('user-agent')))
    await recordAudit(deps.db, { actor: personId, action: 'session.start', entity: 'person', entityId: personId, after: { method: 'email' } })
    return c.redirect(safeNext(redeemed.next), 303)
  })

  // Sign-in with GitHub and OpenID Connect: POST /sign-in/:provider, GET /sign-in/:provider/callback.
  app.route('/', ssoRoutes(deps))
  // Personal access tokens for the JSON API: /account/tokens.
  app.route('/', tokenRoutes(deps))

  app.get('/account', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const locale = c.get('locale')
    // Back from connecting a provider's account (sso-routes.ts).
    const connected = providers().find((p) => p.id === c.req.query('connected'))
    const outcome = c.req.query('outcome')
    const vars = { provider: connected?.label ?? '' }
    const message = !connected ? undefined : outcome === 'taken' ? { error: t(locale, 'account.connect.taken', vars) } : { notice: t(locale, outcome === 'disputed' ? 'account.connect.disputed' : 'account.connected', vars) }
    const overview = await accountOverview(deps.db, viewer.personId)
    return c.html(<AccountPage locale={locale} csrf={c.get('csrfToken')} viewer={viewer} providers={providers()} oidc={deps.config.oidc} {...overview} {...message} />)
  })

  app.post('/account/emails', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const locale = c.get('locale')
    const body = await c.req.parseBody()
    const email = typeof body.email === 'string' ? body.email.trim() : ''
    const overview = await accountOverview(deps.db, viewer.personId)
    const render = (extra: { notice?: string; addEmail?: { value: string; error: string } }, status: 200 | 422 | 429 = 200) =>
      c.html(<AccountPage locale={locale} csrf={c.get('csrfToken')} viewer={viewer} providers={providers()} oidc={deps.config.oidc} {...overview} {...extra} />, status)
    const address = asciiEmail(email)
    if (!address) return render({ addEmail: { value: email, error: t(locale, 'signIn.emailInvalid') } }, 422)
    if (overview.identities.some((i) => i.provider === 'email' && i.email === address.toLowerCase())) return render({ notice: t(locale, 'account.addEmail.already', { email }) })
    try {
      await sendConfirmEmailLink(deps, { personId: viewer.personId, name: viewer.displayName, email: address, ip: clientIp(c), locale })
    } catch (err) {
      if (err instanceof AppError && err.code === 'rate_limited') return render({ addEmail: { value: email, error: err.message } }, 429)
      throw err
    }
    return render({ notice: t(locale, 'account.addEmail.sent', { email, minutes: SIGN_IN_LINK_MINUTES }) })
  })

  app.post('/sign-out', async (c) => {
    const viewer = c.get('viewer')
    if (viewer) await endSession(deps.db, viewer.sessionHash)
    clearSessionCookie(c)
    return c.redirect('/', 303)
  })

  app.post('/sign-out/everywhere', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const ended = await endAllSessions(deps.db, viewer.personId)
    await recordAudit(deps.db, { actor: viewer.personId, action: 'session.end_all', entity: 'person', entityId: viewer.personId, after: { ended } })
    clearSessionCookie(c)
    return c.redirect('/', 303)
  })

  return app
}
