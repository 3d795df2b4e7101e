import fc from 'fast-check'
import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { makeCommunityOpenToday } from '../../../tests/support/factories.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { FormClient } from '../../../tests/support/http.ts'
import { createApp } from '../../app.tsx'
import { createPeople } from '../people/create-people.ts'
import { grantRole } from '../accounts/grant-role.ts'
import { applications } from '../applications/schema.ts'

/**
 * The fuzz suite of issue 9 ("Bad input"): every form and JSON endpoint gets random and hostile input from the
 * most permissive signed-in people, and must never answer 5xx, must explain every refusal, and must never
 * store (or echo) a payload that executes. The scenario and `urlOf` follow route-walk.db.test.ts (copied, the
 * minimum: one community open today, an admin, its program manager and an applicant with an application).
 */
const SEED = 20261122
const RUNS = 10
const QUERY_RUNS = 5

/**
 * Routes not fuzzed, each with why. These end or delete the fuzzing session itself; the route walk covers
 * them with an empty body.
 */
const NOT_FUZZED: Record<string, string> = {
  'POST /sign-out': 'ends the session the fuzzing runs in',
  'POST /sign-out/everywhere': 'ends every session of the fuzzing person',
  'POST /account/delete': 'deletes the fuzzing person',
}

/**
 * Routes whose refusals may show no inline message. Empty: the selection page shows an override's message
 * above the result when its application has no row there, and the feedback page lists a refused report's or
 * vote's messages for a person without a group (both were found by this suite).
 */
const REFUSAL_WITHOUT_MESSAGE: Record<string, string> = {}

const SCRIPT = '<script>window.__fuzz=1</script>'
const IMG = '<img src=x onerror=alert(1)>'
/** An inline error or notice: a field's message, the error box, or an alert/status region. */
const INLINE_ERROR = /class="[^"]*\b(field-error|error-box|error)\b|aria-invalid="true"|role="(alert|status)"/

/** Raw markers that must never appear unescaped in an HTML page. */
const MARKERS = ['<script>window.__fuzz', 'onerror=alert(1)>']

const HOSTILE = [
  "'; drop table people; --",
  "' or '1'='1",
  SCRIPT,
  IMG,
  `"><${IMG.slice(1)}`,
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd\u0000.png',
  '\uD800',
  'a\uDFFFb',
  'nul\u0000byte',
  '\u202Eevil\u202C',
  '\uFEFF\u200B',
  'javascript:alert(1)',
  '-1',
  '0',
  '-99999999999999999999',
  '99999999999999999999',
  '1e308',
  'NaN',
  '3.5',
  'true',
  'null',
  '[]',
  '{}',
  '',
  ' ',
  '2026-13-45',
  'now',
  '00000000-0000-4000-8000-000000000000',
  'not-a-uuid',
  'x@',
  'a@b.c',
]

const COMMON_FIELDS = ['name', 'email', 'title', 'body', 'url', 'answers', 'answers[why]', 'why', 'region', 'country', 'score', 'reason', 'month', 'file', 'id', 'locale', 'seats', 'capacity', 'phase', 'decision', 'note', 'notes', 'subject', 'text', 'code', 'token', 'next', 'slug', 'year', 'date', 'startsAt', 'endsAt', 'kind', 'status', 'personId', 'applicationId']
const QUERY_NAMES = ['after', 'before', 'code', 'download', 'error', 'folder', 'format', 'lang', 'month', 'next', 'notice', 'posted', 'proposed', 'reply', 'requested', 'saved', 'scheduled', 'state', 'status', 'token', 'tz', 'q', 'page']

const huge = fc.constantFrom('x'.repeat(100_000), SCRIPT.repeat(3_000), '\u202E'.repeat(30_000), "';--".repeat(25_000))
const hostileString = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: huge },
)

/** A urlencoded body; lone surrogates go out as the (invalid) UTF-8 bytes a broken client would send. */
function encodeForm(pairs: [string, string][]): string {
  const enc = (s: string) => {
    try {
      return encodeURIComponent(s)
    } catch {
      return [...s].map((ch) => (/[\uD800-\uDFFF]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('')
    }
  }
  return pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')
}

const formPairs = (fields: string[]) =>
  fc.array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...fields) }, { weight: 1, arbitrary: hostileString }), hostileString), { minLength: 1, maxLength: 10 })

