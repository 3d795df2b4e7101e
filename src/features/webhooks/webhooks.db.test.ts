import { createHmac } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { createApp } from '../../app.tsx'
import type { AppDeps } from '../../deps.ts'
import { runJobsUntilIdle } from '../../jobs/run-jobs.ts'
import { runAnnouncement } from '../announcements/run-announcement.ts'
import { announcements } from '../announcements/schema.ts'
import { logActivity } from '../community/activities/log-activity.ts'
import { activityFormFor, makeTermWorld } from '../community/test-support.ts'
import { WEBHOOK_JOB } from './notify.ts'
import { programWebhooks, webhookDeliveries } from './schema.ts'
import { verifyWebhook } from './signature.ts'

interface Received {
  path: string
  headers: http.IncomingHttpHeaders
  body: string
}

/** A chat service on loopback: records every request; `/flaky` answers 500 once, then 200. */
function startReceiver() {
  const received: Received[] = []
  let flakyCalls = 0
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      const fail = req.url === '/flaky' && flakyCalls++ === 0
      res.writeHead(fail ? 500 : 200, { 'content-type': 'text/plain' }).end(fail ? 'database is down' : 'ok')
    })
  })
  return { server, received }
}

/** The HMAC a receiver computes itself: sha256 over "timestamp.body" with the secret. */
const hmac = (secret: string, r: Received) => `sha256=${createHmac('sha256', secret).update(`${String(r.headers['x-embassy-timestamp'])}.${r.body}`).digest('hex')}`

