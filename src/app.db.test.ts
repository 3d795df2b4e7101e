import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../tests/support/db.ts'
import { makeAmbassadors, makeCommunity } from '../tests/support/factories.ts'
import { createApp } from './app.tsx'
import { seedDemo } from './db/seed/demo.ts'
import { stylesheetPath } from './ui/assets.ts'
import { PageCache } from './ui/page-cache.ts'
import { eq } from 'drizzle-orm'
import { FormClient } from '../tests/support/http.ts'
import { signedInClient } from '../tests/support/sign-in.ts'
import { grantRole } from './features/accounts/grant-role.ts'
import { inboxMessages } from './features/inbox/schema.ts'
import { people } from './features/people/schema.ts'

describeDb('public web app', (ctx) => {
  let app: ReturnType<typeof createApp>
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers })

  beforeAll(async () => {
    const deps = ctx()
    await seedDemo(deps.db, deps.clock())
    app = createApp(deps)
  })

  it('serves the KubeSphere program page with its calendar, rule and members', async () => {
    ctx().setNow(new Date('2023-08-15T00:00:00Z'))
    const res = await get('/c/kubesphere/programs/ksap')
    expect(res.status).toBe(200)
    const html = (await res.text()).normalize('NFC')
    expect(html).toContain('KubeSphere Ambassadorship Program')
    expect(html).toContain('August 1, 2023 – September 1, 2023')
    expect(html).toContain('September 20, 2023 – September 21, 2024')
    expect(html).toMatch(/<li class="current" data-phase="applications" aria-current="step">/)
    expect(html).toContain('Applicants need all 3 mandatory requirements, and at least 2 of the other 6.')
    for (const name of ['Calvin Yu', 'Fawei Zhao', 'Halil İbrahim BUGÖL', 'Onur Canoğlu', 'İremnur Önder', 'Jianlin Zheng']) {
      expect(html).toContain(name)
    }
    expect(html).toContain('https://space.bilibili.com/438908638/')
    expect(html).toContain('https://kubesphere.slack.com/messages/ksap-ambassadorship-program')
    // Where to follow it and how to write to its team, each answering.
    for (const [href, label] of [
      ['/c/kubesphere/programs/ksap/news', 'News and announcements'],
      ['/c/kubesphere/programs/ksap/news.atom', 'News feed (Atom)'],
      ['/c/kubesphere/programs/ksap/calendar.ics', 'Calendar for your calendar app (iCalendar)'],
      ['/c/kubesphere/programs/ksap/contact', 'Write to the program team'],
    ]) {
      expect(html).toMatch(new RegExp(`<a href="${href!.replace(/\./g, '\\.')}"[^>]*>${label!.replace(/[()]/g, '\\$&')}</a>`))
      expect([href, (await get(href!)).status]).toEqual([href, 200])
    }
  })

  it('moves the highlight with the clock', async () => {
    ctx().setNow(new Date('2023-09-15T18:00:00Z'))
    const html = await (await get('/c/kubesphere/programs/ksap')).text()
    expect(html).toMatch(/<li class="current" data-phase="announcement"/)
    expect(html).toMatch(/<li class="past" data-phase="applications"/)
    ctx().setNow(new Date('2026-11-22T00:00:00Z'))
    expect(await (await get('/c/kubesphere/programs/ksap')).text()).toContain('Every phase of this cohort is done.')
  })

  it('serves OpenStack with its role, questions and criteria, and no cohort', async () => {
    const html = await (await get('/c/openstack/programs/ambassadors')).text()
    expect(html).toContain('What ideas do you have for your community')
    expect(html).toContain('Geographical location')
    expect(html).toContain('Report on the activities in their region')
    expect(html).toContain('No cohort has been scheduled yet.')
  })

  it('serves the home, community, directory and profile pages', async () => {
    const home = await (await get('/')).text()
    expect(home).toContain('href="/c/openstack"')
    expect(home.match(/1 program</g)).toHaveLength(2)
    expect(await (await get('/c/kubesphere')).text()).toContain('/c/kubesphere/programs/ksap')
    const dir = await (await get('/c/kubesphere/ambassadors?q=canoglu')).text()
    expect(dir).toContain('1 ambassador match')
    expect(dir).toContain('/people/onur-canoglu')
    const profile = await (await get('/people/onur-canoglu')).text()
    expect(profile).toContain('September 20, 2023 – September 21, 2024')
    // Empty filters from a submitted form mean "no filter".
    expect((await get('/c/kubesphere/ambassadors?q=&cohort=&region=&status=')).status).toBe(200)
    // A shared link's tracking tags and the language switch are not the page's own parameters.
    for (const path of ['/c/kubesphere/programs/ksap?utm_source=twitter&fbclid=x', '/c/kubesphere/programs/ksap?lang=zh-CN&cohort=2023', '/c/kubesphere/ambassadors?q=canoglu&utm_campaign=news&lang=en']) {
      expect((await get(path)).status, path).toBe(200)
    }
    expect(await (await get('/c/kubesphere/ambassadors?q=canoglu&utm_campaign=news')).text()).toContain('/people/onur-canoglu')
  })

  it.each([
    ['/c/nope', /no community called “nope”/],
    ['/c/kubesphere/programs/nope', /no program “nope”/],
    ['/c/kubesphere/programs/ksap?cohort=1999', /no cohort “1999”/],
    ['/c/nope/ambassadors', /no community called “nope”/],
    ['/people/nobody', /no person/],
    ['/no/such/page', /no page at this address/],
  ])('404 page for %s', async (path, message) => {
    const res = await get(path)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(await res.text()).toMatch(message)
  })

  it.each([
    ['/c/kubesphere/ambassadors?page=abc', 'page must be a whole number'],
    ['/c/kubesphere/ambassadors?page=0', 'page starts at 1'],
    ['/c/kubesphere/ambassadors?status=retired', 'status must be active or alumni'],
    ['/c/kubesphere/ambassadors?cohort=%3Cscript%3E', 'cohort must be a cohort identifier'],
    [`/c/kubesphere/ambassadors?q=${'x'.repeat(101)}`, 'limited to 100 characters'],
    ['/c/kubesphere/ambassadors?sort=name', 'Unknown search parameter: sort'],
    ['/c/kubesphere/programs/ksap?cohort=..%2F..', 'cohort must be a cohort identifier'],
    ['/c/kubesphere/programs/ksap?extra=1', 'Unrecognized key'],
  ])('400 with a message for %s', async (path, message) => {
    const res = await get(path)
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain(message)
    expect(html).not.toContain('<script>')
  })

  it('answers JSON clients with RFC 9457 problem details', async () => {
    const res = await get('/c/kubesphere/ambassadors?page=abc', { accept: 'application/json' })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(await res.json()).toMatchObject({ status: 400, title: 'Bad request', detail: 'page must be a whole number', errors: { page: 'page must be a whole number' } })
    const missing = await get('/c/nope', { accept: 'application/json' })
    expect(await missing.json()).toMatchObject({ status: 404 })
  })

  it('refuses request bodies over 1 MB on every route with a clear 413, before any handler runs', async () => {
    const big = 'x'.repeat(1024 * 1024 + 1)
    const form = await app.request('/sign-in', { method: 'POST', body: `email=${big}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(form.status).toBe(413)
    expect(await form.text()).toContain('The request is larger than 1 MB; nothing was saved.')
    const api = await app.request('/api/v1/tokens', { method: 'POST', body: JSON.stringify({ name: big }), headers: { 'content-type': 'application/json' } })
    expect(api.status).toBe(413)
    expect(await api.json()).toMatchObject({ status: 413 })
  })

  it('refuses text with a NUL character with a clear 422 on any form (PostgreSQL cannot store it), saving nothing', async () => {
    const { db } = ctx()
    const contact = '/c/kubesphere/programs/ksap/contact'
    const visitor = new FormClient(app)
    await visitor.get(contact)
    const before = (await db.select({ id: inboxMessages.id }).from(inboxMessages)).length
    // The contact form (like the other forms) shows itself again with the message at the fields.
    const res = await visitor.post(contact, { name: 'Li Ming', email: 'liming@example.org', subject: 'A question\u0000', message: 'About my contributions\u0000 to KubeSphere and the program', website: '' })
    expect(res.status).toBe(422)
    expect(res.text).toMatch(/id="subject-error"[^>]*>\s*This text contains a character that cannot be stored/)
    expect(res.text).toMatch(/id="message-error"[^>]*>\s*This text contains a character that cannot be stored/)
    expect((await db.select({ id: inboxMessages.id }).from(inboxMessages)).length).toBe(before)
    // A form that does not check it itself: the database refuses the text, and the 422 page says why, in the
    // visitor's language.
    const admin = await signedInClient(app, db, 'nul-admin@example.org')
    const [person] = await db.select().from(people).where(eq(people.email, 'nul-admin@example.org'))
    await grantRole(db, person!.id, 'admin', null, 'test')
    await admin.get('/admin/identities')
    const unlink = await admin.post('/admin/identities/unlink', { key: 'email:a\u0000b@example.org' })
    expect(unlink.status).toBe(422)
    expect(unlink.text).toContain('Text cannot contain NUL characters')
    await admin.get('/admin/identities?lang=zh-CN')
    const zh = await admin.post('/admin/identities/unlink', { key: 'email:a\u0000b@example.org' })
    expect(zh.status).toBe(422)
    expect(zh.text).toContain('<h1>请检查表单</h1>')
    expect(zh.text).toContain('文本不能包含 NUL 字符')
  })

  it('sends security headers and a strict CSP without inline script', async () => {
    const res = await get('/c/kubesphere/programs/ksap')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    const html = await res.text()
    expect(html).not.toMatch(/<script|style="/)
  })

  it('answers 304 to a matching If-None-Match, and serves assets and the theme', async () => {
    const first = await get('/c/kubesphere/programs/ksap')
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^".+"$/)
    const again = await get('/c/kubesphere/programs/ksap', { 'if-none-match': etag })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    expect((await get(stylesheetPath)).headers.get('cache-control')).toContain('immutable')
    expect(await (await get('/c/kubesphere/theme.css')).text()).toMatch(/--brand:#[0-9a-f]{6}/i)
  })

  it('never shows a personal email', async () => {
    const { db } = ctx()
    const c = await makeCommunity(db)
    await makeAmbassadors(db, c.cohort!, [{ displayName: 'Private Person', email: 'private.person@example.org', handle: 'private-person' }])
    for (const path of [`/c/${c.slug}/ambassadors`, `/c/${c.slug}/programs/ambassadors`, '/people/private-person', `/c/${c.slug}/ambassadors?q=private.person`]) {
      const html = await (await get(path)).text()
      expect(html).not.toContain('private.person@example.org')
    }
  })

  it('renders the program page with the same number of queries for 1 and 3 members', async () => {
    const deps = ctx()
    const one = await makeCommunity(deps.db)
    await makeAmbassadors(deps.db, one.cohort!, ['Only One'])
    const three = await makeCommunity(deps.db)
    await makeAmbassadors(deps.db, three.cohort!, ['First', 'Second', 'Third'])
    const queries = async (slug: string) => {
      const before = deps.database.queryCount
      expect((await get(`/c/${slug}/programs/ambassadors`)).status).toBe(200)
      return deps.database.queryCount - before
    }
    expect(await queries(one.slug)).toBe(await queries(three.slug))
  })

  it('lists the first ambassadors of a large cohort and links to the rest in the directory', async () => {
    const { db } = ctx()
    const c = await makeCommunity(db)
    await makeAmbassadors(db, c.cohort!, Array.from({ length: 50 }, (_, i) => `Member ${String(i).padStart(2, '0')}`))
    const html = await (await get(`/c/${c.slug}/programs/ambassadors`)).text()
    expect(html.match(/href="\/people\//g)).toHaveLength(48)
    expect(html).toContain('Member 47')
    expect(html).not.toContain('Member 48')
    expect(html).toContain(`<a href="/c/${c.slug}/ambassadors?cohort=2025">See all 50 in the ambassador directory</a>`)
  })

  it('health and readiness', async () => {
    expect(await (await get('/healthz')).json()).toEqual({ status: 'ok' })
    expect(await (await get('/readyz')).json()).toEqual({ status: 'ready', database: ctx().engine })
  })

  it('serves cached pages until a write clears the cache', async () => {
    const deps = ctx()
    const cache = new PageCache(3600)
    const cached = createApp({ ...deps, pageCache: cache })
    const c = await makeCommunity(deps.db)
    const before = await (await cached.request(`/c/${c.slug}/ambassadors`)).text()
    expect(before).toContain('0 ambassadors')
    await makeAmbassadors(deps.db, c.cohort!, ['New Person'])
    expect(await (await cached.request(`/c/${c.slug}/ambassadors`)).text()).toContain('0 ambassadors')
    cache.clear()
    expect(await (await cached.request(`/c/${c.slug}/ambassadors`)).text()).toContain('1 ambassador.')
  })
})
