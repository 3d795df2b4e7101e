import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { and, eq, sql } from 'drizzle-orm'
import { OAuth2Server } from 'oauth2-mock-server'
import { describeDb } from '../../../tests/support/db.ts'
import { FormClient } from '../../../tests/support/http.ts'
import { createApp } from '../../app.tsx'
import type { AppDeps } from '../../deps.ts'
import { auditLog } from '../audit/schema.ts'
import { people } from '../people/schema.ts'
import { findOrCreatePerson } from './find-or-create-person.ts'
import { identities, sessions } from './schema.ts'

/** An OAuth 2.0 / OpenID Connect server on loopback, with a fresh RS256 key; its issuer is http://127.0.0.1:port. */
async function startMock(options?: ConstructorParameters<typeof OAuth2Server>[2]): Promise<OAuth2Server> {
  const server = new OAuth2Server(undefined, undefined, options)
  await server.issuer.keys.generate('RS256')
  await server.start(0, '127.0.0.1')
  server.issuer.url = `http://127.0.0.1:${server.address().port}`
  return server
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = net.createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  const { port } = s.address() as AddressInfo
  await new Promise<void>((resolve) => s.close(() => resolve()))
  return port
}

interface GitHubUser {
  id: number
  login: string
  name: string | null
  email: string | null
}

