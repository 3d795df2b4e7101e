import { expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { FormClient } from '../../../tests/support/http.ts'
import { createApp } from '../../app.tsx'
import { sha256 } from '../../lib/secrets.ts'
import { MAX_ACTIVE_TOKENS } from '../api/tokens.ts'
import { people } from '../people/schema.ts'
import { apiTokens } from './schema.ts'

/** The token value a creation page shows (once). */
const shownToken = (html: string) => /value="(emb_[A-Za-z0-9_-]+)"/.exec(html)?.[1]

describeDb('personal access tokens on the account page', (ctx) => {
  /** A request to the JSON API with a bearer token. */
  const api = async (app: ReturnType<typeof createApp>, method: string, path: string, token: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined }
  }

  it('requires sign-in to list, create or revoke', async () => {
    const app = createApp(ctx())
    const anonymous = new FormClient(app)
    const page = await anonymous.get('/account/tokens')
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toBe('/sign-in?next=%2Faccount%2Ftokens')
    await anonymous.get('/sign-in')
    expect((await anonymous.post('/account/tokens', { name: 'x', days: '30', scope: 'read' })).status).toBe(303)
    expect(await ctx().db.select().from(apiTokens).where(eq(apiTokens.name, 'x'))).toEqual([])
  })

  it('creates a read-only token by default, shows it once, and lists it without its value', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const client = await signedInClient(app, deps.db, `tokens-read-${deps.engine}@example.org`)
    const account = await client.get('/account')
    expect(account.text).toContain('href="/account/tokens"')

    const empty = await client.get('/account/tokens')
    expect(empty.status).toBe(200)
    expect(empty.text).toContain('You have no tokens.')
    // The form starts on "read" and the default lifetime.
    expect(empty.text).toMatch(/<input type="radio" name="scope" value="read" checked=""/)
    expect(empty.text).not.toMatch(/value="write" checked/)
    expect(empty.text).toContain('name="days" type="number" required="" min="1" max="3650" step="1" value="90"')

    const created = await client.post('/account/tokens', { name: 'dashboard', days: '30', scope: 'read' })
    expect(created.status).toBe(200)
    expect(created.headers.get('cache-control')).toBe('private, no-store')
    expect(created.text).toContain('Copy it now: it won’t be shown again.')
    const token = shownToken(created.text)!
    expect(token).toMatch(/^emb_[A-Za-z0-9_-]{43}$/)
    const [row] = await deps.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, sha256(token)))
    expect(row).toMatchObject({ name: 'dashboard', scope: 'read', expiresAt: new Date(deps.clock().getTime() + 30 * 86_400_000), revokedAt: null })

    const listed = await client.get('/account/tokens')
    expect(listed.text).not.toContain(token)
    expect(listed.text).toContain('<td>dashboard</td><td>read</td><td>15 August 2023 at 12:00 UTC</td><td>never</td><td>14 September 2023 at 12:00 UTC</td><td>active</td>')

    // The token reads through the API; its last use shows on the page.
    expect((await api(app, 'GET', '/api/v1/me', token)).status).toBe(200)
    expect((await client.get('/account/tokens')).text).toContain('<td>dashboard</td><td>read</td><td>15 August 2023 at 12:00 UTC</td><td>15 August 2023 at 12:00 UTC</td>')
  })

  it('refuses every change made with a read-only token with a 403 problem, and lets a write token make them', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const client = await signedInClient(app, deps.db, `tokens-scope-${deps.engine}@example.org`)
    await client.get('/account/tokens')
    const read = shownToken((await client.post('/account/tokens', { name: 'reader', days: '7', scope: 'read' })).text)!
    const write = shownToken((await client.post('/account/tokens', { name: 'writer', days: '7', scope: 'write' })).text)!
    const [readRow] = await deps.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, sha256(read)))

    expect((await api(app, 'GET', '/api/v1/tokens', read)).status).toBe(200)
    expect((await app.request('/api/v1/me', { method: 'HEAD', headers: { authorization: `Bearer ${read}` } })).status).toBe(200)
    for (const [method, path, body] of [
      ['DELETE', `/api/v1/tokens/${readRow!.id}`, undefined],
      ['PUT', '/api/v1/communities/nope/programs/nope/application', { displayName: 'x' }],
      ['POST', '/api/v1/offers/00000000-0000-4000-8000-000000000000/confirm', {}],
      ['PATCH', '/api/v1/communities/nope/programs/nope', {}],
    ] as const) {
      const res = await api(app, method, path, read, body)
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      expect(res.json.detail).toContain(`This token is read-only: it may only send GET and HEAD requests, not ${method}.`)
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="Embassy API", error="insufficient_scope", scope="write"')
    }
    // Nothing was changed: the read token still works.
    expect((await api(app, 'GET', '/api/v1/me', read)).status).toBe(200)

    // The write token may change things: it revokes the read one (and the API lists scopes).
    const listed = await api(app, 'GET', '/api/v1/tokens', write)
    expect(listed.json.tokens.map((t: { name: string; scope: string }) => `${t.name}:${t.scope}`).sort()).toEqual(['reader:read', 'writer:write'])
    expect((await api(app, 'DELETE', `/api/v1/tokens/${readRow!.id}`, write)).status).toBe(204)
    expect((await api(app, 'GET', '/api/v1/me', read)).status).toBe(401)
  })

  it('says what is wrong with the form next to each field, in English and in Chinese, and creates nothing', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const email = `tokens-form-${deps.engine}@example.org`
    const client = await signedInClient(app, deps.db, email)
    const [person] = await deps.db.select({ id: people.id }).from(people).where(eq(people.email, email))
    await client.get('/account/tokens')
    const bad = await client.post('/account/tokens', { name: '  ', days: '0', scope: 'admin' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('<p class="field-error" id="token-name-error">Give the token a name.</p>')
    expect(bad.text).toContain('<p class="field-error" id="token-days-error">Give a whole number of days from 1 to 3650.</p>')
    expect(bad.text).toContain('<p class="field-error" id="token-scope-error">Choose read or write.</p>')
    expect(bad.text).toContain('aria-describedby="token-name-error"')
    for (const days of ['3651', '1.5', 'abc', '']) {
      const res = await client.post('/account/tokens', { name: 'ok', days, scope: 'write' })
      expect(res.status, days).toBe(422)
      expect(res.text).toContain('Give a whole number of days from 1 to 3650.')
      expect(res.text).toContain(`value="${days}"`) // what was typed stays
      expect(res.text).toMatch(/value="write" checked=""/)
    }
    expect((await client.post('/account/tokens', { name: 'x'.repeat(101), days: '1', scope: 'read' })).text).toContain('A name is limited to 100 characters.')

    const zh = await client.post('/account/tokens?lang=zh-CN', { name: '', days: '99999', scope: 'read' })
    expect(zh.status).toBe(422)
    expect(zh.text).toContain('请为令牌命名。')
    expect(zh.text).toContain('请输入 1 至 3650 之间的整数天数。')
    expect(await deps.db.select().from(apiTokens).where(eq(apiTokens.personId, person!.id))).toEqual([])
  })

  it('refuses a token beyond the most one may hold, on the page', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const email = `tokens-many-${deps.engine}@example.org`
    const client = await signedInClient(app, deps.db, email)
    const [person] = await deps.db.select({ id: people.id }).from(people).where(eq(people.email, email))
    await deps.db.insert(apiTokens).values(Array.from({ length: MAX_ACTIVE_TOKENS }, (_, i) => ({ personId: person!.id, name: `t${i}`, tokenHash: sha256(`${email}-${i}`) })))
    await client.get('/account/tokens?lang=en')
    const refused = await client.post('/account/tokens', { name: 'one more', days: '1', scope: 'read' })
    expect(refused.status).toBe(409)
    expect(refused.text).toContain(`You already hold ${MAX_ACTIVE_TOKENS} active tokens. Revoke some you no longer use first.`)
    expect(refused.text).toContain('value="one more"')
    expect(shownToken(refused.text)).toBeUndefined()
  })

  it('revokes a token with a POST that carries the CSRF token; others’ tokens are not found', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const client = await signedInClient(app, deps.db, `tokens-revoke-${deps.engine}@example.org`)
    const other = await signedInClient(app, deps.db, `tokens-revoke-other-${deps.engine}@example.org`)
    await client.get('/account/tokens')
    const token = shownToken((await client.post('/account/tokens', { name: 'ci', days: '10', scope: 'write' })).text)!
    const [row] = await deps.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, sha256(token)))
    const page = await client.get('/account/tokens')
    expect(page.text).toContain(`action="/account/tokens/${row!.id}/revoke"`)

    expect((await client.post(`/account/tokens/${row!.id}/revoke`, { _csrf: 'forged' })).status).toBe(403)
    await other.get('/account/tokens')
    expect((await other.post(`/account/tokens/${row!.id}/revoke`, {})).status).toBe(404)
    expect((await other.post('/account/tokens/not-a-uuid/revoke', {})).status).toBe(404)
    expect((await api(app, 'GET', '/api/v1/me', token)).status).toBe(200)

    const revoked = await client.post(`/account/tokens/${row!.id}/revoke`, {})
    expect(revoked.status).toBe(303)
    expect(revoked.location).toBe('/account/tokens?revoked=1')
    const after = await client.get(revoked.location!)
    expect(after.text).toContain('The token is revoked: it no longer works.')
    expect(after.text).toContain('<td>revoked 15 August 2023 at 12:00 UTC</td>')
    expect(after.text).not.toContain(`action="/account/tokens/${row!.id}/revoke"`)
    expect((await api(app, 'GET', '/api/v1/me', token)).status).toBe(401)
  })

  it('migration 0030 makes the tokens that existed before scopes write tokens; new rows default to read', async () => {
    const { db } = ctx()
    const [person] = await db.select({ id: people.id }).from(people).limit(1)
    await db.execute(sql`alter table api_tokens drop constraint api_tokens_scope`)
    await db.execute(sql`alter table api_tokens drop column scope`)
    await db.execute(sql`insert into api_tokens (person_id, name, token_hash) values (${person!.id}, 'old script', ${sha256('old-script')})`)
    const fs = await import('node:fs')
    const migration = fs.readFileSync(new URL('../../../drizzle/0030_api_token_scope.sql', import.meta.url), 'utf8')
    for (const statement of migration.split('--> statement-breakpoint')) await db.execute(sql.raw(statement))
    const [old] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, sha256('old-script')))
    expect(old!.scope).toBe('write')
    await db.execute(sql`insert into api_tokens (person_id, name, token_hash) values (${person!.id}, 'new row', ${sha256('new-row')})`)
    const [fresh] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, sha256('new-row')))
    expect(fresh!.scope).toBe('read')
    await expect(db.execute(sql`update api_tokens set scope = 'admin' where id = ${fresh!.id}`)).rejects.toThrow()
  })
})
