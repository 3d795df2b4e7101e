import { z } from 'zod'
import * as client from 'openid-client'
import type { Config } from '../../config.ts'
import { hmac, safeEqual } from '../../lib/secrets.ts'
import type { VerifiedIdentity } from './find-or-create-person.ts'

/** The single-sign-on providers Embassy speaks: GitHub (OAuth 2.0) and one OpenID Connect provider. */
export type SsoProviderId = 'github' | 'oidc'

/** The providers configured on this deployment, in the order the sign-in page shows them. */
export function configuredProviders(config: Config): { id: SsoProviderId; label: string }[] {
  const list: { id: SsoProviderId; label: string }[] = []
  if (config.github) list.push({ id: 'github', label: 'GitHub' })
  if (config.oidc) list.push({ id: 'oidc', label: config.oidc.label })
  return list
}

/** How long a started sign-in may take at the provider. */
export const SSO_STATE_MINUTES = 10
/** The cookie holding the state of a sign-in in progress. */
export const SSO_STATE_COOKIE = 'embassy_sso'

/** What a browser must bring back from the provider: kept in a signed, http-only cookie. */
export interface SsoState {
  provider: SsoProviderId
  state: string
  codeVerifier: string
  nonce?: string | undefined
  next: string
  /** Expiry, milliseconds since the epoch. */
  expiresAt: number
  /** Set when a signed-in person connects this provider's account to theirs (the person's id), not signing in. */
  connect?: string | undefined
}

const stateShape = z.object({
  provider: z.enum(['github', 'oidc']),
  state: z.string().min(20).max(200),
  codeVerifier: z.string().min(43).max(128),
  nonce: z.string().min(20).max(200).optional(),
  next: z.string().max(2000),
  expiresAt: z.number(),
  connect: z.string().uuid().optional(),
})

/** Serialises the state and signs it (HMAC under the deployment's secret). */
export function sealState(secret: string, value: SsoState): string {
  const body = Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${body}.${hmac(secret, `sso-state.${body}`)}`
}

/** The state from a cookie, if it is intact, unexpired and for this provider; undefined otherwise. */
export function openState(secret: string, sealed: string | undefined, provider: SsoProviderId, now: Date): SsoState | undefined {
  if (!sealed) return undefined
  const dot = sealed.lastIndexOf('.')
  if (dot < 1) return undefined
  const body = sealed.slice(0, dot)
  if (!safeEqual(sealed.slice(dot + 1), hmac(secret, `sso-state.${body}`))) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
  const result = stateShape.safeParse(parsed)
  if (!result.success || result.data.provider !== provider || result.data.expiresAt <= now.getTime()) return undefined
  return result.data
}

/** A failed exchange with a provider, sorted by what the person can do about it. */
export class SsoFailure extends Error {
  override name = 'SsoFailure'
  constructor(
    /** unreachable: the provider did not answer (try later); refused: it said no; invalid: its answer did not check out. */
    readonly kind: 'unreachable' | 'refused' | 'invalid',
    message: string,
    /** The provider's OAuth error code, when it sent one. */
    readonly error?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

const TIMEOUT_MS = 15_000

/** Whether an error means the provider could not be reached (network, timeout, or a 5xx answer). */
function isUnreachable(err: unknown): boolean {
  if (err instanceof SsoFailure) return err.kind === 'unreachable'
  if (err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError')) return true
  if (err instanceof TypeError && (err.message === 'fetch failed' || (err.cause as { code?: unknown } | undefined)?.code !== undefined)) return true
  if (err instanceof client.ClientError) {
    if (err.code === 'OAUTH_TIMEOUT' || err.code === 'OAUTH_ABORT') return true
    const cause = err.cause
    if (cause instanceof Response && cause.status >= 500) return true
  }
  return false
}

/** Wraps any error of an exchange into an SsoFailure. */
function failure(err: unknown, what: string): SsoFailure {
  if (err instanceof SsoFailure) return err
  if (isUnreachable(err)) return new SsoFailure('unreachable', `${what}: provider unreachable`, undefined, { cause: err })
  const oauthError = (err as { error?: unknown }).error
  if (err instanceof client.ResponseBodyError || (typeof oauthError === 'string' && oauthError)) {
    return new SsoFailure('refused', `${what}: ${String(oauthError)}`, oauthCode(oauthError), { cause: err })
  }
  return new SsoFailure('invalid', `${what}: ${err instanceof Error ? err.message : String(err)}`, undefined, { cause: err })
}

/** An OAuth error code safe to show: letters, digits and underscores only. */
export function oauthCode(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9_.-]{1,60}$/.test(value) ? value : undefined
}

/** Loopback hosts, where plain http is allowed (tests and local development). */
function isLoopback(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]'
}

// ---------------------------------------------------------------------------------------------------------
// GitHub (OAuth 2.0 with PKCE; identity from the REST API)

type GitHubConfig = NonNullable<Config['github']>

/** The authorization URL at GitHub (or GitHub Enterprise Server) a browser is sent to. */
export async function githubAuthorizationUrl(github: GitHubConfig, p: { redirectUri: string; state: string; codeVerifier: string }): Promise<URL> {
  const url = new URL(`${github.baseUrl}/login/oauth/authorize`)
  url.search = new URLSearchParams({
    client_id: github.clientId,
    redirect_uri: p.redirectUri,
    response_type: 'code',
    scope: 'read:user user:email',
    state: p.state,
    code_challenge: await client.calculatePKCECodeChallenge(p.codeVerifier),
    code_challenge_method: 'S256',
  }).toString()
  return url
}

const githubToken = z.object({ access_token: z.string().min(1) })
const githubUser = z.object({
  id: z.number().int(),
  login: z.string().min(1),
  name: z.string().nullish(),
  email: z.string().nullish(),
})
const githubEmails = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }))

/** GET from GitHub's API with the person's token. */
async function githubGet(github: GitHubConfig, token: string, path: string): Promise<Response> {
  return fetch(`${github.apiUrl}${path}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/vnd.github+json', 'User-Agent': 'Embassy', 'X-GitHub-Api-Version': '2022-11-28' },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  })
}

