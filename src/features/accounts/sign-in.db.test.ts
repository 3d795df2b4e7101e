import { beforeAll, expect, it } from 'vitest'
import { desc, eq, sql } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { FormClient } from '../../../tests/support/http.ts'
import { createApp } from '../../app.tsx'
import { outboxMessages } from '../communications/schema.ts'
import { sessions, signInTokens } from './schema.ts'
import { adminCreateCommand } from '../../commands/admin-create.ts'
import { sha256 } from '../../lib/secrets.ts'
import { people } from '../people/schema.ts'
import { findOrCreatePerson } from './find-or-create-person.ts'

describeDb('sign-in by email link', (ctx) => {
  let app: ReturnType<typeof createApp>
  beforeAll(() => {
    app = createApp(ctx())
  })

  const latestLink = async (to: string) => {
    const [mail] = await ctx().db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, to)).orderBy(desc(outboxMessages.createdAt)).limit(1)
    const m = /\/sign-in\/verify\?token=([A-Za-z0-9_-]+)/.exec(mail?.textBody ?? '')
    return { mail, token: m?.[1] }
  }

  it('sends a single-use link through the outbox and signs in with it', async () => {
    const browser = new FormClient(app)
    await browser.get('/sign-in?next=/account')
    const sent = await browser.post('/sign-in', { email: 'Ada@Example.org', next: '/account' })
    expect(sent.status).toBe(200)
    expect(sent.text).toContain('a sign-in link is on its way to Ada@Example.org')

    const { mail, token } = await latestLink('ada@example.org')
    expect(mail).toMatchObject({ status: 'stored', subject: 'Your sign-in link for Embassy' })
    expect(token).toBeTruthy()
    // Only the hash is stored.
    const [stored] = await ctx().db.select().from(signInTokens).where(eq(signInTokens.tokenHash, sha256(token!)))
    expect(stored).toBeTruthy()
    expect(JSON.stringify(await ctx().db.select().from(signInTokens))).not.toContain(token)

    const confirm = await browser.get(`/sign-in/verify?token=${token}`)
    expect(confirm.text).toContain('Finish signing in')
    const done = await browser.post('/sign-in/verify', { token: token! })
    expect(done.status).toBe(303)
    expect(done.location).toBe('/account')
    const account = await browser.get('/account')
    expect(account.status).toBe(200)
    expect(account.text).toContain('ada@example.org')
    expect(account.headers.get('cache-control')).toBe('private, no-store')

    // Single use: a second browser cannot reuse the link.
    const other = new FormClient(app)
    await other.get(`/sign-in/verify?token=${token}`)
    const reused = await other.post('/sign-in/verify', { token: token! })
    expect(reused.status).toBe(400)
    expect(reused.text).toContain('invalid, already used or expired')
  })

  it('refuses expired links', async () => {
    const deps = ctx()
    const browser = new FormClient(app)
    await browser.get('/sign-in')
    await browser.post('/sign-in', { email: 'late@example.org', next: '/' })
    const { token } = await latestLink('late@example.org')
    deps.setNow(new Date(deps.clock().getTime() + 15 * 60_000 + 1))
    await browser.get(`/sign-in/verify?token=${token}`)
    expect((await browser.post('/sign-in/verify', { token: token! })).status).toBe(400)
    deps.setNow(new Date('2023-08-15T12:00:00Z'))
  })

  it('keeps what was typed and explains a bad address (422)', async () => {
    const browser = new FormClient(app)
    await browser.get('/sign-in')
    const res = await browser.post('/sign-in', { email: 'not-an-email', next: '/' })
    expect(res.status).toBe(422)
    expect(res.text).toContain('value="not-an-email"')
    expect(res.text).toContain('Enter an email address such as name@example.org.')
    expect(res.text).toContain('aria-invalid="true"')
  })

  it('refuses a form without its CSRF token, and saves nothing', async () => {
    const browser = new FormClient(app)
    await browser.get('/sign-in')
    const before = (await ctx().db.select({ n: sql<number>`count(*)::int` }).from(signInTokens))[0]!.n
    const res = await browser.post('/sign-in', { email: 'csrf@example.org', next: '/', _csrf: 'forged' })
    expect(res.status).toBe(403)
    const fresh = new FormClient(app)
    expect((await fresh.post('/sign-in', { email: 'csrf@example.org', next: '/', _csrf: '' })).status).toBe(403)
    expect((await ctx().db.select({ n: sql<number>`count(*)::int` }).from(signInTokens))[0]!.n).toBe(before)
  })

  it('limits links per address', async () => {
    const browser = new FormClient(app)
    await browser.get('/sign-in')
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await browser.post('/sign-in', { email: 'busy@example.org', next: '/' })).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429])
    expect(browser.lastHtml).toContain('Too many sign-in links were sent to this address')
  })

  it('signs in with an address on an internationalised domain, sent to its ASCII form', async () => {
    const browser = new FormClient(app)
    await browser.get('/sign-in?lang=zh-CN')
    const sent = await browser.post('/sign-in', { email: 'Lin@例子.中国', next: '/account' })
    expect(sent.status).toBe(200)
    const { mail, token } = await latestLink('lin@xn--fsqu00a.xn--fiqs8s')
    expect(mail).toBeTruthy()
    await browser.get(`/sign-in/verify?token=${token}`)
    expect((await browser.post('/sign-in/verify', { token: token! })).location).toBe('/account')
    expect((await browser.get('/account')).text).toContain('lin@xn--fsqu00a.xn--fiqs8s')
    // A local part outside ASCII cannot be delivered everywhere: still refused next to the field.
    const refused = await browser.post('/sign-in', { email: '林@例子.中国', next: '/' })
    expect(refused.status).toBe(422)
    expect(refused.text).toContain('value="林@例子.中国"')
  })

  it('says why a link was not sent in the page’s language, next to the address, which is kept', async () => {
    const browser = new FormClient(app)
    await browser.get('/sign-in?lang=zh-CN')
    let last = { status: 0, text: '' }
    for (let i = 0; i < 6; i++) last = await browser.post('/sign-in', { email: 'busy-zh@example.org', next: '/' })
    expect(last.status).toBe(429)
    expect(last.text).toContain('发送到此地址的登录链接过多')
    expect(last.text).not.toContain('Too many')
    expect(last.text).toContain('value="busy-zh@example.org"')
  })

  it('switches the language without losing the page’s query (where sign-in returns to)', async () => {
    const browser = new FormClient(app)
    const english = await browser.get('/sign-in?next=%2Fc%2Fks%2Fprograms%2Fksap%2Fapply')
    expect(english.text).toContain('href="/sign-in?next=%2Fc%2Fks%2Fprograms%2Fksap%2Fapply&amp;lang=zh-CN"')
    const chinese = await browser.get('/sign-in?next=%2Fc%2Fks%2Fprograms%2Fksap%2Fapply&lang=zh-CN')
    expect(chinese.text).toContain('<html lang="zh-CN">')
    expect(chinese.text).toContain('value="/c/ks/programs/ksap/apply"')
    expect(chinese.text).toContain('href="/sign-in?next=%2Fc%2Fks%2Fprograms%2Fksap%2Fapply&amp;lang=en"')
  })

  it('never redirects off-site after sign-in', async () => {
    const browser = new FormClient(app)
    await browser.get('/sign-in')
    await browser.post('/sign-in', { email: 'redirect@example.org', next: '//evil.example/x' })
    const { token } = await latestLink('redirect@example.org')
    await browser.get(`/sign-in/verify?token=${token}`)
    expect((await browser.post('/sign-in/verify', { token: token! })).location).toBe('/')
  })

  it('signs out, and signs out everywhere', async () => {
    const deps = ctx()
    const sessionsOf = async (email: string) =>
      (await deps.db.execute(sql`select count(*)::int as n from sessions s join people p on p.id = s.person_id where p.email = ${email}`)) as unknown as { rows: { n: number }[] }
    const signIn = async () => {
      const b = new FormClient(app)
      await b.get('/sign-in')
      await b.post('/sign-in', { email: 'multi@example.org', next: '/' })
      const { token } = await latestLink('multi@example.org')
      await b.get(`/sign-in/verify?token=${token}`)
      await b.post('/sign-in/verify', { token: token! })
      return b
    }
    const phone = await signIn()
    const laptop = await signIn()
    expect((await sessionsOf('multi@example.org')).rows[0]!.n).toBe(2)
    await laptop.get('/account')
    await laptop.post('/sign-out/everywhere', {})
    expect((await sessionsOf('multi@example.org')).rows[0]!.n).toBe(0)
    expect((await phone.get('/account')).status).toBe(303)
  })

  it('admin create grants the admin role; only admins read the outbox', async () => {
    const deps = ctx()
    const out: string[] = []
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) }
    expect(await adminCreateCommand.run(deps, { email: 'Boss@Example.org', name: 'Boss' }, io)).toBe(0)
    expect(await adminCreateCommand.run(deps, { email: 'boss@example.org' }, io)).toBe(0)
    expect(out[2]).toContain('already an admin')
    expect(out[1]).toMatch(/^Sign in within 15 minutes with this single-use link: http:\/\/embassy\.test\/sign-in\/verify\?token=[A-Za-z0-9_-]+$/)
    // The printed link signs the first admin in without any mail.
    const printed = new FormClient(app)
    const token = /token=([A-Za-z0-9_-]+)/.exec(out[1]!)![1]!
    await printed.get(`/sign-in/verify?token=${token}`)
    expect((await printed.post('/sign-in/verify', { token })).location).toBe('/admin')
    expect((await printed.get('/admin/outbox')).status).toBe(200)
    // The admin's links on the account page are in the page's language as the rest of it.
    const accountZh = await printed.get('/account?lang=zh-CN')
    expect(accountZh.text).toContain('<a href="/admin/outbox">发件箱</a> · <a href="/admin/identities">贡献者身份</a>')
    await printed.get('/account?lang=en')
    expect(await adminCreateCommand.run(deps, { email: 'nope' }, io)).toBe(2)
    // A name with a text-direction override ("\u202Eecila" displays as "alice") is refused; no account is made.
    expect(await adminCreateCommand.run(deps, { email: 'spoof@example.org', name: 'Mallory \u202Eecila' }, io)).toBe(2)
    expect(out.at(-1)).toMatch(/^admin create: --name must not contain text-direction control characters/)
    expect(await deps.db.select().from(people).where(eq(people.email, 'spoof@example.org'))).toEqual([])
    // A sign-in provider's name is taken without them.
    const fromProvider = await findOrCreatePerson(deps.db, { provider: 'oidc', subject: 'bidi-1', email: 'bidi@example.org', name: 'Mallory \u2066\u202Eecila\u2069' })
    expect((await deps.db.select({ name: people.displayName }).from(people).where(eq(people.id, fromProvider.personId)))[0]!.name).toBe('Mallory ecila')

    const stranger = new FormClient(app)
    await stranger.get('/sign-in')
    await stranger.post('/sign-in', { email: 'stranger@example.org', next: '/' })
    const s = await latestLink('stranger@example.org')
    await stranger.get(`/sign-in/verify?token=${s.token}`)
    await stranger.post('/sign-in/verify', { token: s.token! })
    expect((await stranger.get('/admin/outbox')).status).toBe(403)
    expect((await new FormClient(app).get('/admin/outbox')).status).toBe(303)

    const boss = new FormClient(app)
    await boss.get('/sign-in')
    await boss.post('/sign-in', { email: 'boss@example.org', next: '/admin/outbox' })
    const b = await latestLink('boss@example.org')
    await boss.get(`/sign-in/verify?token=${b.token}`)
    const landed = await boss.post('/sign-in/verify', { token: b.token! })
    expect(landed.location).toBe('/admin/outbox')
    const outbox = await boss.get('/admin/outbox')
    expect(outbox.status).toBe(200)
    expect(outbox.text).toContain('stranger@example.org')
    const count = await deps.db.select({ n: sql<number>`count(*)::int` }).from(sessions)
    expect(count[0]!.n).toBeGreaterThan(0)
  })
})