describeDb('chat notifications: signed webhooks, retries, the managers’ page', (ctx) => {
  const receiver = startReceiver()
  let origin = ''
  let world: Awaited<ReturnType<typeof makeTermWorld>>
  let page = ''
  const secrets: Record<string, string> = {}
  /** Development configuration: webhooks may target http:// on loopback. */
  const dev = (): AppDeps => ({ ...ctx(), config: { ...ctx().config, allowPrivateFetch: true } })
  const deliver = (deps: AppDeps = dev()) => runJobsUntilIdle(deps, { kinds: [WEBHOOK_JOB] })
  const deliveriesOf = async (url: string) => {
    const [hook] = await ctx().db.select().from(programWebhooks).where(eq(programWebhooks.url, url))
    return ctx().db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook!.id))
  }

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`
    world = await makeTermWorld(ctx().db)
    page = `/admin/c/${world.slug}/programs/${world.programSlug}/webhooks`
  })
  afterAll(() => new Promise<void>((resolve) => receiver.server.close(() => resolve())))

  it('refuses bad URLs inline (422): not a URL, http://, loopback and localhost under the production configuration', async () => {
    const deps = ctx()
    const manager = await signedInClient(createApp(deps), deps.db, world.manager.email)
    expect((await manager.get(page)).status).toBe(200)
    const cases: [string, string][] = [
      ['not a url', 'This is not a valid URL'],
      [`${origin}/slack`, 'Only https:// URLs can receive notifications.'],
      ['https://127.0.0.1/hook', 'Refused: 127.0.0.1 is a loopback address.'],
      ['https://[::ffff:10.0.0.1]/hook', 'is a private address.'],
      ['https://localhost/hook', 'Refused: localhost is not reachable from the internet.'],
    ]
    for (const [url, message] of cases) {
      const res = await manager.post(page, { url, kind: 'slack' })
      expect(res.status).toBe(422)
      expect(res.text).toContain(message)
    }
    expect((await manager.post(page, { url: 'https://hooks.example.org/x', kind: 'teams' })).text).toContain('Choose Slack-compatible or generic JSON.')
    expect(await deps.db.select().from(programWebhooks).where(eq(programWebhooks.programId, world.programId))).toEqual([])
    const stranger = await signedInClient(createApp(deps), deps.db, `stranger-${world.tag}@example.org`)
    expect((await stranger.get(page)).status).toBe(403)
  })

  it('adds webhooks with a secret shown once and stored sealed; a logged activity reaches both, signed, as Slack text and as generic JSON', async () => {
    const deps = dev()
    const manager = await signedInClient(createApp(deps), deps.db, world.manager.email)
    await manager.get(page)
    for (const kind of ['slack', 'generic'] as const) {
      const added = await manager.post(page, { url: `${origin}/${kind}`, kind })
      expect(added.status).toBe(200)
      secrets[kind] = /(whsec_[A-Za-z0-9_-]+)/.exec(added.text)![1]!
    }
    const again = await manager.get(page)
    expect(again.text).not.toContain(secrets.slack)
    const stored = await deps.db.select().from(programWebhooks).where(eq(programWebhooks.programId, world.programId))
    expect(stored.map((h) => h.secretSealed).join()).not.toContain(secrets.slack!.slice(6))

    const standing = await world.standingOf(world.ambassadors[0]!.id)
    await logActivity(deps.db, { programId: world.programId, standing, now: new Date('2025-09-01T08:00:00Z'), form: activityFormFor('https://blog.example/webhooks', { title: 'Meetup <Berlin> & friends' }) })
    expect(await deliver(deps)).toBe(2)
    const slack = receiver.received.find((r) => r.path === '/slack')!
    const generic = receiver.received.find((r) => r.path === '/generic')!
    expect(slack.headers['x-embassy-signature']).toBe(hmac(secrets.slack!, slack))
    expect(generic.headers['x-embassy-signature']).toBe(hmac(secrets.generic!, generic))
    expect(slack.headers['x-embassy-signature']).not.toBe(hmac(secrets.generic!, slack))
    expect(slack.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(JSON.parse(slack.body)).toEqual({ text: expect.stringContaining('Meetup &lt;Berlin&gt; &amp; friends') })
    expect(JSON.parse(slack.body).text).toContain('<https://blog.example/webhooks|Open>')
    expect(JSON.parse(generic.body)).toMatchObject({
      type: 'activity.logged',
      program: { community: world.slug, slug: world.programSlug, url: `http://embassy.test/c/${world.slug}/programs/${world.programSlug}` },
      data: { title: 'Meetup <Berlin> & friends', type: 'blog_post', link: 'https://blog.example/webhooks' },
    })
    expect(generic.headers['x-embassy-event']).toBe('activity.logged')
    // What a receiver checks: the signature, and a timestamp within five minutes (a replay an hour later fails).
    const sent = new Date(Number(generic.headers['x-embassy-timestamp']) * 1000)
    const headers = { signature: String(generic.headers['x-embassy-signature']), timestamp: String(generic.headers['x-embassy-timestamp']) }
    expect(verifyWebhook(secrets.generic!, headers, generic.body, sent)).toBe(true)
    expect(verifyWebhook(secrets.generic!, headers, generic.body, new Date(sent.getTime() + 3_600_000))).toBe(false)
    expect(verifyWebhook(secrets.generic!, headers, generic.body.replace('blog_post', 'talk'), sent)).toBe(false)
    expect((await deliveriesOf(`${origin}/slack`))[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null })
    // Delivered once: running the queue again sends nothing.
    expect(await deliver(deps)).toBe(0)
    expect(receiver.received.length).toBe(2)
  })

  it('a receiver answering 500 is retried with backoff; the failure is visible on the page until the retry succeeds', async () => {
    const deps = dev()
    const app = createApp(deps)
    const manager = await signedInClient(app, deps.db, world.manager.email)
    await manager.get(page)
    await manager.post(page, { url: `${origin}/flaky`, kind: 'generic' })
    const [hook] = await deps.db.select().from(programWebhooks).where(eq(programWebhooks.url, `${origin}/flaky`))
    const queued = await manager.post(`${page}/${hook!.id}`, { action: 'test' })
    expect(queued.text).toContain('Test notification queued')
    await deliver(deps)
    expect((await deliveriesOf(`${origin}/flaky`))[0]).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'the receiver answered HTTP 500: database is down' })
    expect((await manager.get(page)).text).toContain('the receiver answered HTTP 500: database is down')
    // The retry is not due yet; once the backoff has passed, it is delivered.
    expect(await deliver(deps)).toBe(0)
    const before = deps.clock()
    ctx().setNow(new Date(before.getTime() + 60_000))
    try {
      expect(await deliver(deps)).toBe(1)
    } finally {
      ctx().setNow(before)
    }
    expect((await deliveriesOf(`${origin}/flaky`))[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200, lastError: null })
    expect(receiver.received.filter((r) => r.path === '/flaky').map((r) => JSON.parse(r.body).type)).toEqual(['test', 'test'])
  })

  it('under the production configuration the SSRF guard refuses a loopback receiver at delivery: failed at once, with the reason', async () => {
    const deps = ctx()
    const manager = await signedInClient(createApp(deps), deps.db, world.manager.email)
    await manager.get(page)
    const [hook] = await deps.db.select().from(programWebhooks).where(eq(programWebhooks.url, `${origin}/slack`))
    await manager.post(`${page}/${hook!.id}`, { action: 'test' })
    const count = receiver.received.length
    await deliver(deps)
    expect(receiver.received.length).toBe(count)
    const test = (await deliveriesOf(`${origin}/slack`)).find((d) => d.event === 'test')
    expect(test).toMatchObject({ status: 'failed', attempts: 1, lastError: 'refused: 127.0.0.1 is a loopback address' })
  })

  it('a disabled webhook gets nothing; a deleted one disappears with its deliveries', async () => {
    const deps = dev()
    const manager = await signedInClient(createApp(deps), deps.db, world.manager.email)
    await manager.get(page)
    const [generic] = await deps.db.select().from(programWebhooks).where(eq(programWebhooks.url, `${origin}/generic`))
    expect((await manager.post(`${page}/${generic!.id}`, { action: 'disable' })).text).toContain('Webhook disabled.')
    const standing = await world.standingOf(world.ambassadors[1]!.id)
    await logActivity(deps.db, { programId: world.programId, standing, now: new Date('2025-09-01T08:00:00Z'), form: activityFormFor('https://blog.example/second') })
    const count = receiver.received.filter((r) => r.path === '/generic').length
    await deliver(deps)
    expect(receiver.received.filter((r) => r.path === '/generic').length).toBe(count)
    expect(receiver.received.filter((r) => r.path === '/slack').length).toBe(2)
    expect((await manager.post(`${page}/${generic!.id}`, { action: 'delete' })).text).toContain('Webhook deleted.')
    expect(await deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, generic!.id))).toEqual([])
    expect((await manager.post(`${page}/00000000-0000-0000-0000-000000000000`, { action: 'test' })).status).toBe(404)
  })

  it('publishing the announcement notifies once, even when the announcement job runs again', async () => {
    const deps = dev()
    const cohortId = world.cohort!.cohortId
    await deps.db.insert(announcements).values({ cohortId, title: 'Welcome, ambassadors', introMd: 'Hello.', scheduledFor: new Date('2025-04-20T02:00:00Z'), respondBy: new Date('2025-04-27T02:00:00Z') })
    expect((await runAnnouncement(deps, cohortId)).published).toBe(true)
    expect((await runAnnouncement(deps, cohortId)).published).toBe(false)
    await deliver(deps)
    const published = receiver.received.filter((r) => r.headers['x-embassy-event'] === 'announcement.published')
    expect(published.map((r) => r.path).sort()).toEqual(['/flaky', '/slack'])
    expect(JSON.parse(published.find((r) => r.path === '/slack')!.body).text).toBe(`Test Ambassador Program: the Ambassadors 2025 announcement is published. <http://embassy.test/c/${world.slug}/programs/${world.programSlug}/news/2025|Read it>`)
    expect(JSON.parse(published.find((r) => r.path === '/flaky')!.body)).toMatchObject({ type: 'announcement.published', data: { cohort: 'Ambassadors 2025', url: `http://embassy.test/c/${world.slug}/programs/${world.programSlug}/news/2025` } })
  })
})