/** Exchanges the code (with the PKCE verifier) for a token and reads who signed in. Throws SsoFailure. */
export async function githubIdentity(github: GitHubConfig, p: { code: string; redirectUri: string; codeVerifier: string }): Promise<VerifiedIdentity> {
  let accessToken: string
  try {
    const res = await fetch(`${github.baseUrl}/login/oauth/access_token`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Embassy' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: github.clientId,
        client_secret: github.clientSecret,
        code: p.code,
        redirect_uri: p.redirectUri,
        code_verifier: p.codeVerifier,
      }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    if (res.status >= 500) throw new SsoFailure('unreachable', `GitHub token endpoint answered ${res.status}`)
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>
    // GitHub reports a bad code with status 200 and an `error` field.
    if (typeof body.error === 'string') throw new SsoFailure('refused', `GitHub refused the code: ${body.error}`, oauthCode(body.error))
    const parsed = githubToken.safeParse(body)
    if (!res.ok || !parsed.success) throw new SsoFailure('invalid', `GitHub token endpoint answered ${res.status} without an access token`)
    accessToken = parsed.data.access_token
  } catch (err) {
    throw failure(err, 'GitHub token exchange')
  }

  try {
    const res = await githubGet(github, accessToken, '/user')
    if (res.status >= 500) throw new SsoFailure('unreachable', `GitHub /user answered ${res.status}`)
    const parsed = githubUser.safeParse(await res.json().catch(() => undefined))
    if (!res.ok || !parsed.success) throw new SsoFailure('invalid', `GitHub /user answered ${res.status} without a user`)
    const user = parsed.data
    // The public profile email is one of the account's verified addresses; without one, ask for the primary verified email.
    let email = user.email ?? null
    if (!email) email = await githubPrimaryEmail(github, accessToken)
    return { provider: 'github', subject: String(user.id), login: user.login, name: user.name ?? null, email }
  } catch (err) {
    throw failure(err, 'GitHub user lookup')
  }
}

/** The primary verified email of the account, when the token may read it; null otherwise (never fatal). */
async function githubPrimaryEmail(github: GitHubConfig, token: string): Promise<string | null> {
  try {
    const res = await githubGet(github, token, '/user/emails')
    if (!res.ok) return null
    const parsed = githubEmails.safeParse(await res.json())
    return (parsed.success && parsed.data.find((e) => e.primary && e.verified)?.email) || null
  } catch {
    return null
  }
}

// ---------------------------------------------------------------------------------------------------------
// OpenID Connect (discovery, authorization code with PKCE and nonce, ID token validation by openid-client)

type OidcConfig = NonNullable<Config['oidc']>

