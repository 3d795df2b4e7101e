import { describe, expect, it } from 'vitest'
import { identityLabel, oidcProviderLabel } from './identity-label.ts'

const configured = { issuer: 'https://sso.example.org/realms/main', label: 'Example SSO' }

describe('how the account page names a sign-in identity', () => {
  it('names the configured OpenID Connect provider by its label, with the login and the address', () => {
    const identity = { provider: 'oidc:https://sso.example.org/realms/main', login: 'grace', email: 'grace@example.org' }
    expect(identityLabel('en', identity, configured)).toBe('Example SSO: grace (grace@example.org)')
    expect(identityLabel('zh-CN', identity, configured)).toBe('Example SSO：grace (grace@example.org)')
    // A trailing slash on either side is the same issuer.
    expect(oidcProviderLabel('https://sso.example.org/realms/main/', configured)).toBe('Example SSO')
  })

  it('shows the login or the address alone when only one is known, or when they are the same', () => {
    const provider = 'oidc:https://sso.example.org/realms/main'
    expect(identityLabel('en', { provider, login: null, email: 'grace@example.org' }, configured)).toBe('Example SSO: grace@example.org')
    expect(identityLabel('en', { provider, login: 'grace', email: null }, configured)).toBe('Example SSO: grace')
    expect(identityLabel('en', { provider, login: 'Grace@example.org', email: 'grace@example.org' }, configured)).toBe('Example SSO: Grace@example.org')
    expect(identityLabel('en', { provider, login: null, email: null }, configured)).toBe('Example SSO account')
    expect(identityLabel('zh-CN', { provider, login: null, email: null }, configured)).toBe('Example SSO 账户')
  })

  it('names an issuer that is no longer configured by its host, never by its URL', () => {
    const identity = { provider: 'oidc:https://login.old-idp.example.com/oauth2', login: 'grace', email: null }
    expect(identityLabel('en', identity, configured)).toBe('login.old-idp.example.com: grace')
    expect(identityLabel('en', identity, undefined)).toBe('login.old-idp.example.com: grace')
    expect(oidcProviderLabel('not a url', undefined)).toBe('not a url')
  })

  it('keeps the email and GitHub forms', () => {
    expect(identityLabel('en', { provider: 'email', login: null, email: 'a@example.org' }, configured)).toBe('Email a@example.org')
    expect(identityLabel('zh-CN', { provider: 'email', login: null, email: 'a@example.org' }, configured)).toBe('邮箱 a@example.org')
    expect(identityLabel('en', { provider: 'github', login: 'octo', email: 'octo@example.org' }, configured)).toBe('GitHub @octo')
    expect(identityLabel('en', { provider: 'github', login: null, email: 'octo@example.org' }, configured)).toBe('GitHub: octo@example.org')
  })
})
