import { beforeAll, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { FACTORY_QUESTIONS, FACTORY_WINDOW, makeCommunity } from '../../../tests/support/factories.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import type { FormClient } from '../../../tests/support/http.ts'
import { createApp } from '../../app.tsx'
import { sha256 } from '../../lib/secrets.ts'
import { apiTokens } from '../accounts/schema.ts'
import { applications, evidenceItems } from '../applications/schema.ts'
import { apiOperations } from './routes.tsx'

const OPEN = FACTORY_WINDOW.open
// Applications run March 1–31, 2025 in Asia/Shanghai: they close at 2025-03-31T16:00:00Z.
const AFTER = FACTORY_WINDOW.closes

type Json = Record<string, any>

describeDb('JSON API', (ctx) => {
  let app: ReturnType<typeof createApp>
  let slug: string
  let programPath: string
  let applicationPath: string
  let browser: FormClient
  let token: string
  let tokenId: string

  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(OPEN)
    const c = await makeCommunity(deps.db, {
      program: {
        questions: FACTORY_QUESTIONS,
        criteria: [{ key: 'impact', name: 'Community impact', weight: 2 }],
      },
    })
    slug = c.slug
    programPath = `/api/v1/communities/${slug}/programs/ambassadors`
    applicationPath = `${programPath}/application`
    app = createApp(deps)
    browser = await signedInClient(app, deps.db, 'api-user@example.org')
  })

  /** A request to the API; `auth` is a bearer token, or "session" for the browser's cookies. */
  async function call(method: string, path: string, options: { auth?: string; body?: unknown; rawBody?: string | Uint8Array<ArrayBuffer>; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
    if (options.auth === 'session') headers.cookie = (browser as any).cookieHeader()
    else if (options.auth) headers.authorization = `Bearer ${options.auth}`
    let body: string | Uint8Array<ArrayBuffer> | undefined = options.rawBody
    if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers['content-type'] ??= 'application/json'
    }
    const res = await app.request(path, { method, headers, body })
    const text = await res.text()
    let json: Json | undefined
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      json = undefined
    }
    return { status: res.status, headers: res.headers, text, json: json as Json }
  }

  const expectProblem = (res: { status: number; headers: Headers; json: Json }, status: number) => {
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(res.json).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), type: expect.stringContaining('/api/docs#problem-') })
  }

  const fullApplication = (over: Json = {}) => ({
    displayName: 'Onur Canoğlu',
    answers: { why: 'Because I love this community.' },
    country: 'tr',
    region: 'Europe',
    links: { github: 'https://github.com/onur' },
    attestedMinimumAge: true,
    affirmed: ['kind'],
    evidence: [
      { type: 'blog_post', title: 'Intro post', url: 'https://blog.example.org/1', occurredOn: '2025-01-10' },
      { type: 'blog_post', title: 'Second post', url: 'https://blog.example.org/2', occurredOn: '2024-12-01', count: 1, notes: '' },
    ],
    ...over,
  })

  it('lists programs publicly', async () => {
    const res = await call('GET', '/api/v1/programs')
    expect(res.status).toBe(200)
    const mine = res.json.programs.find((p: Json) => p.community.slug === slug)
    expect(mine).toMatchObject({ slug: 'ambassadors', name: 'Test Ambassador Program', summary: 'A program made by a test.', status: 'active', targetSeats: 10, href: programPath })
  })

  it('shows a program with its requirements, rule, questions, criteria and calendar in the cohort’s zone', async () => {
    const res = await call('GET', programPath)
    expect(res.status).toBe(200)
    const p = res.json
    expect(p.requirementsAtLeast).toBe(1)
    expect(p.requirements).toEqual([
      expect.objectContaining({ key: 'kind', title: 'Be kind', kind: 'statement', mandatory: true, threshold: null, windowMonths: null }),
      expect.objectContaining({ key: 'blogs', kind: 'content_count', mandatory: false, threshold: 2, windowMonths: 12 }),
      expect.objectContaining({ key: 'code', kind: 'code_contributions', threshold: 10, windowMonths: 12 }),
    ])
    expect(p.questions.map((q: Json) => [q.key, q.required])).toEqual([
      ['why', true],
      ['ideas', false],
    ])
    expect(p.criteria).toEqual([expect.objectContaining({ key: 'impact', name: 'Community impact', weight: 2 })])
    const [cohort] = p.cohorts
    expect(cohort).toMatchObject({ slug: '2025', timeZone: 'Asia/Shanghai', applications: { opensAt: '2025-03-01T00:00:00+08:00', closesAt: '2025-04-01T00:00:00+08:00', state: 'open' } })
    expect(cohort.phases[0]).toMatchObject({ kind: 'applications', startsAt: '2025-03-01T00:00:00+08:00', endsAt: '2025-04-01T00:00:00+08:00', firstDay: '2025-03-01', lastDay: '2025-03-31', state: 'current' })
    expect(new Date(cohort.phases[0].startsAt).toISOString()).toBe('2025-02-28T16:00:00.000Z')
  })

  it('answers unknown communities and programs with a 404 problem', async () => {
    expectProblem(await call('GET', `/api/v1/communities/${slug}/programs/nope`), 404)
    expectProblem(await call('GET', '/api/v1/communities/nope/programs/ambassadors'), 404)
    const unknownRoute = await call('GET', '/api/v1/nothing-here')
    expect(unknownRoute.status).toBe(404)
    expect(unknownRoute.headers.get('content-type')).toContain('application/problem+json')
  })

  it('answers a known path with a method it does not take with 405, naming the methods it takes', async () => {
    for (const [method, path, allow] of [
      ['DELETE', '/api/v1/programs', 'GET, HEAD'],
      ['POST', `/api/v1/communities/${slug}/programs/ambassadors`, 'GET, HEAD, PATCH'],
      ['PATCH', '/api/v1/tokens/some-id', 'DELETE'],
      ['DELETE', applicationPath, 'GET, HEAD, PUT'],
      ['GET', '/api/v1/offers/some-id/confirm', 'POST'],
    ] as const) {
      const res = await call(method, path, { body: method === 'GET' ? undefined : {} })
      expectProblem(res, 405)
      expect(res.json.type).toContain('#problem-method-not-allowed')
      expect(res.headers.get('allow')).toBe(allow)
      expect(res.json.detail).toBe(`${path} does not take ${method}; it takes ${allow}.`)
    }
    // Unknown paths stay 404, whatever the method.
    for (const method of ['GET', 'POST']) {
      const unknown = await call(method, '/api/v1/programs/extra')
      expect(unknown.status).toBe(404)
      expect(unknown.headers.get('content-type')).toContain('application/problem+json')
      expect(unknown.headers.get('allow')).toBeNull()
      expect(unknown.json.type).toContain('#problem-not-found')
      expect(unknown.json.detail).toBe('There is no /api/v1/programs/extra in this API; /api/docs lists its operations.')
    }
  })

  it('refuses calls without credentials with 401 and a Bearer challenge', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/me'],
      ['GET', '/api/v1/applications'],
      ['GET', '/api/v1/tokens'],
      ['PUT', applicationPath],
      ['POST', '/api/v1/tokens'],
    ] as const) {
      const res = await call(method, path, method === 'GET' ? {} : { body: {} })
      expectProblem(res, 401)
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="Embassy API"/)
    }
    const garbage = await call('GET', '/api/v1/me', { auth: 'emb_not-a-real-token' })
    expectProblem(garbage, 401)
    expect(garbage.headers.get('www-authenticate')).toContain('error="invalid_token"')
    const basic = await call('GET', '/api/v1/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } })
    expectProblem(basic, 401)
    expect(basic.headers.get('www-authenticate')).toContain('error="invalid_request"')
  })

  it('creates a token only with the session and the X-CSRF-Token header, and stores only its hash', async () => {
    const me = await call('GET', '/api/v1/me', { auth: 'session' })
    expect(me.status).toBe(200)
    expect(me.json).toMatchObject({ email: 'api-user@example.org', authenticatedWith: 'session' })
    const csrf = me.headers.get('x-csrf-token')
    expect(csrf).toBeTruthy()

    const forged = await call('POST', '/api/v1/tokens', { auth: 'session', body: { name: 'forged' } })
    expectProblem(forged, 403)
    expect(forged.json.detail).toContain('X-CSRF-Token')
    const wrongCsrf = await call('POST', '/api/v1/tokens', { auth: 'session', body: { name: 'forged' }, headers: { 'x-csrf-token': 'guess' } })
    expectProblem(wrongCsrf, 403)

    const invalid = await call('POST', '/api/v1/tokens', { auth: 'session', body: { name: ' ', expiresInDays: 0 }, headers: { 'x-csrf-token': csrf! } })
    expectProblem(invalid, 422)
    expect(Object.keys(invalid.json.errors).sort()).toEqual(['expiresInDays', 'name'])

    const created = await call('POST', '/api/v1/tokens', { auth: 'session', body: { name: 'release script', expiresInDays: 30 }, headers: { 'x-csrf-token': csrf! } })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({ name: 'release script', token: expect.stringMatching(/^emb_[A-Za-z0-9_-]{43}$/), expiresAt: '2025-04-14T04:00:00.000Z' })
    token = created.json.token
    tokenId = created.json.id

    const [row] = await ctx().db.select().from(apiTokens).where(eq(apiTokens.id, tokenId))
    expect(row!.tokenHash).toBe(sha256(token))
    expect(JSON.stringify(await ctx().db.select().from(apiTokens))).not.toContain(token)

    // A token cannot mint more tokens, even with a session cookie alongside.
    const viaToken = await call('POST', '/api/v1/tokens', { auth: token, body: { name: 'child' } })
    expectProblem(viaToken, 403)
  })

  it('authenticates scripts with the token alone, without CSRF, and records its use', async () => {
    const me = await call('GET', '/api/v1/me', { auth: token })
    expect(me.status).toBe(200)
    expect(me.json).toMatchObject({ displayName: expect.any(String), handle: expect.any(String), email: 'api-user@example.org', authenticatedWith: 'token' })
    expect(me.headers.get('cache-control')).toContain('no-store')
    const [row] = await ctx().db.select().from(apiTokens).where(eq(apiTokens.id, tokenId))
    expect(row!.lastUsedAt?.toISOString()).toBe(OPEN.toISOString())

    const listed = await call('GET', '/api/v1/tokens', { auth: token })
    expect(listed.status).toBe(200)
    expect(listed.json.tokens).toEqual([expect.objectContaining({ id: tokenId, name: 'release script', active: true, revokedAt: null })])
    expect(listed.text).not.toContain(token)
  })

  it('saves a draft, then submits it, through the same validation as the form', async () => {
    const deps = ctx()
    const draft = await call('PUT', applicationPath, { auth: token, body: { displayName: 'Half Done', answers: { ideas: 'Meetups' } } })
    expect(draft.status).toBe(200)
    expect(draft.json).toMatchObject({ id: expect.any(String), status: 'draft', verdict: { overall: expect.any(String), requirements: expect.any(Array) } })

    const incomplete = await call('PUT', applicationPath, { auth: token, body: { displayName: 'Half Done', answers: { ideas: 'Meetups' }, submit: true } })
    expectProblem(incomplete, 422)
    expect(incomplete.json.errors).toEqual({ 'answers.why': 'This question needs an answer.' })

    const submitted = await call('PUT', applicationPath, { auth: token, body: fullApplication({ submit: true }) })
    expect(submitted.status).toBe(200)
    expect(submitted.json).toMatchObject({ id: draft.json.id, status: 'submitted' })
    expect(submitted.json.verdict.requirements.map((r: Json) => [r.key, r.status])).toEqual([
      ['kind', 'met'],
      ['blogs', 'met'],
      ['code', 'not_met'],
    ])
    expect(submitted.json.verdict.overall).toBe('eligible')

    const [stored] = await deps.db.select().from(applications).where(eq(applications.id, draft.json.id))
    expect(stored).toMatchObject({ status: 'submitted', country: 'TR', region: 'Europe', affirmed: ['kind'], attestedMinimumAge: 18, answers: { why: 'Because I love this community.' } })
    expect(await deps.db.select().from(evidenceItems).where(eq(evidenceItems.applicationId, draft.json.id))).toHaveLength(2)

    const read = await call('GET', applicationPath, { auth: token })
    expect(read.status).toBe(200)
    expect(read.json).toMatchObject({ id: draft.json.id, status: 'submitted', cohort: { slug: '2025' }, displayName: 'Onur Canoğlu', attestedMinimumAge: true, affirmed: ['kind'] })
    expect(read.json.evidence.map((e: Json) => e.title).sort()).toEqual(['Intro post', 'Second post'])

    const list = await call('GET', '/api/v1/applications', { auth: token })
    expect(list.status).toBe(200)
    expect(list.json.applications).toEqual([
      expect.objectContaining({
        id: draft.json.id,
        status: 'submitted',
        community: { slug, name: `Community ${slug}` },
        program: { slug: 'ambassadors', name: 'Test Ambassador Program' },
        cohort: { slug: '2025', title: 'Ambassadors 2025', year: 2025 },
        eligibility: { overall: 'eligible', summary: expect.any(String) },
        submittedAt: OPEN.toISOString(),
      }),
    ])
  })

  it('answers invalid input with problems and field errors, never a 500', async () => {
    const invalid = await call('PUT', applicationPath, {
      auth: token,
      body: fullApplication({
        answers: { why: 'ok', ideas: 'x'.repeat(201), nonsense: 'y' },
        links: { blog: 'javascript:alert(1)' },
        country: 'XX',
        affirmed: ['kind', 'made-up'],
        evidence: [{ type: 'talk', title: 'My talk', occurredOn: '2025-02-30', count: 1.5 }, { type: 'video', title: '' }],
      }),
    })
    expectProblem(invalid, 422)
    expect(invalid.json.errors).toEqual({
      'answers.ideas': 'This answer is limited to 200 characters (now 201).',
      'answers.nonsense': 'There is no question “nonsense” in this program.',
      'links.blog': 'This must be a link starting with http:// or https://.',
      country: 'Choose a country from the list.',
      affirmed: 'There is no statement to affirm called “made-up” in this program.',
      'evidence.0.occurredOn': 'This must be a real date (YYYY-MM-DD).',
      'evidence.0.count': 'This must be a whole number.',
      'evidence.1.title': 'Give a title.',
    })

    const wrongTypes = await call('PUT', applicationPath, { auth: token, body: { displayName: 42, answers: ['no'], evidence: [{ type: 'poem', title: 'x' }], extra: true } })
    expectProblem(wrongTypes, 422)
    expect(Object.keys(wrongTypes.json.errors).sort()).toEqual(['answers', 'body', 'displayName', 'evidence.0.type'])

    for (const body of ['null', '[]', '"text"']) expectProblem(await call('PUT', applicationPath, { auth: token, rawBody: body, headers: { 'content-type': 'application/json' } }), 422)

    const malformed = await call('PUT', applicationPath, { auth: token, rawBody: '{"displayName": ', headers: { 'content-type': 'application/json' } })
    expectProblem(malformed, 400)

    const form = await call('PUT', applicationPath, { auth: token, rawBody: 'displayName=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expectProblem(form, 415)

    const huge = await call('PUT', applicationPath, { auth: token, rawBody: JSON.stringify({ displayName: 'x'.repeat(1024 * 1024) }), headers: { 'content-type': 'application/json' } })
    expectProblem(huge, 413)

    expectProblem(await call('PUT', `/api/v1/communities/${slug}/programs/nope/application`, { auth: token, body: fullApplication() }), 404)
    expectProblem(await call('GET', `${applicationPath}?cohort=1999`, { auth: token }), 404)

    // A lone surrogate, which JSON can escape but no database text can hold: refused, naming the field.
    const lone = await call('PUT', applicationPath, { auth: token, body: fullApplication({ answers: { why: 'ok', ideas: 'Meetups \ud800' } }) })
    expectProblem(lone, 422)
    expect(lone.json.errors).toEqual({ 'answers.ideas': expect.stringMatching(/not valid Unicode \(a lone surrogate/) })
    const loneKey = await call('PUT', applicationPath, { auth: token, rawBody: '{"displayName":"x","answers":{"\\udc00":"ok"}}', headers: { 'content-type': 'application/json' } })
    expectProblem(loneKey, 422)
    expect(Object.keys(loneKey.json.errors)).toEqual(['answers.\udc00'])

    // Evidence dated after today (the clock is at 2025-03-15T04:00Z).
    const future = await call('PUT', applicationPath, { auth: token, body: fullApplication({ answers: { why: 'ok' }, evidence: [{ type: 'talk', title: 'Next week', occurredOn: '2025-03-16' }] }) })
    expectProblem(future, 422)
    expect(future.json.errors).toEqual({ 'evidence.0.occurredOn': 'This date is in the future: evidence must be something that has already happened.' })

    // Bytes that are not UTF-8 (a Latin-1 "é"): refused, not stored as U+FFFD.
    const latin1 = new Uint8Array(Buffer.from(JSON.stringify(fullApplication({ displayName: 'Ren\u00e9', answers: { why: 'ok', ideas: 'Caf\u00e9 meetups' } })), 'latin1'))
    const notUtf8 = await call('PUT', applicationPath, { auth: token, rawBody: latin1, headers: { 'content-type': 'application/json' } })
    expectProblem(notUtf8, 400)
    expect(notUtf8.json.detail).toMatch(/not valid UTF-8/)

    // Nothing of the refused requests was stored.
    const [stored] = await ctx().db.select().from(applications).where(sql`${applications.answers}->>'why' = 'ok'`)
    expect(stored).toBeUndefined()
  })

  it('accepts the browser session for changes only with the X-CSRF-Token header', async () => {
    const me = await call('GET', '/api/v1/me', { auth: 'session' })
    expectProblem(await call('PUT', applicationPath, { auth: 'session', body: fullApplication() }), 403)
    const saved = await call('PUT', applicationPath, { auth: 'session', body: fullApplication({ region: 'Asia' }), headers: { 'x-csrf-token': me.headers.get('x-csrf-token')! } })
    expect(saved.status).toBe(200)
    // Already submitted: a later save changes the fields and keeps it submitted.
    expect(saved.json.status).toBe('submitted')
    expect((await call('GET', applicationPath, { auth: token })).json.region).toBe('Asia')
  })

  it('refuses changes outside the application window with a 409 naming the deadline', async () => {
    const deps = ctx()
    deps.setNow(AFTER)
    try {
      const res = await call('PUT', applicationPath, { auth: token, body: fullApplication() })
      expectProblem(res, 409)
      expect(res.json.detail).toBe('Applications for Ambassadors 2025 closed at the end of March 31, 2025 in Asia/Shanghai (UTC+8) (2025-03-31T16:00:00Z).')
    } finally {
      deps.setNow(OPEN)
    }
  })

  it('refuses changes to a withdrawn application with a 409', async () => {
    const deps = ctx()
    const other = await signedInClient(app, deps.db, 'withdrawer-api@example.org')
    const me = await app.request('/api/v1/me', { headers: { cookie: (other as any).cookieHeader() } })
    const created = await app.request('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'withdrawer', expiresInDays: null }),
      headers: { cookie: (other as any).cookieHeader(), 'content-type': 'application/json', 'x-csrf-token': me.headers.get('x-csrf-token')! },
    })
    expect(created.status).toBe(201)
    const { token: otherToken, expiresAt } = (await created.json()) as Json
    expect(expiresAt).toBeNull()
    const saved = await call('PUT', applicationPath, { auth: otherToken, body: fullApplication() })
    expect(saved.status).toBe(200)
    await deps.db.update(applications).set({ status: 'withdrawn', withdrawnAt: OPEN }).where(eq(applications.id, saved.json.id))
    const res = await call('PUT', applicationPath, { auth: otherToken, body: fullApplication() })
    expectProblem(res, 409)
    expect(res.json.detail).toContain('withdrew')

    // Someone else's token id is "not found", and stays active.
    expectProblem(await call('DELETE', `/api/v1/tokens/${tokenId}`, { auth: otherToken }), 404)
    expectProblem(await call('DELETE', '/api/v1/tokens/not-a-uuid', { auth: otherToken }), 404)
    expect((await call('GET', '/api/v1/me', { auth: token })).status).toBe(200)
  })

  it('revokes a token: afterwards it is refused with 401', async () => {
    const revoked = await call('DELETE', `/api/v1/tokens/${tokenId}`, { auth: token })
    expect(revoked.status).toBe(204)
    const res = await call('GET', '/api/v1/me', { auth: token })
    expectProblem(res, 401)
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"')
    const [row] = await ctx().db.select().from(apiTokens).where(eq(apiTokens.id, tokenId))
    expect(row!.revokedAt).not.toBeNull()
    // The session still works, and lists the token as revoked.
    const listed = await call('GET', '/api/v1/tokens', { auth: 'session' })
    expect(listed.json.tokens[0]).toMatchObject({ id: tokenId, active: false })
  })

  it('refuses expired tokens', async () => {
    const deps = ctx()
    const me = await call('GET', '/api/v1/me', { auth: 'session' })
    const created = await call('POST', '/api/v1/tokens', { auth: 'session', body: { name: 'short', expiresInDays: 1 }, headers: { 'x-csrf-token': me.headers.get('x-csrf-token')! } })
    expect(created.status).toBe(201)
    expect((await call('GET', '/api/v1/me', { auth: created.json.token })).status).toBe(200)
    deps.setNow(new Date(OPEN.getTime() + 86_400_000))
    try {
      expectProblem(await call('GET', '/api/v1/me', { auth: created.json.token }), 401)
    } finally {
      deps.setNow(OPEN)
    }
  })

  it('publishes an OpenAPI 3.1 document with every operation and the bearer scheme', async () => {
    const res = await call('GET', '/api/openapi.json')
    expect(res.status).toBe(200)
    const doc = res.json
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.info).toMatchObject({ title: 'Embassy API', version: '1' })
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' })
    const documented = Object.entries(doc.paths as Json).flatMap(([path, item]) => Object.keys(item as Json).map((m) => `${m.toUpperCase()} ${path}`))
    // Every operation the app serves under /api/v1, whichever feature defines it, is in the one document.
    const served = [...new Set(app.routes.filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL').map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`))]
    expect(documented.sort()).toEqual(served.sort())
    expect(documented).toEqual(expect.arrayContaining(apiOperations.map((o) => `${o.method} ${o.path}`)))
    expect(documented).toEqual(
      expect.arrayContaining([
        'GET /api/v1/programs',
        'GET /api/v1/communities/{community}/programs/{program}',
        'GET /api/v1/me',
        'POST /api/v1/tokens',
        'GET /api/v1/tokens',
        'DELETE /api/v1/tokens/{id}',
        'GET /api/v1/applications',
        'GET /api/v1/communities/{community}/programs/{program}/application',
        'PUT /api/v1/communities/{community}/programs/{program}/application',
      ]),
    )
    expect(doc.paths['/api/v1/me'].get.security).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }])
    expect(doc.paths['/api/v1/programs'].get.security).toBeUndefined()
  })

  it('renders a docs page with every operation, its parameters and body fields, without scripts', async () => {
    const res = await app.request('/api/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    const html = await res.text()
    for (const o of apiOperations) expect(html).toContain(`${o.method} ${o.path}`)
    expect(html).toContain('<code>community</code>')
    expect(html).toContain('<code>evidence[].occurredOn</code>')
    expect(html).toContain('<code>expiresInDays</code>')
    expect(html).toContain('id="problem-validation"')
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/https?:\/\/(?!embassy\.test)[a-z0-9.-]+\/[^"]*\.(js|css)/i)
  })
})
