import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { eq, like } from 'drizzle-orm'
import { freePort, startEmbassy, type EmbassyProcess } from './support/processes.ts'
import { openTestDatabase } from './support/db.ts'
import { dayFromToday, makeCommunityOpenToday } from './support/factories.ts'
import { cpuMs, runPool, summarize, timed, type Sample } from './support/rush.ts'
import { openPglite, type Db } from '../src/db/client.ts'
import { migrateEmbedded } from '../src/db/migrate.ts'
import { pgliteDir } from '../src/db/open.ts'
import { createPeople } from '../src/features/people/create-people.ts'
import { startSession } from '../src/features/accounts/sessions.ts'
import { applications } from '../src/features/applications/schema.ts'
import { outboxMessages } from '../src/features/communications/schema.ts'
import { auditLog } from '../src/features/audit/schema.ts'

/**
 * The deadline rush (issue 9): a thousand distinct applicants submit to one cohort at once, over HTTP, to real
 * `embassy serve` processes — two on one PostgreSQL, one on embedded PGlite. Some applicants submit twice at
 * the same moment (a double click, two tabs on two processes). Nothing may be lost or duplicated and no
 * request may fail with a 5xx; the latency figures are printed, never asserted (tests never assert on time).
 */

const APPLICANTS = 1000
/** Every DUPLICATE_EVERY-th applicant sends the same submission twice at once (on the other process when there is one). */
const DUPLICATE_EVERY = 20
/** Generous: the machine running the suite may be busy; a request that times out counts as lost (status 0). */
const REQUEST_TIMEOUT_MS = 60_000
const SECRET_KEY = 'a-test-secret-key-that-is-long-enough-0123456789'

