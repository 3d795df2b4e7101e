import { t, type Locale } from '../../ui/i18n.ts'

/** A stored sign-in identity, as much of it as a label needs. */
export interface IdentityForLabel {
  provider: string
  login: string | null
  email: string | null
}

/**
 * The name of the provider behind an `oidc:<issuer URL>` identity: the configured provider's label when the
 * issuer is the configured one, else the issuer's host (an identity from a provider configured before), else
 * the issuer as stored.
 */
export function oidcProviderLabel(issuer: string, configured: { issuer: string; label: string } | undefined): string {
  const bare = (url: string) => url.replace(/\/+$/, '')
  if (configured && bare(configured.issuer) === bare(issuer)) return configured.label
  try {
    return new URL(issuer).host || issuer
  } catch {
    return issuer
  }
}

/**
 * How the account page names a sign-in identity, in `locale`: "Email grace@example.org", "GitHub @grace",
 * "Example SSO: grace (grace@example.org)" — never a raw issuer URL and subject.
 */
export function identityLabel(locale: Locale, identity: IdentityForLabel, configuredOidc: { issuer: string; label: string } | undefined): string {
  const { provider, login, email } = identity
  if (provider === 'email') return t(locale, 'account.identity.email', { email: email ?? '' })
  if (provider === 'github' && login) return `GitHub @${login}`
  const name = provider === 'github' ? 'GitHub' : provider.startsWith('oidc:') ? oidcProviderLabel(provider.slice('oidc:'.length), configuredOidc) : provider
  const account = login && email && login.toLowerCase() !== email.toLowerCase() ? `${login} (${email})` : (login ?? email)
  return account ? t(locale, 'account.identity.sso', { provider: name, account }) : t(locale, 'account.identity.ssoNoAccount', { provider: name })
}
