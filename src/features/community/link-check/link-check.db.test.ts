import { afterAll, beforeAll, expect, it } from 'vitest'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { eq, like } from 'drizzle-orm'
import { describeDb } from '../../../../tests/support/db.ts'
import { signedInClient } from '../../../../tests/support/sign-in.ts'
import { createApp } from '../../../app.tsx'
import { runDueJobs } from '../../../jobs/run-jobs.ts'
import { jobs } from '../../../jobs/schema.ts'
import { logActivity } from '../activities/log-activity.ts'
import { activities } from '../schema.ts'
import { activityFormFor, makeTermWorld } from '../test-support.ts'
import { checkActivityLinks, checkLink } from './check-links.ts'
import { LINK_CHECK_JOB, scheduleLinkCheck } from './jobs.ts'
import { activityLinkChecks } from './schema.ts'

const NOW = new Date('2025-10-01T08:00:00Z')

/** A loopback server: /ok answers 200, /slow/* 200 after a moment, anything else 404; it counts requests in flight. */
async function startServer() {
  let inFlight = 0
  let maxInFlight = 0
  const server = http.createServer((req, res) => {
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    const answer = (status: number) => {
      inFlight--
      res.writeHead(status, { 'content-type': 'text/html' }).end(status === 200 ? '<p>hello</p>' : 'not found')
    }
    if (req.url?.startsWith('/slow/')) setTimeout(() => answer(200), 40)
    else answer(req.url === '/ok' ? 200 : 404)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  // A port nobody listens on: bound, then closed.
  const closed = http.createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const deadPort = (closed.address() as AddressInfo).port
  await new Promise<void>((resolve) => closed.close(() => resolve()))
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, dead: `http://127.0.0.1:${deadPort}/gone`, maxInFlight: () => maxInFlight, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

describeDb('activity link checks', (ctx) => {
  let world: Awaited<ReturnType<typeof makeTermWorld>>
  let server: Awaited<ReturnType<typeof startServer>>
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(NOW)
    server = await startServer()
    world = await makeTermWorld(deps.db, 1)
    const standing = await world.standingOf(world.ambassadors[0]!.id)
    for (const [name, url] of [['ok', `${server.base}/ok`], ['missing', `${server.base}/missing`], ['dead', server.dead]] as const) {
      ids[name] = (await logActivity(deps.db, { programId: world.programId, standing, now: NOW, form: activityFormFor(url, { title: `Link ${name}` }) })).id
    }
  })
  afterAll(async () => {
    await server?.close()
  })

  async function statuses() {
    const rows = await ctx().db.select().from(activityLinkChecks).innerJoin(activities, eq(activities.id, activityLinkChecks.activityId)).where(eq(activities.programId, world.programId))
    return Object.fromEntries(rows.map((r) => [Object.entries(ids).find(([, id]) => id === r.activity_link_checks.activityId)?.[0] ?? r.activities.title, r.activity_link_checks]))
  }

  it('marks a working link ok, a 404 broken and a closed port unreachable, and rechecks only when stale', async () => {
    const deps = ctx()
    const found = await checkActivityLinks(deps, { programId: world.programId, fetch: { allowPrivate: true }, timeoutMs: 3_000 })
    expect(found).toEqual({ checked: 3, broken: 1, unreachable: 1 })
    const s = await statuses()
    expect([s.ok!.status, s.ok!.httpStatus]).toEqual(['ok', 200])
    expect([s.missing!.status, s.missing!.httpStatus]).toEqual(['broken', 404])
    expect([s.dead!.status, s.dead!.httpStatus]).toEqual(['unreachable', null])
    expect(s.dead!.detail).toBeTruthy()
    expect(s.ok!.checkedAt.toISOString()).toBe(NOW.toISOString())
    expect((await checkActivityLinks(deps, { programId: world.programId, fetch: { allowPrivate: true } })).checked).toBe(0)
  })

  it('keeps to the concurrency bound', async () => {
    const deps = ctx()
    const standing = await world.standingOf(world.ambassadors[0]!.id)
    for (let i = 0; i < 6; i++) await logActivity(deps.db, { programId: world.programId, standing, now: NOW, form: activityFormFor(`${server.base}/slow/${i}`, { title: `Slow ${i}` }) })
    const found = await checkActivityLinks(deps, { programId: world.programId, fetch: { allowPrivate: true }, concurrency: 2 })
    expect(found).toEqual({ checked: 6, broken: 0, unreachable: 0 })
    expect(server.maxInFlight()).toBeLessThanOrEqual(2)
  })

  it('goes through the SSRF guard: the daily job refuses loopback addresses', async () => {
    const deps = ctx()
    expect((await checkLink(`${server.base}/ok`)).status).toBe('unreachable')
    deps.setNow(new Date(NOW.getTime() + 8 * 86_400_000))
    await scheduleLinkCheck(deps, deps.clock())
    expect(await runDueJobs(deps, { kinds: [LINK_CHECK_JOB] })).toBe(1)
    const s = await statuses()
    expect(s.ok!.status).toBe('unreachable')
    expect(s.ok!.detail).toMatch(/loopback|refused|not allowed/i)
    deps.setNow(NOW)
  })

  it('shows managers the broken links first with when they were checked, with a constant number of queries', async () => {
    const deps = ctx()
    deps.setNow(new Date(NOW.getTime() + 9 * 86_400_000))
    await checkActivityLinks(deps, { programId: world.programId, fetch: { allowPrivate: true }, recheckAfterMs: 0 })
    const app = createApp(deps)
    const manager = await signedInClient(app, deps.db, world.manager.email)
    const count = async () => {
      const before = deps.database.queryCount
      const res = await manager.get(`${world.base}/links`)
      expect(res.status).toBe(200)
      return { queries: deps.database.queryCount - before, html: res.text }
    }
    const first = await count()
    expect(first.html.indexOf('data-status="broken"')).toBeGreaterThan(-1)
    expect(first.html.indexOf('data-status="broken"')).toBeLessThan(first.html.indexOf('data-status="ok"'))
    expect(first.html).toContain('HTTP 404')
    expect(first.html).toContain('2025-10-10 08:00 UTC')
    expect(first.html).toContain('1 broken · 1 unreachable · 7 working · 0 not checked yet')
    const standing = await world.standingOf(world.ambassadors[0]!.id)
    await logActivity(deps.db, { programId: world.programId, standing, now: NOW, form: activityFormFor(`${server.base}/later`, { title: 'Later' }) })
    expect((await count()).queries).toBe(first.queries)
    // A manager asks for a check now: a job for this program, which rechecks every link whatever its age.
    const posted = await manager.post(`${world.base}/links/check`, {})
    expect([posted.status, posted.location]).toEqual([303, `${world.base}/links?requested=1`])
    expect((await manager.get(posted.location!)).text).toContain('The links are being checked')
    await runDueJobs(deps, { kinds: [LINK_CHECK_JOB] })
    const [requested] = await deps.db.select().from(jobs).where(like(jobs.key, `${LINK_CHECK_JOB}:${world.programId}:%`))
    expect([requested?.status, requested?.payload]).toEqual(['done', { programId: world.programId }])
    expect((await statuses()).Later?.status).toBe('unreachable')
    const ambassador = await signedInClient(app, deps.db, world.ambassadors[0]!.email)
    expect((await ambassador.get(`${world.base}/links`)).status).toBe(403)
  })
})