const running: EmbassyProcess[] = []
const dirs: string[] = []
afterAll(() => {
  for (const p of running) p.child.kill('SIGKILL')
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

interface Rush {
  applyPath: string
  cohortId: string
  applicants: { personId: string; session: string }[]
}

/** One cohort open today, and APPLICANTS people each signed in (a session, as the email link would start). */
async function prepare(db: Db): Promise<Rush> {
  const c = await makeCommunityOpenToday(db)
  const people = await createPeople(
    db,
    Array.from({ length: APPLICANTS }, (_, i) => ({ displayName: `Rush Applicant ${i}`, email: `rush-${i}@example.org` })),
  )
  const applicants = []
  for (const p of people) applicants.push({ personId: p.id, session: await startSession(db, p.id, new Date(), 'deadline-rush test') })
  return { applyPath: `/c/${c.slug}/programs/${c.programSlug}/apply`, cohortId: c.cohort!.cohortId, applicants }
}

/** A complete application as the form sends it. */
const form = (i: number, csrf: string) =>
  new URLSearchParams({
    _csrf: csrf,
    intent: 'submit',
    displayName: `Rush Applicant ${i}`,
    country: 'DE',
    region: 'Europe',
    'links.github': `https://github.com/rush-${i}`,
    'answer.why': `Applicant ${i} wants to help the community grow.`,
    affirmed: 'kind',
    'evidence.0.type': 'blog_post',
    'evidence.0.title': `First post of applicant ${i}`,
    'evidence.0.url': `https://blog.example.org/${i}/1`,
    'evidence.0.occurredOn': dayFromToday(-40),
    'evidence.1.type': 'blog_post',
    'evidence.1.title': `Second post of applicant ${i}`,
    'evidence.1.url': `https://blog.example.org/${i}/2`,
    'evidence.1.occurredOn': dayFromToday(-20),
  })

/**
 * Each applicant opens the form on "their" process (GET: the CSRF cookie and token), then everyone submits
 * at once through a pool of `concurrency` connections. Returns what every request got.
 */
async function rush(servers: { url: string; p: EmbassyProcess }[], plan: Rush, concurrency: number) {
  const urls = servers.map((s) => s.url)
  /** CPU time the server processes have used so far (their own work, whatever else runs on the machine). */
  const serverCpu = () => servers.reduce((sum, s) => sum + cpuMs(s.p.child.pid), 0)
  const cpu0 = serverCpu()
  const opened: Sample[] = []
  const browsers: { cookie: string; csrf: string }[] = []
  /** How many CSRF cookies each first visit set: one (the session middleware runs once per request). */
  const seeds: number[] = []
  const openStart = performance.now()
  await runPool(plan.applicants, concurrency, async (a, i) => {
    const s = await timed(() =>
      fetch(urls[i % urls.length]! + plan.applyPath, { headers: { cookie: `embassy_session=${a.session}` }, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
    )
    opened.push({ status: s.status, ms: s.ms, error: s.error })
    const csrfCookies = s.response?.headers.getSetCookie().filter((c) => c.startsWith('embassy_csrf=')) ?? []
    const csrfCookie = csrfCookies.at(-1)?.split(';')[0] ?? ''
    seeds[i] = csrfCookies.length
    const csrf = /name="_csrf" value="([^"]+)"/.exec(s.body ?? '')?.[1] ?? ''
    browsers[i] = { cookie: `embassy_session=${a.session}; ${csrfCookie}`, csrf }
  })
  const openMs = performance.now() - openStart
  const cpu1 = serverCpu()

  const submitted: Sample[] = []
  const outcomes: { status: number; location: string | null }[][] = []
  const submitStart = performance.now()
  await runPool(plan.applicants, concurrency, async (_, i) => {
    const targets = i % DUPLICATE_EVERY === 0 ? [i, i + 1] : [i]
    outcomes[i] = await Promise.all(
      targets.map(async (t) => {
        const s = await timed(() =>
          fetch(urls[t % urls.length]! + plan.applyPath, {
            method: 'POST',
            body: form(i, browsers[i]!.csrf),
            headers: { cookie: browsers[i]!.cookie, 'content-type': 'application/x-www-form-urlencoded' },
            redirect: 'manual',
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          }),
        )
        submitted.push({ status: s.status, ms: s.ms, error: s.error })
        return { status: s.status, location: s.response?.headers.get('location') ?? null }
      }),
    )
  })
  const submitMs = performance.now() - submitStart
  const cpu = { open: cpu1 - cpu0, submit: serverCpu() - cpu1 }
  return { opened, openMs, browsers, seeds, submitted, submitMs, outcomes, cpu }
}

/** Asserts what the requests got: no 5xx, no failed request, each applicant's submission accepted once. */
function checkResponses(result: Awaited<ReturnType<typeof rush>>) {
  const failures = [...result.opened, ...result.submitted].filter((s) => s.status === 0 || s.status >= 500)
  expect(failures).toEqual([])
  expect(result.opened.every((s) => s.status === 200)).toBe(true)
  expect(result.browsers.filter((b) => !b.csrf)).toEqual([])
  expect(result.seeds.filter((n) => n !== 1)).toEqual([])
  const receipt = /^\/applications\/[0-9a-f-]{36}$/
  result.outcomes.forEach((pair, i) => {
    // A lone submission is accepted (303 to the receipt). Of two sent at once, at least one is; the other finds
    // it already submitted (303, nothing new) or lost the race to create it (409, pointing to the first).
    const statuses = pair.map((o) => o.status)
    expect(statuses, `applicant ${i}`).toContain(303)
    for (const o of pair) {
      expect([303, 409], `applicant ${i}`).toContain(o.status)
      if (o.status === 303) expect(o.location, `applicant ${i}`).toMatch(receipt)
    }
    const ids = new Set(pair.filter((o) => o.status === 303).map((o) => o.location))
    expect(ids.size, `applicant ${i} got two different receipts`).toBe(1)
  })
}

/** Asserts what the database holds: exactly one submitted application, one confirmation and one submit audit per applicant. */
async function checkDatabase(db: Db, plan: Rush, result: Awaited<ReturnType<typeof rush>>) {
  const rows = await db.select({ id: applications.id, personId: applications.personId, status: applications.status }).from(applications).where(eq(applications.cohortId, plan.cohortId))
  const perPerson = new Map<string, number>()
  for (const r of rows) perPerson.set(r.personId, (perPerson.get(r.personId) ?? 0) + 1)
  expect(rows).toHaveLength(APPLICANTS)
  expect([...perPerson.values()].every((n) => n === 1)).toBe(true)
  expect(plan.applicants.every((a) => perPerson.get(a.personId) === 1)).toBe(true)
  expect(rows.every((r) => r.status === 'submitted')).toBe(true)
  // The receipt each applicant was sent to is their stored application.
  const idOf = new Map(rows.map((r) => [r.personId, r.id]))
  plan.applicants.forEach((a, i) => {
    const location = result.outcomes[i]!.find((o) => o.status === 303)!.location
    expect(location).toBe(`/applications/${idOf.get(a.personId)}`)
  })
  const mails = await db.select({ key: outboxMessages.idempotencyKey }).from(outboxMessages).where(like(outboxMessages.idempotencyKey, 'application-received:%'))
  expect(new Set(mails.map((m) => m.key))).toEqual(new Set(rows.map((r) => `application-received:${r.id}`)))
  expect(mails).toHaveLength(APPLICANTS)
  const submits = await db.select({ id: auditLog.entityId }).from(auditLog).where(eq(auditLog.action, 'application.submit'))
  expect(submits).toHaveLength(APPLICANTS)
  expect(new Set(submits.map((s) => s.id))).toEqual(new Set(rows.map((r) => r.id)))
}

function report(label: string, result: Awaited<ReturnType<typeof rush>>) {
  const load = execFileSync('uptime', { encoding: 'utf8' }).trim()
  console.log(
    [
      `deadline rush ${label}: ${APPLICANTS} applicants, ${result.submitted.length - APPLICANTS} sent a duplicate at the same moment`,
      summarize('  open the form (GET)', result.opened, result.openMs),
      summarize('  submit (POST)', result.submitted, result.submitMs),
      `  server CPU per request: ${(result.cpu.open / result.opened.length).toFixed(1)} ms (GET), ${(result.cpu.submit / result.submitted.length).toFixed(1)} ms (POST)`,
      `  uptime: ${load}`,
    ].join('\n'),
  )
}

async function serve(env: Record<string, string>) {
  const port = String(await freePort())
  const p = startEmbassy(['serve'], { ...env, PORT: port, LOG_LEVEL: 'warn' })
  running.push(p)
  await p.waitFor(/Embassy is running at/)
  return { p, url: `http://127.0.0.1:${port}` }
}

async function stop(p: EmbassyProcess) {
  p.child.kill('SIGTERM')
  expect(await p.exited).toBe(0)
}

describe('the deadline rush', () => {
  it('takes 1,000 applicants submitting at once to two processes on one PostgreSQL: none lost, none twice, no 5xx', async () => {
    const target = await openTestDatabase('postgres')
    try {
      const plan = await prepare(target.database.db)
      const env = { DATABASE_URL: target.url!, SECRET_KEY }
      const servers = [await serve(env), await serve(env)]
      const result = await rush(servers, plan, 32)
      report('[postgres, 2 processes]', result)
      const errors = servers.map((s) => s.p.stdout() + s.p.stderr()).join('')
      checkResponses(result)
      expect(errors, errors).not.toMatch(/"level":(50|60)/)
      for (const s of servers) await stop(s.p)
      await checkDatabase(target.database.db, plan, result)
    } finally {
      await target.drop().catch(() => {})
    }
  }, 600_000)

  it('takes the same rush on embedded PGlite with one process', async () => {
    const DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-rush-'))
    dirs.push(DATA_DIR)
    const setup = await openPglite({ dir: pgliteDir(DATA_DIR) })
    await migrateEmbedded(setup.client)
    const plan = await prepare(setup.db)
    await setup.close()

    const server = await serve({ DATA_DIR, SEED_DEMO_ON_EMPTY: 'false' })
    const result = await rush([server], plan, 16)
    report('[pglite, 1 process]', result)
    const errors = server.p.stdout() + server.p.stderr()
    checkResponses(result)
    expect(errors, errors).not.toMatch(/"level":(50|60)/)
    await stop(server.p)

    // The embedded database belongs to one process at a time: it is read once the server has stopped.
    const check = await openPglite({ dir: pgliteDir(DATA_DIR) })
    try {
      await checkDatabase(check.db, plan, result)
    } finally {
      await check.close()
    }
  }, 600_000)
})
