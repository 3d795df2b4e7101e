import { describe, expect, it } from 'vitest'
import path from 'node:path'
import { ConfigError, loadConfig, redactDatabaseUrl } from './config.ts'

describe('loadConfig', () => {
  it('boots with nothing set: embedded database under ./data on port 3000', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', baseUrl: 'http://localhost:3000', databaseUrl: undefined, pageCacheSeconds: 10 })
    expect(c.dataDir).toBe(path.resolve('./data'))
    expect(c.seedDemoOnEmpty).toBe(true)
  })

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(3000)
  })

  it('derives BASE_URL from PORT and strips a trailing slash from a given one', () => {
    expect(loadConfig({ PORT: '8080' }).baseUrl).toBe('http://localhost:8080')
    expect(loadConfig({ BASE_URL: 'https://ambassadors.example.org/' }).baseUrl).toBe('https://ambassadors.example.org')
  })

  it.each([
    [{ PORT: 'abc' }, /PORT .*\(got "abc"\)/],
    [{ PORT: '70000' }, /PORT/],
    [{ BASE_URL: 'ftp://x.org' }, /BASE_URL must be an http\(s\) URL/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/],
    [{ SECRET_KEY: 'short' }, /SECRET_KEY must be at least 32 characters/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ SEED_DEMO_ON_EMPTY: 'maybe' }, /SEED_DEMO_ON_EMPTY must be true or false/],
  ])('names the bad variable: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(message)
  })

  it('never echoes a secret or a database URL in its message', () => {
    try {
      loadConfig({ SECRET_KEY: 'hunter2' })
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2')
    }
  })

  it('lists every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT.*; LOG_LEVEL/)
  })
})

describe('single sign-on settings', () => {
  it('are off unless configured', () => {
    const c = loadConfig({})
    expect(c.github).toBeUndefined()
    expect(c.oidc).toBeUndefined()
  })

  it('configure GitHub with github.com defaults, or GitHub Enterprise Server', () => {
    expect(loadConfig({ GITHUB_CLIENT_ID: 'Iv1.abc', GITHUB_CLIENT_SECRET: 's3cret' }).github).toEqual({
      clientId: 'Iv1.abc',
      clientSecret: 's3cret',
      baseUrl: 'https://github.com',
      apiUrl: 'https://api.github.com',
    })
    expect(
      loadConfig({ GITHUB_CLIENT_ID: 'a', GITHUB_CLIENT_SECRET: 'b', GITHUB_BASE_URL: 'https://ghe.example.com/', GITHUB_API_URL: 'https://ghe.example.com/api/v3/' }).github,
    ).toMatchObject({ baseUrl: 'https://ghe.example.com', apiUrl: 'https://ghe.example.com/api/v3' })
  })

  it('configure OpenID Connect, with a default button label and an optional secret', () => {
    expect(loadConfig({ OIDC_ISSUER: 'https://sso.example.org/realms/main', OIDC_CLIENT_ID: 'embassy', OIDC_CLIENT_SECRET: 'x' }).oidc).toEqual({
      issuer: 'https://sso.example.org/realms/main',
      clientId: 'embassy',
      clientSecret: 'x',
      label: 'Single sign-on',
    })
    expect(loadConfig({ OIDC_ISSUER: 'https://sso.example.org', OIDC_CLIENT_ID: 'embassy', OIDC_LABEL: 'Example SSO' }).oidc).toMatchObject({
      clientSecret: undefined,
      label: 'Example SSO',
    })
  })

  it.each([
    [{ GITHUB_CLIENT_ID: 'abc' }, /GITHUB_CLIENT_SECRET must be set when GITHUB_CLIENT_ID is/],
    [{ GITHUB_CLIENT_SECRET: 'abc' }, /GITHUB_CLIENT_ID must be set when GITHUB_CLIENT_SECRET is/],
    [{ GITHUB_CLIENT_ID: 'a', GITHUB_CLIENT_SECRET: 'b', GITHUB_BASE_URL: 'github.com' }, /GITHUB_BASE_URL must be an http\(s\) URL/],
    [{ GITHUB_API_URL: 'ftp://api.github.com' }, /GITHUB_API_URL must be an http\(s\) URL/],
    [{ OIDC_ISSUER: 'not a url', OIDC_CLIENT_ID: 'x' }, /OIDC_ISSUER must be an http\(s\) URL/],
    [{ OIDC_ISSUER: 'https://sso.example.org' }, /OIDC_CLIENT_ID must be set when OIDC_ISSUER is/],
    [{ OIDC_CLIENT_ID: 'embassy' }, /OIDC_ISSUER must be set when OIDC_CLIENT_ID is/],
    [{ OIDC_CLIENT_SECRET: 'x' }, /OIDC_ISSUER must be set when OIDC_CLIENT_SECRET is/],
    [{ OIDC_ISSUER: 'https://sso.example.org', OIDC_CLIENT_ID: 'x', OIDC_LABEL: 'x'.repeat(61) }, /OIDC_LABEL must be at most 60 characters/],
  ])('names the bad or missing variable: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(message)
  })

  it('never echoes a client secret', () => {
    expect(() => loadConfig({ GITHUB_CLIENT_SECRET: 'hunter2-secret' })).toThrow(/GITHUB_CLIENT_ID/)
    try {
      loadConfig({ GITHUB_CLIENT_SECRET: 'hunter2-secret', OIDC_CLIENT_SECRET: 'oidc-hunter2' })
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2')
    }
  })

  it('reports a missing partner together with other bad variables', () => {
    expect(() => loadConfig({ PORT: 'x', GITHUB_CLIENT_ID: 'a' })).toThrow(/PORT.*; GITHUB_CLIENT_SECRET must be set/)
  })
})

describe('GitHub importer settings', () => {
  it('read the API root whether or not sign-in is configured, and an optional token', () => {
    expect(loadConfig({})).toMatchObject({ githubApiUrl: 'https://api.github.com', githubToken: undefined })
    expect(loadConfig({ GITHUB_API_URL: 'https://ghe.example.com/api/v3/', GITHUB_TOKEN: 'ghp_abc123' })).toMatchObject({
      githubApiUrl: 'https://ghe.example.com/api/v3',
      githubToken: 'ghp_abc123',
      github: undefined,
    })
  })

  it('reject a malformed token without ever echoing it', () => {
    expect(() => loadConfig({ GITHUB_TOKEN: 'ghp_hunter2 oops' })).toThrow(/GITHUB_TOKEN must not contain spaces/)
    try {
      loadConfig({ GITHUB_TOKEN: 'ghp_hunter2 oops', PORT: 'x' })
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT/)
      expect((err as Error).message).not.toContain('hunter2')
    }
  })
})

describe('redactDatabaseUrl', () => {
  it('hides the password', () => {
    expect(redactDatabaseUrl('postgres://u:secret@db:5432/x')).toBe('postgres://u:***@db:5432/x')
    expect(redactDatabaseUrl('not a url')).not.toContain('not a url')
  })
})