const jsonKey = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('name', 'title', 'answers', 'why', 'score', 'reason', 'seats', 'capacity', 'phase', 'decision', 'notes', 'locale', 'applicationIds', 'personIds', 'expiresAt', 'scopes', 'questions', 'requirements', 'status', 'message', 'id') }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) })
const jsonLeaf = fc.oneof(hostileString, fc.integer(), fc.double(), fc.constantFrom(-1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.5), fc.boolean(), fc.constant(null))
const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, jsonLeaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(jsonKey, tie('v'), { maxKeys: 5 })),
})).v
const jsonBody = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(jsonKey, jsonValue, { maxKeys: 8 }).map((o) => JSON.stringify(o)) },
  { weight: 2, arbitrary: jsonValue.map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.constantFrom('{"a":', '[', 'nul', '{"answers":{"why":"\\uD800"}}', '\u0000', "'; drop table people; --", '{"__proto__":{"admin":true}}') },
)

const queryString = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_NAMES), fc.string({ maxLength: 8 })), hostileString.filter((s) => s.length < 5_000)), { minLength: 1, maxLength: 5 })

describeDb('every form and JSON endpoint survives hostile input', (ctx) => {
  let app: ReturnType<typeof createApp>
  let admin: FormClient
  let managerA: FormClient
  let applicant: FormClient
  let anonymous: FormClient
  let params: Record<string, string>
  let xApplication: string
  let routes: { method: string; path: string; key: string }[]
  const getPaths = new Set<string>()

  beforeAll(async () => {
    const deps = ctx()
    // The cohort is open on the real today (makeCommunityOpenToday): the app's clock follows, so forms reach validation.
    deps.setNow(new Date())
    app = createApp(deps)
    const a = await makeCommunityOpenToday(deps.db)
    const cohortId = a.cohort!.cohortId
    const tag = `${deps.engine}-${Date.now().toString(36)}`
    const [adminP, managerP, applicantP] = await createPeople(deps.db, [
      { displayName: 'Fuzz admin', email: `admin-${tag}@example.org` },
      { displayName: 'Fuzz manager', email: `manager-${tag}@example.org` },
      { displayName: 'Fuzz applicant', email: `applicant-${tag}@example.org` },
    ])
    const [x] = await deps.db.insert(applications).values({ cohortId, personId: applicantP!.id, status: 'submitted', answers: { why: 'fuzz' } }).returning({ id: applications.id })
    xApplication = x!.id
    await grantRole(deps.db, applicantP!.id, 'applicant', a.communityId, 'test')
    await grantRole(deps.db, managerP!.id, 'program_manager', a.communityId, 'test')
    await grantRole(deps.db, adminP!.id, 'admin', null, 'test')
    admin = await signedInClient(app, deps.db, `admin-${tag}@example.org`)
    managerA = await signedInClient(app, deps.db, `manager-${tag}@example.org`)
    applicant = await signedInClient(app, deps.db, `applicant-${tag}@example.org`)
    anonymous = new FormClient(app)
    await anonymous.get('/sign-in')
    params = { community: a.slug, program: a.programSlug, cohort: 'now', handle: 'fuzz-applicant', template: 'application-received', locale: 'en', provider: 'github', file: 'calendar.ics', list: '00000000-0000-4000-8000-000000000000', key: 'x', person: managerP!.id, application: xApplication }

    const seen = new Set<string>()
    routes = app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => ({ method: r.method, path: r.path, key: `${r.method} ${r.path}` }))
      .filter((r) => (seen.has(r.key) ? false : (seen.add(r.key), true)))
    for (const r of routes) if (r.method === 'GET') getPaths.add(r.path)
    console.log(`fuzz seed ${SEED}, ${RUNS} runs per route and person, ${QUERY_RUNS} per GET route [${deps.engine}]`)
  }, 180_000)

  /** As in route-walk: a concrete URL for a route of the scenario. */
  function urlOf(path: string): string {
    return path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => {
      if (name === 'id') return /^\/(applications|reviews|api\/v1\/applications)\//.test(path) ? xApplication : '00000000-0000-4000-8000-000000000000'
      if (name === 'file' && path.startsWith('/credentials/')) return '00000000-0000-4000-8000-000000000000.json'
      return params[name] ?? 'x'
    })
  }

  /** Who fuzzes a route: the admin, the community's manager on community routes, the applicant on their own routes. */
  function fuzzersOf(path: string): [string, FormClient][] {
    const who: [string, FormClient][] = [['admin', admin]]
    if (/^\/(admin\/c|c|api\/v1\/communities)\//.test(path)) who.push(['managerA', managerA])
    if (/\/(apply|renew|application)(\/|$)|^\/applications\//.test(path)) who.push(['applicant', applicant])
    return who
  }

  /** What is wrong with an answer, or undefined. */
  function judge(key: string, path: string, res: { status: number; headers: Headers; text: string }): string | undefined {
    const type = res.headers.get('content-type') ?? ''
    if (res.status >= 500) return `status ${res.status}: ${res.text.slice(0, 200)}`
    if (type.includes('text/html') && MARKERS.some((m) => res.text.includes(m))) return 'answer echoes an executable payload'
    if (res.status < 400) return undefined
    if (path.startsWith('/api/')) {
      if (!type.includes('json')) return `API refusal ${res.status} is not JSON (${type})`
      let problem: { title?: unknown; detail?: unknown }
      try {
        problem = JSON.parse(res.text)
      } catch {
        return `API refusal ${res.status} is not readable JSON`
      }
      if (!(typeof problem.title === 'string' && problem.title) && !(typeof problem.detail === 'string' && problem.detail)) return `API refusal ${res.status} without title or detail`
      return undefined
    }
    if (!res.text.trim()) return `refusal ${res.status} with an empty body`
    if (type.includes('text/html') && [400, 409, 413, 422].includes(res.status) && !(key in REFUSAL_WITHOUT_MESSAGE) && !INLINE_ERROR.test(res.text)) return `refusal ${res.status} without an inline error: ${(/<main[^>]*>([\s\S]*)<\/main>/.exec(res.text)?.[1] ?? res.text).slice(0, 400)}`
    return undefined
  }

  /**
   * The page's own form for `url`, filled as a person would but with the payloads in every free-text field, so
   * that they pass validation and get stored (then the last test looks for them on every page).
   */
  function filledForm(html: string, url: string): [string, string][] | undefined {
    const form = [...html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)].find((m) => m[0].slice(0, m[0].indexOf('>')).includes(`action="${url}"`))?.[1]
    if (!form) return undefined
    const payload = `Fuzz ${SCRIPT} ${IMG}`
    const pairs: [string, string][] = []
    const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1]
    const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
      const name = attr(tag, 'name')
      const type = attr(tag, 'type') ?? 'text'
      if (!name || name === '_csrf' || ['submit', 'file', 'button'].includes(type)) continue
      if ((type === 'checkbox' || type === 'radio') && !/\bchecked\b/.test(tag)) continue
      pairs.push([name, type === 'text' || type === 'search' ? payload : unescape(attr(tag, 'value') ?? (type === 'checkbox' ? 'on' : ''))])
    }
    for (const [, name] of form.matchAll(/<textarea\b[^>]*\bname="([^"]+)"/g)) pairs.push([name!, payload])
    for (const [, name, options] of form.matchAll(/<select\b[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
      const value = /<option\b[^>]*\bselected[^>]*\bvalue="([^"]*)"|<option\b[^>]*\bvalue="([^"]*)"[^>]*\bselected/.exec(options!) ?? /<option\b[^>]*\bvalue="([^"]*)"/.exec(options!)
      if (value) pairs.push([name!, unescape(value[1] ?? value[2] ?? '')])
    }
    return pairs
  }

  const show = (body: string) => (body.length > 300 ? `${body.slice(0, 300)}… (${body.length} chars)` : body)

  it('answers hostile forms and JSON bodies without a 5xx, explaining every refusal', async () => {
    const failures: string[] = []
    let sent = 0
    let covered = 0
    const statuses: Record<number, number> = {}
    const writes = routes.filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && !(r.key in NOT_FUZZED))
    for (const [i, route] of writes.entries()) {
      covered++
      const url = urlOf(route.path)
      const api = route.path.startsWith('/api/')
      for (const [who, client] of fuzzersOf(route.path)) {
        // The matching page (if any) gives the form's field names and a fresh CSRF token.
        const page = getPaths.has(route.path) ? await client.get(url, { accept: 'text/html' }) : await client.get('/account', { accept: 'text/html' })
        const names = [...new Set([...page.text.matchAll(/\bname="([^"]+)"/g)].map((m) => m[1]!).filter((n) => n !== '_csrf'))]
        const bodies = api ? fc.sample(jsonBody, { seed: SEED + i, numRuns: RUNS }) : fc.sample(formPairs([...names, ...COMMON_FIELDS]), { seed: SEED + i, numRuns: RUNS }).map((pairs) => encodeForm([['_csrf', client.csrf], ...pairs]))
        const filled = filledForm(page.text, url)
        if (filled && !api) bodies.push(encodeForm([['_csrf', client.csrf], ...filled]))
        for (const body of bodies) {
          const res = await client.request(route.method, url, {
            body,
            headers: { 'content-type': api ? 'application/json' : 'application/x-www-form-urlencoded', accept: api ? 'application/json' : 'text/html' },
          })
          sent++
          statuses[res.status] = (statuses[res.status] ?? 0) + 1
          const wrong = judge(route.key, route.path, res)
          if (wrong) failures.push(`${route.key} as ${who}: ${wrong}\n    body: ${show(body)}`)
        }
        if (!api && /type="file"|upload/.test(page.text + route.path)) {
          // Uploads: file names with path traversal, NUL and markup, in a real multipart body.
          for (const name of ['../../etc/passwd', '..\\..\\boot.ini', `${SCRIPT}.json`, 'a\u0000.png', '\u202Egnp.exe']) {
            const form = new FormData()
            form.append('_csrf', client.csrf)
            for (const field of names.length ? names : ['file']) form.append(field, new File(['{"x":1}'], name, { type: 'application/json' }))
            const res = await client.request(route.method, url, { body: form as unknown as string, headers: { accept: 'text/html' } })
            sent++
            const wrong = judge(route.key, route.path, res)
            if (wrong) failures.push(`${route.key} as ${who} (upload named ${JSON.stringify(name)}): ${wrong}`)
          }
        }
      }
    }
    console.log(`fuzzed ${covered} write routes with ${sent} requests (statuses ${JSON.stringify(statuses)}); not fuzzed: ${Object.keys(NOT_FUZZED).join(', ')}`)
    expect(failures).toEqual([])
  }, 900_000)

  it('answers hostile query strings on every page without a 5xx', async () => {
    const failures: string[] = []
    let sent = 0
    const pages = routes.filter((r) => r.method === 'GET' && !r.path.startsWith('/assets/'))
    for (const [i, route] of pages.entries()) {
      const url = urlOf(route.path)
      for (const pairs of fc.sample(queryString, { seed: SEED + 1000 + i, numRuns: QUERY_RUNS })) {
        const res = await admin.request('GET', `${url}?${encodeForm(pairs)}`, { headers: { accept: route.path.startsWith('/api/') ? 'application/json' : 'text/html' } })
        sent++
        const wrong = judge(route.key, route.path, res)
        if (wrong) failures.push(`${route.key}: ${wrong}\n    query: ${show(encodeForm(pairs))}`)
      }
    }
    console.log(`fuzzed ${pages.length} GET routes with ${sent} requests`)
    expect(failures).toEqual([])
  }, 900_000)

  it('refuses a NUL in the program settings with a message (was a 500: PostgreSQL text cannot hold NUL)', async () => {
    const url = urlOf('/admin/c/:community/programs/:program/settings')
    const page = await managerA.get(urlOf('/admin/c/:community/programs/:program'), { accept: 'text/html' })
    const fields = (filledForm(page.text, url) ?? []).filter(([name]) => name !== 'name')
    const res = await managerA.request('POST', url, { body: encodeForm([['_csrf', managerA.csrf], ...fields, ['name', 'nul\u0000byte']]), headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' } })
    expect(res.status).toBe(422)
    expect(res.text).toMatch(INLINE_ERROR)
    expect(res.text).toContain('must not contain NUL characters')
  })

  it('stores no payload that executes: no page shows the markers unescaped', async () => {
    const leaks: string[] = []
    const escaped = new Set<string>()
    const pages = routes.filter((r) => r.method === 'GET' && !r.path.startsWith('/assets/') && !r.path.includes('sign-out'))
    for (const route of pages) {
      for (const [who, client] of [['admin', admin], ['managerA', managerA], ['applicant', applicant], ['anonymous', anonymous]] as const) {
        const res = await client.get(urlOf(route.path), { accept: 'text/html' })
        if ((res.headers.get('content-type') ?? '').includes('text/html') && MARKERS.some((m) => res.text.includes(m))) leaks.push(`${route.key} as ${who}`)
        if (res.text.includes('&lt;script&gt;window.__fuzz') || res.text.includes('onerror=alert(1)&gt;')) escaped.add(route.key)
      }
    }
    console.log(`${pages.length} pages read as admin, managerA, applicant and anonymous; stored payloads shown escaped on: ${[...escaped].join(', ') || 'none'}`)
    expect(leaks).toEqual([])
  }, 600_000)
})
