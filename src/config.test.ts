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

describe('redactDatabaseUrl', () => {
  it('hides the password', () => {
    expect(redactDatabaseUrl('postgres://u:secret@db:5432/x')).toBe('postgres://u:***@db:5432/x')
    expect(redactDatabaseUrl('not a url')).not.toContain('not a url')
  })
})
