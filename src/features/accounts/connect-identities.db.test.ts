import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { and, desc, eq } from 'drizzle-orm'
import { OAuth2Server } from 'oauth2-mock-server'
import { describeDb } from '../../../tests/support/db.ts'
import { FormClient } from '../../../tests/support/http.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { createApp } from '../../app.tsx'
import { auditLog } from '../audit/schema.ts'
import { outboxMessages } from '../communications/schema.ts'
import { contributorIdentities } from '../contributions/schema.ts'
import { ingestContributions } from '../contributions/store.ts'
import { people } from '../people/schema.ts'
import { identities } from './schema.ts'
import { commitBy } from '../../../tests/support/factories.ts'

describeDb('connecting more identities to an account', (ctx) => {
  /** GitHub's OAuth endpoints (the mock) and a GitHub-shaped REST API serving the signed-in user. */
  let githubServer: OAuth2Server
  let githubApi: http.Server
  let githubUser = { id: 4242, login: 'lina-dev', name: 'Li Na', email: null as string | null }
  let app: ReturnType<typeof createApp>

  beforeAll(async () => {
    githubServer = new OAuth2Server(undefined, undefined, { endpoints: { authorize: '/login/oauth/authorize', token: '/login/oauth/access_token' } })
    await githubServer.issuer.keys.generate('RS256')
    await githubServer.start(0, '127.0.0.1')
    githubServer.issuer.url = `http://127.0.0.1:${githubServer.address().port}`
    githubApi = http.createServer((req, res) => {
      const body = req.url === '/user' ? githubUser : req.url === '/user/emails' ? [] : undefined
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body ?? { message: 'Not Found' }))
    })
    await new Promise<void>((resolve) => githubApi.listen(0, '127.0.0.1', resolve))
    const base = ctx()
    const github = { clientId: 'gh-client', clientSecret: 'gh-secret', baseUrl: githubServer.issuer.url, apiUrl: `http://127.0.0.1:${(githubApi.address() as AddressInfo).port}` }
    app = createApp({ ...base, config: { ...base.config, github } })
    await ingestContributions(base.db, [
      commitBy('c1', { name: 'Li Na', email: 'lina@corp.example.com' }),
      commitBy('c2', { name: 'Li Na', email: 'LiNa@Corp.example.com' }),
      commitBy('c3', { name: 'Li Na', email: '4242+lina-dev@users.noreply.github.com' }),
    ])
  })
  afterAll(async () => {
    await githubServer?.stop()
    await new Promise<void>((resolve) => (githubApi ? githubApi.close(() => resolve()) : resolve()))
  })

  const personByEmail = async (email: string) => (await ctx().db.select().from(people).where(eq(people.email, email)))[0]!
  const ownerOf = async (key: string) => (await ctx().db.select({ personId: contributorIdentities.personId }).from(contributorIdentities).where(eq(contributorIdentities.key, key)))[0]?.personId
  const linkSentTo = async (email: string) => {
    const [mail] = await ctx().db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, email)).orderBy(desc(outboxMessages.createdAt)).limit(1)
    return { mail: mail!, token: /\/sign-in\/verify\?token=([A-Za-z0-9_-]+)/.exec(mail!.textBody)![1]! }
  }

  it('adds an email address by a link sent to it; the contributions made with it then count for the person', async () => {
    const lina = await signedInClient(app, ctx().db, 'lina@home.example.org')
    const me = await personByEmail('lina@home.example.org')
    const account = await lina.get('/account')
    // The address signed in with counts already (nothing under it yet).
    expect(account.text).toContain('<li><code>email:lina@home.example.org</code> · contributions: 0</li>')
    expect(account.text).not.toContain('lina@corp.example.com')

    const bad = await lina.post('/account/emails', { email: 'lina at corp' })
    expect(bad.status).toBe(422)
    expect(bad.text).toMatch(/value="lina at corp" aria-invalid="true" aria-describedby="add-email-error"/)
    expect(bad.text).toContain('Enter an email address such as name@example.org.')

    const sent = await lina.post('/account/emails', { email: 'LiNa@corp.example.com' })
    expect(sent.status).toBe(200)
    expect(sent.text).toContain('A link is on its way to LiNa@corp.example.com.')
    const { mail, token } = await linkSentTo('lina@corp.example.com')
    expect(mail.subject).toBe('Add this address to your Embassy account')
    expect(mail.textBody).toContain(`Someone signed in as ${me.displayName} asked to add this email address to their account`)
    // Nothing is added before the link is used.
    expect(await ownerOf('email:lina@corp.example.com')).toBeNull()

    // Opened in a browser that is not signed in: the page names the account; the address joins it, and that
    // browser is not signed in by the link.
    const elsewhere = new FormClient(app)
    const confirm = await elsewhere.get(`/sign-in/verify?token=${token}`)
    expect(confirm.text).toContain(`Press the button to add lina@corp.example.com to the account of ${me.displayName}.`)
    const done = await elsewhere.post('/sign-in/verify', { token })
    expect(done.status).toBe(200)
    expect(done.text).toContain(`lina@corp.example.com is now an address of the account of ${me.displayName}.`)
    expect(done.text).toContain('Sign in to see the account.')
    expect((await elsewhere.get('/account')).status).toBe(303)
    expect((await elsewhere.post('/sign-in/verify', { token })).status).toBe(400) // single use

    const [added] = await ctx().db.select().from(identities).where(and(eq(identities.provider, 'email'), eq(identities.subject, 'lina@corp.example.com')))
    expect(added!.personId).toBe(me.id)
    expect(await ownerOf('email:lina@corp.example.com')).toBe(me.id)
    const after = await lina.get('/account')
    expect(after.text).toContain('<code>email:lina@corp.example.com</code> · Li Na · contributions: 2')
    const [audit] = await ctx().db.select().from(auditLog).where(and(eq(auditLog.action, 'identity.connect'), eq(auditLog.entityId, me.id)))
    expect(audit!.after).toMatchObject({ provider: 'email', subject: 'lina@corp.example.com', contributions: 'linked' })

    expect((await lina.post('/account/emails', { email: 'lina@corp.example.com' })).text).toContain('lina@corp.example.com is one of your addresses already.')

    // An address that signs in someone else is refused when its link is used; nothing changes.
    await signedInClient(app, ctx().db, 'bo@example.org')
    await lina.post('/account/emails', { email: 'bo@example.org' })
    const { token: bos } = await linkSentTo('bo@example.org')
    const refused = await lina.post('/sign-in/verify', { token: bos })
    expect(refused.status).toBe(409)
    expect(refused.text).toContain('bo@example.org signs in to another account on this site, so it was not added.')
    const [bo] = await ctx().db.select().from(identities).where(and(eq(identities.provider, 'email'), eq(identities.subject, 'bo@example.org')))
    expect(bo!.personId).toBe((await personByEmail('bo@example.org')).id)
  })

  it('connects a GitHub account while signed in, keeping the session; one that signs in someone else is refused', async () => {
    const lina = await signedInClient(app, ctx().db, 'lina2@home.example.org')
    const me = await personByEmail('lina2@home.example.org')
    const connectVia = async (browser: FormClient) => {
      const page = await browser.get('/account')
      expect(page.text).toContain('Connect your GitHub account')
      const started = await browser.post('/sign-in/github', { intent: 'connect' })
      expect(started.status).toBe(303)
      const atGitHub = await fetch(started.location!, { redirect: 'manual' })
      const back = new URL(atGitHub.headers.get('location')!)
      const res = await browser.get(back.pathname + back.search)
      return res.headers.get('location')
    }

    githubUser = { id: 4242, login: 'lina-dev', name: 'Li Na', email: null }
    expect(await connectVia(lina)).toBe('/account?connected=github&outcome=connected')
    const account = await lina.get('/account?connected=github&outcome=connected')
    // Still signed in as the same person, who now has the GitHub account and its contributions.
    expect(account.text).toContain(me.displayName)
    expect(account.text).toContain('Your GitHub account is connected: the contributions recorded under it count for you.')
    expect(account.text).toContain('GitHub @lina-dev')
    expect(account.text).not.toContain('Connect your GitHub account')
    expect(await ownerOf('github:4242')).toBe(me.id)
    expect((await ctx().db.select().from(people).where(eq(people.id, me.id)))[0]!.githubLogin).toBe('lina-dev')

    // A GitHub account that already signs in another person: refused, nothing changes.
    const other = await signedInClient(app, ctx().db, 'other@home.example.org')
    expect(await connectVia(other)).toBe('/account?connected=github&outcome=taken')
    expect((await other.get('/account?connected=github&outcome=taken')).text).toContain('That GitHub account signs in to another account on this site, so it was not connected.')
    const [gh] = await ctx().db.select().from(identities).where(and(eq(identities.provider, 'github'), eq(identities.subject, '4242')))
    expect(gh!.personId).toBe(me.id)

    // Connecting needs a signed-in person.
    const anonymous = new FormClient(app)
    await anonymous.get('/sign-in')
    const redirected = await anonymous.post('/sign-in/github', { intent: 'connect' })
    expect(redirected.location).toMatch(/^\/sign-in\?next=/)
  })
})
