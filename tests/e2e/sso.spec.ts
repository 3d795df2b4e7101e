import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { OAuth2Server } from 'oauth2-mock-server'
import { expectNoSeriousA11yViolations, useEmbassy } from '../support/browser.ts'

/** Longest wait for any one browser step (navigation, a click, an element to appear). */
const STEP_MS = 15_000

/**
 * Clicks a sign-in button and waits until the browser, sent to the provider and back, reaches a URL that
 * `arrived` accepts. When the browser refuses a step because of the page's Content-Security-Policy (e.g.
 * form-action, which browsers also check on the redirects of a form submission), fails saying so.
 */
async function clickThrough(page: Page, button: Locator, arrived: (url: URL) => boolean): Promise<void> {
  const refusals: string[] = []
  let onRefusal = () => {}
  const refusal = new Promise<void>((resolve) => (onRefusal = resolve))
  const onConsole = (message: { text(): string }) => {
    if (!message.text().includes('Content Security Policy')) return
    refusals.push(message.text())
    onRefusal()
  }
  page.on('console', onConsole)
  const refused = () => new Error(`The browser refused to follow the sign-in: ${refusals.join(' | ')}`)
  try {
    await button.click()
    await Promise.race([page.waitForURL(arrived, { timeout: STEP_MS }), refusal.then(() => Promise.reject(refused()))])
  } catch (err) {
    await page.waitForTimeout(300) // the console message can come just after the aborted navigation
    throw refusals.length ? refused() : err
  } finally {
    page.off('console', onConsole)
  }
}

// An OpenID Connect provider on loopback (oauth2-mock-server, which approves every authorization request at
// once), and a real Embassy server configured to offer sign-in with it.
describe('signing in with OpenID Connect in the browser', () => {
  let provider: OAuth2Server | undefined
  /** Claims the provider puts into the ID tokens it signs. */
  let claims: Record<string, unknown> = {}

  beforeAll(async () => {
    const server = new OAuth2Server()
    await server.issuer.keys.generate('RS256')
    await server.start(0, '127.0.0.1')
    server.issuer.url = `http://127.0.0.1:${server.address().port}`
    server.service.on('beforeTokenSigning', (token: { payload: Record<string, unknown> }) => Object.assign(token.payload, claims))
    provider = server
  }, 30_000)

  afterAll(async () => {
    await provider?.stop()
  }, 30_000)

  // Registered after the provider's beforeAll, so the issuer URL is known when the server starts.
  const e2e = useEmbassy({
    env: () => ({
      OIDC_ISSUER: provider!.issuer.url!,
      // The mock lists no client_secret_* method, so the client uses HTTP Basic, which the mock does not
      // form-decode: a client id without characters that would be encoded (no hyphen).
      OIDC_CLIENT_ID: 'embassy',
      OIDC_CLIENT_SECRET: 'oidc-secret',
      OIDC_LABEL: 'Example SSO',
    }),
  })

  it('offers the provider on the sign-in page, goes there and back, and lands signed in on /account', async () => {
    claims = { sub: 'oidc-ada', email: 'Ada@Example.org', email_verified: true, name: 'Ada Lovelace', preferred_username: 'ada' }
    const page = await e2e().open()
    page.setDefaultTimeout(STEP_MS)
    page.setDefaultNavigationTimeout(STEP_MS)
    const signIn = await page.goto(new URL('/sign-in?next=/account', e2e().url).toString())
    expect(signIn?.status()).toBe(200)
    await page.getByRole('heading', { name: 'Or sign in with' }).waitFor()
    const button = page.getByRole('button', { name: 'Example SSO' })
    expect(await button.count()).toBe(1)
    await expectNoSeriousA11yViolations(page)

    // The provider's authorize endpoint (the mock approves at once) redirects back to our callback, which
    // redirects to /account.
    const requested: string[] = []
    page.on('request', (req) => void requested.push(req.url()))
    await clickThrough(page, button, (url) => url.href === `${e2e().url}/account`)
    const authorizeUrl = requested.find((u) => u.startsWith(`${provider!.issuer.url}/authorize?`))
    expect(authorizeUrl, 'the browser went to the provider').toBeDefined()
    const authorize = new URL(authorizeUrl!)
    expect(authorize.searchParams.get('client_id')).toBe('embassy')
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${e2e().url}/sign-in/oidc/callback`)
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')

    await page.getByRole('heading', { name: 'Your account' }).waitFor()
    const main = await page.locator('main').innerText()
    expect(main).toContain('Ada Lovelace')
    expect(main).toContain('ada@example.org')
    // The identity is named by the provider's label, with the login and address, not by the issuer's URL.
    expect(main).toContain('Example SSO: ada (ada@example.org)')
    expect(main).not.toContain(provider!.issuer.url)
    const cookies = await page.context().cookies(e2e().url)
    expect(cookies.find((c) => c.name === 'embassy_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' })
    // The state cookie is single use.
    expect(cookies.find((c) => c.name === 'embassy_sso')).toBeUndefined()
    await expectNoSeriousA11yViolations(page)
  })

  it('explains a sign-in cancelled at the provider and stays signed out', async () => {
    provider!.service.once('beforeAuthorizeRedirect', (redirect: { url: URL }) => {
      redirect.url.searchParams.delete('code')
      redirect.url.searchParams.set('error', 'access_denied')
    })
    const page = await e2e().open()
    page.setDefaultTimeout(STEP_MS)
    page.setDefaultNavigationTimeout(STEP_MS)
    await page.goto(new URL('/sign-in?next=/account', e2e().url).toString())
    const statuses: number[] = []
    page.on('response', (res) => {
      if (res.url().startsWith(`${e2e().url}/sign-in/oidc/callback`)) statuses.push(res.status())
    })
    await clickThrough(page, page.getByRole('button', { name: 'Example SSO' }), (url) => url.pathname === '/sign-in/oidc/callback')
    await page.getByText('Signing in with Example SSO was cancelled').waitFor()
    expect(statuses).toEqual([400])
    const cookies = await page.context().cookies(e2e().url)
    expect(cookies.find((c) => c.name === 'embassy_session')).toBeUndefined()
    const account = await page.goto(new URL('/account', e2e().url).toString())
    expect(new URL(page.url()).pathname).toBe('/sign-in')
    expect(account?.status()).toBe(200)
  })
})