/** The provider name stored on identities for an OpenID Connect issuer. */
export function oidcProviderName(oidc: OidcConfig): string {
  return `oidc:${oidc.issuer}`
}

const DISCOVERY_TTL_MS = 60 * 60_000

/** An OpenID Connect relying party for one issuer; discovery is cached for an hour (failures are not cached). */
export class OidcRelyingParty {
  private cached: { at: number; configuration: Promise<client.Configuration> } | undefined

  constructor(readonly oidc: OidcConfig) {}

  /** The discovered configuration; throws SsoFailure('unreachable') when discovery fails. */
  async configuration(): Promise<client.Configuration> {
    if (!this.cached || Date.now() - this.cached.at > DISCOVERY_TTL_MS) {
      const configuration = this.discover()
      const entry = { at: Date.now(), configuration }
      this.cached = entry
      configuration.catch(() => {
        if (this.cached === entry) this.cached = undefined
      })
    }
    try {
      return await this.cached.configuration
    } catch (err) {
      // Whatever went wrong (network, a non-conforming document, an issuer mismatch), sign-in is unavailable.
      throw new SsoFailure('unreachable', `OpenID Connect discovery of ${this.oidc.issuer} failed: ${err instanceof Error ? err.message : String(err)}`, undefined, { cause: err })
    }
  }

  private async discover(): Promise<client.Configuration> {
    const issuer = new URL(this.oidc.issuer)
    // openid-client refuses plain http; allow it only on loopback (tests, local development).
    const execute = issuer.protocol === 'http:' && isLoopback(issuer) ? [client.allowInsecureRequests] : []
    const discovered = await client.discovery(issuer, this.oidc.clientId, undefined, client.None(), { execute, timeout: TIMEOUT_MS / 1000 })
    const secret = this.oidc.clientSecret
    if (!secret) return discovered
    // Authenticate the way the provider says it supports: client_secret_post when listed (it avoids the
    // form-encoding pitfalls of HTTP Basic), else client_secret_basic, the default of the specification.
    const metadata = discovered.serverMetadata()
    const supported = metadata.token_endpoint_auth_methods_supported ?? []
    const auth = supported.includes('client_secret_post') ? client.ClientSecretPost(secret) : client.ClientSecretBasic(secret)
    const configuration = new client.Configuration(metadata, this.oidc.clientId, secret, auth)
    for (const fn of execute) fn(configuration)
    configuration.timeout = TIMEOUT_MS / 1000
    return configuration
  }

  /** The authorization URL a browser is sent to. */
  async authorizationUrl(p: { redirectUri: string; state: string; codeVerifier: string; nonce: string }): Promise<URL> {
    const configuration = await this.configuration()
    return client.buildAuthorizationUrl(configuration, {
      redirect_uri: p.redirectUri,
      response_type: 'code',
      scope: 'openid email profile',
      state: p.state,
      nonce: p.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(p.codeVerifier),
      code_challenge_method: 'S256',
    })
  }

  /**
   * Validates the callback, exchanges the code (PKCE), validates the ID token (signature, issuer, audience,
   * expiry, nonce) and returns the identity. Throws SsoFailure.
   */
  async identity(callbackUrl: URL, p: { state: string; codeVerifier: string; nonce: string }): Promise<VerifiedIdentity> {
    const configuration = await this.configuration()
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>
    try {
      tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: p.codeVerifier,
        expectedState: p.state,
        expectedNonce: p.nonce,
        idTokenExpected: true,
      })
    } catch (err) {
      throw failure(err, 'OpenID Connect token exchange')
    }
    const claims = tokens.claims()
    if (!claims) throw new SsoFailure('invalid', 'OpenID Connect token response had no ID token')
    let info: Record<string, unknown> = claims
    if (typeof claims.email !== 'string' && configuration.serverMetadata().userinfo_endpoint) {
      // Some providers put the email only in the userinfo response; not fatal when it fails.
      try {
        info = { ...(await client.fetchUserInfo(configuration, tokens.access_token, claims.sub)), ...claims }
      } catch {
        info = claims
      }
    }
    const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null)
    const verified = info.email_verified === true || info.email_verified === 'true'
    return {
      provider: oidcProviderName(this.oidc),
      subject: claims.sub,
      login: str(info.preferred_username),
      name: str(info.name),
      email: verified ? str(info.email) : null,
    }
  }
}