describeDb('sign-in with GitHub and OpenID Connect', (ctx) => {
  let oidcServer: OAuth2Server
  /** The mock again, serving GitHub's paths: /login/oauth/authorize and /login/oauth/access_token. */
  let githubServer: OAuth2Server
  /** A GitHub-shaped REST API: GET /user and /user/emails. */
  let githubApi: http.Server
  let githubApiUrl: string
  let githubUser: GitHubUser
  let githubEmails: { email: string; primary: boolean; verified: boolean }[]
  let apiAuthorization: string[]
  /** Claims the OIDC mock adds to the tokens it signs. */
  let oidcClaims: Record<string, unknown>
  let deps: AppDeps
  let app: ReturnType<typeof createApp>

  beforeAll(async () => {
    oidcServer = await startMock()
    oidcServer.service.on('beforeTokenSigning', (token: { payload: Record<string, unknown> }) => Object.assign(token.payload, oidcClaims))
    githubServer = await startMock({ endpoints: { authorize: '/login/oauth/authorize', token: '/login/oauth/access_token' } })
    githubApi = http.createServer((req, res) => {
      apiAuthorization.push(req.headers.authorization ?? '')
      const body = req.url === '/user' ? githubUser : req.url === '/user/emails' ? githubEmails : undefined
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body ?? { message: 'Not Found' }))
    })
    await new Promise<void>((resolve) => githubApi.listen(0, '127.0.0.1', resolve))
    githubApiUrl = `http://127.0.0.1:${(githubApi.address() as AddressInfo).port}`

    const base = ctx()
    deps = {
      ...base,
      config: {
        ...base.config,
        github: { clientId: 'gh-client', clientSecret: 'gh-secret', baseUrl: githubServer.issuer.url!, apiUrl: githubApiUrl },
        // The mock lists no client_secret_* method, so the client authenticates with HTTP Basic; the mock does
        // not form-decode Basic credentials, hence a client id without characters that would be encoded.
        oidc: { issuer: oidcServer.issuer.url!, clientId: 'embassy', clientSecret: 'oidc-secret', label: 'Example SSO' },
      },
    }
    app = createApp(deps)
  })

  afterAll(async () => {
    await oidcServer?.stop()
    await githubServer?.stop()
    await new Promise<void>((resolve) => (githubApi ? githubApi.close(() => resolve()) : resolve()))
  })

  beforeEach(() => {
    oidcClaims = {}
    apiAuthorization = []
    githubUser = { id: 4242, login: 'octo-old', name: 'Octo Cat', email: 'octo@example.org' }
    githubEmails = []
  })

  /** Opens the sign-in page and presses the provider's button; returns the provider URL we were sent to. */
  const start = async (browser: FormClient, provider: 'github' | 'oidc', next = '/account') => {
    await browser.get(`/sign-in?next=${encodeURIComponent(next)}`)
    const res = await browser.post(`/sign-in/${provider}`, { next })
    expect(res.status).toBe(303)
    return { location: new URL(res.location!), setCookie: res.headers.getSetCookie() }
  }

  /** Follows the redirect to the provider, which (being a mock) redirects straight back; returns our callback path. */
  const atProvider = async (location: URL) => {
    const res = await fetch(location, { redirect: 'manual' })
    expect(res.status).toBe(302)
    const back = new URL(res.headers.get('location')!)
    expect(back.origin).toBe('http://embassy.test')
    return back
  }

  const callback = async (browser: FormClient, back: URL) => {
    const res = await browser.get(back.pathname + back.search)
    return { ...res, location: res.headers.get('location') }
  }

  /** The whole dance; returns the callback's answer. */
  const signIn = async (browser: FormClient, provider: 'github' | 'oidc', next = '/account') => {
    const { location } = await start(browser, provider, next)
    return callback(browser, await atProvider(location))
  }

  const identityOf = async (provider: string, subject: string) =>
    (await ctx().db.select().from(identities).where(and(eq(identities.provider, provider), eq(identities.subject, subject))))[0]

  const sessionCount = async () => (await ctx().db.select({ n: sql<number>`count(*)::int` }).from(sessions))[0]!.n

  it('offers the configured providers on the sign-in page', async () => {
    const page = await new FormClient(app).get('/sign-in?next=/account')
    expect(page.text).toContain('action="/sign-in/github"')
    expect(page.text).toContain('action="/sign-in/oidc"')
    expect(page.text).toContain('Example SSO')
    expect(page.text).toContain('GitHub')
    // Starting a sign-in is a form post like any other: without its CSRF token it is refused.
    const forged = new FormClient(app)
    await forged.get('/sign-in')
    expect((await forged.post('/sign-in/github', { next: '/', _csrf: 'forged' })).status).toBe(403)
    expect(forged.has('embassy_sso')).toBe(false)
    // Without configuration: no buttons, and the routes do not exist.
    const plain = createApp(ctx())
    const bare = new FormClient(plain)
    expect((await bare.get('/sign-in')).text).not.toContain('action="/sign-in/github"')
    expect((await bare.post('/sign-in/github', { next: '/' })).status).toBe(404)
  })

  it('signs in with OpenID Connect: PKCE, nonce, ID token, a new person, a rotated session', async () => {
    oidcClaims = { sub: 'oidc-grace', email: 'Grace@Example.org', email_verified: true, name: 'Grace Hopper', preferred_username: 'grace' }
    const browser = new FormClient(app)
    const { location, setCookie } = await start(browser, 'oidc', '/account?tab=1')

    expect(location.origin + location.pathname).toBe(`${oidcServer.issuer.url}/authorize`)
    expect(location.searchParams.get('client_id')).toBe('embassy')
    expect(location.searchParams.get('redirect_uri')).toBe('http://embassy.test/sign-in/oidc/callback')
    expect(location.searchParams.get('response_type')).toBe('code')
    expect(location.searchParams.get('scope')).toBe('openid email profile')
    expect(location.searchParams.get('code_challenge_method')).toBe('S256')
    expect(location.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(location.searchParams.get('state')).toBeTruthy()
    expect(location.searchParams.get('nonce')).toBeTruthy()
    const stateCookie = setCookie.find((h) => h.startsWith('embassy_sso='))!
    expect(stateCookie).toMatch(/HttpOnly/i)
    expect(stateCookie).toMatch(/Max-Age=600/i)
    expect(stateCookie).toMatch(/Path=\/sign-in/)
    // The verifier travels in the cookie, never to the provider's authorization endpoint.
    expect(location.search).not.toContain('code_verifier')

    const done = await callback(browser, await atProvider(location))
    expect(done.status).toBe(303)
    expect(done.location).toBe('/account?tab=1')
    expect(browser.has('embassy_session')).toBe(true)
    expect(browser.has('embassy_sso')).toBe(false)

    const account = await browser.get('/account')
    expect(account.status).toBe(200)
    expect(account.text).toContain('Grace Hopper')
    expect(account.text).toContain('grace@example.org')
    // The provider by its configured name, the account by its login and address; not the issuer URL.
    expect(account.text).toContain('<li>Example SSO: grace (grace@example.org)</li>')
    expect(account.text).not.toContain(`oidc:${oidcServer.issuer.url}`)

    const identity = await identityOf(`oidc:${oidcServer.issuer.url}`, 'oidc-grace')
    expect(identity).toMatchObject({ login: 'grace', email: 'grace@example.org' })
    const audits = await ctx().db.select().from(auditLog).where(and(eq(auditLog.action, 'session.start'), eq(auditLog.actor, identity!.personId)))
    expect(audits).toHaveLength(1)
    expect(audits[0]!.after).toMatchObject({ method: 'oidc', subject: 'oidc-grace' })

    // Signing in again in the same browser rotates the session: the old one ends.
    const before = await sessionCount()
    expect((await signIn(browser, 'oidc')).status).toBe(303)
    expect(await sessionCount()).toBe(before)
    expect((await browser.get('/account')).status).toBe(200)
  })

  it('links to an existing person by email only when the provider says the email is verified', async () => {
    const { personId: existing } = await findOrCreatePerson(ctx().db, { provider: 'email', subject: 'linda@example.org', email: 'linda@example.org' })

    oidcClaims = { sub: 'oidc-unverified', email: 'linda@example.org', email_verified: false, name: 'Not Linda' }
    expect((await signIn(new FormClient(app), 'oidc')).status).toBe(303)
    const unverified = await identityOf(`oidc:${oidcServer.issuer.url}`, 'oidc-unverified')
    expect(unverified!.personId).not.toBe(existing)
    expect(unverified!.email).toBeNull()

    oidcClaims = { sub: 'oidc-linda', email: 'Linda@Example.org', email_verified: true, name: 'Linda' }
    expect((await signIn(new FormClient(app), 'oidc')).status).toBe(303)
    expect((await identityOf(`oidc:${oidcServer.issuer.url}`, 'oidc-linda'))!.personId).toBe(existing)
  })

  it('signs in with GitHub: PKCE code exchange, then GET /user with the access token', async () => {
    const browser = new FormClient(app)
    const { location } = await start(browser, 'github', '/account')
    expect(location.origin + location.pathname).toBe(`${githubServer.issuer.url}/login/oauth/authorize`)
    expect(location.searchParams.get('client_id')).toBe('gh-client')
    expect(location.searchParams.get('redirect_uri')).toBe('http://embassy.test/sign-in/github/callback')
    expect(location.searchParams.get('scope')).toBe('read:user user:email')
    expect(location.searchParams.get('code_challenge_method')).toBe('S256')
    expect(location.searchParams.get('nonce')).toBeNull()

    const done = await callback(browser, await atProvider(location))
    expect(done.status).toBe(303)
    expect(done.location).toBe('/account')
    expect(apiAuthorization[0]).toMatch(/^Bearer \S+$/)

    const account = await browser.get('/account')
    expect(account.text).toContain('GitHub @octo-old')
    expect(account.text).toContain('Octo Cat')
    const identity = await identityOf('github', '4242')
    expect(identity).toMatchObject({ login: 'octo-old', email: 'octo@example.org' })
    const [person] = await ctx().db.select().from(people).where(eq(people.id, identity!.personId))
    expect(person).toMatchObject({ displayName: 'Octo Cat', email: 'octo@example.org', githubLogin: 'octo-old' })
  })

  it('keeps the same person when the GitHub login is renamed (the numeric id is the subject)', async () => {
    const first = await identityOf('github', '4242')
    expect(first).toBeTruthy()
    githubUser = { ...githubUser, login: 'octo-new' }
    const browser = new FormClient(app)
    expect((await signIn(browser, 'github')).status).toBe(303)
    const rows = await ctx().db.select().from(identities).where(and(eq(identities.provider, 'github'), eq(identities.subject, '4242')))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ personId: first!.personId, login: 'octo-new' })
    const [person] = await ctx().db.select().from(people).where(eq(people.id, first!.personId))
    expect(person!.githubLogin).toBe('octo-new')
    expect((await browser.get('/account')).text).toContain('GitHub @octo-new')
  })

  it('asks GitHub for the primary verified email when the profile has none', async () => {
    githubUser = { id: 5151, login: 'quiet', name: null, email: null }
    githubEmails = [
      { email: 'old@example.org', primary: false, verified: true },
      { email: 'Quiet@Example.org', primary: true, verified: true },
    ]
    expect((await signIn(new FormClient(app), 'github')).status).toBe(303)
    expect(await identityOf('github', '5151')).toMatchObject({ login: 'quiet', email: 'quiet@example.org' })
  })

  it('refuses a callback whose state does not match, and starts no session', async () => {
    const before = await sessionCount()
    const browser = new FormClient(app)
    const { location } = await start(browser, 'oidc')
    const back = await atProvider(location)
    back.searchParams.set('state', 'forged-state-forged-state-forged-state')
    const res = await callback(browser, back)
    expect(res.status).toBe(400)
    expect(res.text).toContain('expired or was started in another browser')
    expect(browser.has('embassy_session')).toBe(false)

    // The real state in a browser that did not start the sign-in (no cookie): refused too.
    const { location: again } = await start(new FormClient(app), 'github')
    const other = new FormClient(app)
    expect((await callback(other, await atProvider(again))).status).toBe(400)
    expect(other.has('embassy_session')).toBe(false)

    // A state cookie made for another provider does not open this one.
    const mixed = new FormClient(app)
    await start(mixed, 'github')
    const { location: oidcStart } = await start(new FormClient(app), 'oidc')
    expect((await callback(mixed, await atProvider(oidcStart))).status).toBe(400)

    // Expired: more than 10 minutes at the provider.
    const slow = new FormClient(app)
    const { location: slowStart } = await start(slow, 'oidc')
    const back2 = await atProvider(slowStart)
    const now = ctx().clock()
    ctx().setNow(new Date(now.getTime() + 10 * 60_000 + 1))
    try {
      expect((await callback(slow, back2)).status).toBe(400)
    } finally {
      ctx().setNow(now)
    }
    expect(await sessionCount()).toBe(before)
  })

  it('explains a sign-in the person cancelled at the provider (error=access_denied)', async () => {
    githubServer.service.once('beforeAuthorizeRedirect', (redirect: { url: URL }) => {
      redirect.url.searchParams.delete('code')
      redirect.url.searchParams.set('error', 'access_denied')
    })
    const browser = new FormClient(app)
    const res = await signIn(browser, 'github')
    expect(res.status).toBe(400)
    expect(res.text).toContain('Signing in with GitHub was cancelled')
    expect(browser.has('embassy_session')).toBe(false)
    // The state is single use: the error page clears its cookie too.
    expect(browser.has('embassy_sso')).toBe(false)
  })

  it('refuses when the provider rejects the code or its ID token does not check out', async () => {
    oidcClaims = { sub: 'oidc-nobody', email: 'nobody@example.org', email_verified: true }
    oidcServer.service.once('beforeResponse', (response: { body: unknown; statusCode: number }) => {
      response.body = { error: 'invalid_grant', error_description: 'code expired' }
      response.statusCode = 400
    })
    const rejected = new FormClient(app)
    const res = await signIn(rejected, 'oidc')
    expect(res.status).toBe(400)
    expect(res.text).toContain('Example SSO did not sign you in (invalid_grant)')
    expect(rejected.has('embassy_session')).toBe(false)

    // An ID token for another client (audience) or another sign-in (nonce) is refused by its validation.
    for (const bad of [{ aud: 'someone-else' }, { nonce: 'replayed-nonce' }]) {
      oidcClaims = { sub: 'oidc-nobody', ...bad }
      const browser = new FormClient(app)
      const r = await signIn(browser, 'oidc')
      expect(r.status).toBe(400)
      expect(r.text).toContain('could not be verified')
      expect(browser.has('embassy_session')).toBe(false)
    }

    // GitHub reports a bad code with status 200 and an error field.
    githubServer.service.once('beforeResponse', (response: { body: unknown; statusCode: number }) => {
      response.body = { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' }
      response.statusCode = 200
    })
    const gh = await signIn(new FormClient(app), 'github')
    expect(gh.status).toBe(400)
    expect(gh.text).toContain('GitHub did not sign you in (bad_verification_code)')
    expect(await identityOf(`oidc:${oidcServer.issuer.url}`, 'oidc-nobody')).toBeUndefined()
  })

  it('answers 503, not 500, when the provider cannot be reached', async () => {
    const port = await closedPort()
    const down = `http://127.0.0.1:${port}`

    // GitHub's token endpoint is down when the browser comes back.
    const ghDown = createApp({ ...deps, config: { ...deps.config, github: { ...deps.config.github!, baseUrl: down } } })
    const b1 = new FormClient(ghDown)
    const { location } = await start(b1, 'github')
    expect(location.origin).toBe(down)
    const r1 = await callback(b1, new URL(`http://embassy.test/sign-in/github/callback?code=abc&state=${location.searchParams.get('state')}`))
    expect(r1.status).toBe(503)
    expect(r1.text).toContain('GitHub could not be reached')
    expect(b1.has('embassy_session')).toBe(false)

    // GitHub's API is down after a good code exchange.
    const apiDown = createApp({ ...deps, config: { ...deps.config, github: { ...deps.config.github!, apiUrl: down } } })
    const r2 = await signIn(new FormClient(apiDown), 'github')
    expect(r2.status).toBe(503)

    // The OpenID Connect provider goes away between the redirect and the token exchange.
    const flaky = await startMock()
    const flakyApp = createApp({ ...deps, config: { ...deps.config, oidc: { ...deps.config.oidc!, issuer: flaky.issuer.url! } } })
    const b3 = new FormClient(flakyApp)
    const { location: l3 } = await start(b3, 'oidc')
    const back = await atProvider(l3)
    await flaky.stop()
    const r3 = await callback(b3, back)
    expect(r3.status).toBe(503)
    expect(r3.text).toContain('Example SSO could not be reached')

    // Discovery fails: the button answers 503 and starts nothing.
    const noIssuer = createApp({ ...deps, config: { ...deps.config, oidc: { ...deps.config.oidc!, issuer: down } } })
    const b4 = new FormClient(noIssuer)
    await b4.get('/sign-in')
    const r4 = await b4.post('/sign-in/oidc', { next: '/' })
    expect(r4.status).toBe(503)
    expect(b4.has('embassy_sso')).toBe(false)
  })
})
