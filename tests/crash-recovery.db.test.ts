import { randomInt } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { and, eq, inArray, like, ne, sql } from 'drizzle-orm'
import { simpleParser } from 'mailparser'
import { loadConfig } from '../src/config.ts'
import { openPglite, type Db } from '../src/db/client.ts'
import { openDatabase, pgliteDir } from '../src/db/open.ts'
import { queryRows } from '../src/db/rows.ts'
import { seededRandom } from '../src/db/seed/generate.ts'
import { jobs } from '../src/jobs/schema.ts'
import { applications } from '../src/features/applications/schema.ts'
import { acceptanceOffers, announcements } from '../src/features/announcements/schema.ts'
import { ANNOUNCE_JOB, scheduleAnnouncement } from '../src/features/announcements/schedule-announcement.ts'
import { outboxMessages } from '../src/features/communications/schema.ts'
import { startTestSmtp } from '../src/features/communications/test-smtp-server.ts'
import { enqueueCohortIssuance, ISSUE_JOB } from '../src/features/credentials/issue-cohort.ts'
import { createSigningKey } from '../src/features/credentials/keys.ts'
import { memberships } from '../src/features/memberships/schema.ts'
import { runSelection } from '../src/features/selection/run-selection.ts'
import { openTestDatabase, testDeps } from './support/db.ts'
import { makeAmbassadors, makeCommunity } from './support/factories.ts'
import { freePort, runEmbassy, startEmbassy, type EmbassyProcess } from './support/processes.ts'
import { makeSelectionCohort } from './support/selection.ts'

/**
 * The crash test of issue 9: a worker process running a cohort's announcement (one job, one decision email per
 * applicant) and a bulk issuance (one job per membership) is killed with SIGKILL at random points and
 * restarted; in the end every applicant has exactly one decision email and every membership exactly one
 * credential. The kill points are drawn from a seeded generator: CRASH_SEED=<n> replays a failing run.
 */

/** Applicants announced and memberships issued, per engine: enough that the work takes seconds. */
const SIZE = { postgres: 120, pglite: 60 }
const KILLS = 3
const SECRET_KEY = 'test-secret-key-for-database-tests-0123456789'

const running: EmbassyProcess[] = []
const dirs: string[] = []
afterAll(() => {
  for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL')
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

function seedOfRun(engine: string) {
  const seed = Number(process.env.CRASH_SEED ?? randomInt(1, 2 ** 31))
  console.log(`crash test [${engine}] seed: ${seed} (replay with CRASH_SEED=${seed})`)
  return { seed, random: seededRandom(seed) }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** What a run works on: n applicants of which `seats` are offered a seat, and n memberships to issue. */
interface Work {
  announced: string
  issued: string
  n: number
  seats: number
}

/** A cohort of n applicants reviewed and selected (a third offered a seat), its announcement due now; another cohort of n memberships to issue. */
async function prepare(deps: ReturnType<typeof testDeps>, n: number): Promise<Work> {
  const seats = Math.floor(n / 3)
  await createSigningKey(deps.db, SECRET_KEY)
  const applicants = Array.from({ length: n }, (_, i) => ({ name: `Applicant ${i}`, score: 1 + (i % 5) }))
  const selection = await makeSelectionCohort(deps.db, seats, applicants)
  await runSelection(deps.db, selection.cohortId, { seats, waitlistLength: Math.floor(n / 6) }, 'crash-test')
  await scheduleAnnouncement(deps, { cohortId: selection.cohortId, at: deps.clock(), actorPersonId: null })
  const community = await makeCommunity(deps.db)
  const issuing = community.cohort!
  await makeAmbassadors(deps.db, issuing, Array.from({ length: n }, (_, i) => `Member ${i}`))
  expect(await enqueueCohortIssuance(deps, issuing.cohortId)).toEqual({ total: n, enqueued: n })
  return { announced: selection.cohortId, issued: issuing.cohortId, n, seats }
}

/** Work done so far: decision emails written plus credentials issued (both only grow). */
async function progress(db: Db, c: Work): Promise<number> {
  const [row] = await queryRows<{ mails: number; creds: number }>(
    db,
    sql`select (select count(*)::int from outbox_messages o join applications a on o.idempotency_key = 'decision:' || a.id
                 where a.cohort_id = ${c.announced}) as mails,
               (select count(*)::int from credentials k join memberships m on m.id = k.membership_id
                 where m.cohort_id = ${c.issued}) as creds`,
  )
  return row!.mails + row!.creds
}

async function unfinishedJobs(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from jobs where kind in (${ANNOUNCE_JOB}, ${ISSUE_JOB}) and status <> 'done'`)
  return row!.n
}

/** What a restart finds after the kill; the time a dead process's claims last is simulated as passed. */
async function expireDeadClaims(db: Db) {
  await db.update(jobs).set({ lockedUntil: new Date('2000-01-01T00:00:00Z') }).where(eq(jobs.status, 'running'))
  await db.update(outboxMessages).set({ nextAttemptAt: new Date('2000-01-01T00:00:00Z') }).where(inArray(outboxMessages.status, ['pending', 'failed']))
}

/** The assertions of "done when": one decision email per applicant, one credential per membership, every job done. */
async function expectExactlyOnce(db: Db, c: Work, context: string) {
  const apps = await db.select({ id: applications.id }).from(applications).where(eq(applications.cohortId, c.announced))
  const mails = await db.select().from(outboxMessages).where(like(outboxMessages.idempotencyKey, 'decision:%'))
  const mailsPerApp = new Map(apps.map((a) => [a.id, 0]))
  for (const m of mails) {
    const app = m.idempotencyKey.slice('decision:'.length)
    if (mailsPerApp.has(app)) mailsPerApp.set(app, mailsPerApp.get(app)! + 1)
  }
  expect([...mailsPerApp.values()].filter((n) => n !== 1), `applicants without exactly one decision email (${context})`).toEqual([])
  expect(apps).toHaveLength(c.n)

  const perMembership = await queryRows<{ id: string; n: number; live: number }>(
    db,
    sql`select m.id, count(k.id)::int as n, count(k.id) filter (where k.revoked_at is null)::int as live
        from memberships m left join credentials k on k.membership_id = m.id where m.cohort_id = ${c.issued} group by m.id`,
  )
  expect(perMembership).toHaveLength(c.n)
  expect(perMembership.filter((r) => r.n !== 1 || r.live !== 1), `memberships without exactly one credential (${context})`).toEqual([])

  const offers = await db.select().from(acceptanceOffers).where(eq(acceptanceOffers.cohortId, c.announced))
  expect(offers, context).toHaveLength(c.seats)
  const [announcement] = await db.select().from(announcements).where(eq(announcements.cohortId, c.announced))
  expect(announcement!.publishedAt, context).not.toBeNull()
  // The announcement and issuance jobs are done (the offers' expiry jobs it scheduled wait for their deadline).
  const left = await db.select({ key: jobs.key, status: jobs.status, lastError: jobs.lastError }).from(jobs).where(and(inArray(jobs.kind, [ANNOUNCE_JOB, ISSUE_JOB]), ne(jobs.status, 'done')))
  expect(left, context).toEqual([])
  expect(await db.select().from(memberships).where(and(eq(memberships.cohortId, c.issued), eq(memberships.status, 'revoked')))).toEqual([])
}

describe('announcement and bulk issuance killed with SIGKILL and restarted [postgres]', () => {
  it('ends with one decision email per applicant (each delivered by the outbox once) and one credential per membership', { timeout: 180_000 }, async () => {
    const { seed, random } = seedOfRun('postgres')
    const opened = await openTestDatabase('postgres')
    const smtp = await startTestSmtp()
    try {
      const deps = testDeps(opened.database)
      const cohorts = await prepare(deps, SIZE.postgres)
      const total = 2 * cohorts.n
      const env = { DATABASE_URL: opened.url!, SECRET_KEY, BASE_URL: 'http://embassy.test', SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, JOBS_POLL_MS: '50' }
      const serve = async () => {
        const p = startEmbassy(['serve'], { ...env, PORT: String(await freePort()) })
        running.push(p)
        await p.waitFor(/Embassy is running at/)
        return p
      }

      // Kill points: KILLS distinct amounts of work done, drawn from the seed, each followed by a short random wait.
      const targets = [...new Set(Array.from({ length: KILLS }, () => 1 + Math.floor(random() * (total - 1))))].sort((a, b) => a - b)
      const kills: string[] = []
      for (const target of targets) {
        const jitter = Math.floor(random() * 40)
        const p = await serve()
        let done = await progress(deps.db, cohorts)
        while (done < target && p.child.exitCode === null) {
          await sleep(10)
          done = await progress(deps.db, cohorts)
        }
        await sleep(jitter)
        p.child.kill('SIGKILL')
        await p.exited
        kills.push(`${await progress(deps.db, cohorts)}/${total} (target ${target}+${jitter}ms)`)
        await expireDeadClaims(deps.db)
      }
      const context = `seed ${seed}, killed at ${kills.join(', ')}`
      console.log(`crash test [postgres]: ${context}`)

      // The last restart finishes the work; then undelivered mail (a kill mid-send) goes out with `embassy mail deliver`.
      const last = await serve()
      for (let tries = 0; tries < 400 && (await unfinishedJobs(deps.db)) > 0; tries++) await sleep(100)
      last.child.kill('SIGTERM')
      expect(await last.exited).toBe(0)
      await expireDeadClaims(deps.db)
      const deliver = await runEmbassy(['mail', 'deliver'], env)
      expect(deliver.code, deliver.stderr).toBe(0)

      await expectExactlyOnce(deps.db, cohorts, context)
      // Delivery: every decision email was sent by the outbox's account, and each reached the SMTP server. A kill
      // between the server's 250 and the outbox recording it can resend that one message (same Message-ID): at
      // most one per kill.
      const decisionMails = await deps.db.select().from(outboxMessages).where(like(outboxMessages.idempotencyKey, 'decision:%'))
      expect(decisionMails.filter((m) => m.status !== 'sent').map((m) => [m.status, m.lastError]), context).toEqual([])
      const received = new Map<string, number>()
      for (const mail of smtp.received) {
        const id = (await simpleParser(mail.raw)).messageId!
        received.set(id, (received.get(id) ?? 0) + 1)
      }
      expect(decisionMails.filter((m) => !received.has(`<${m.id}@embassy.test>`)).map((m) => m.toAddress), context).toEqual([])
      const resent = [...received.values()].reduce((sum, n) => sum + n - 1, 0)
      expect(resent, context).toBeLessThanOrEqual(kills.length)
    } finally {
      await smtp.close()
      await opened.drop()
    }
  })
})

// Embedded PGlite has one process per data directory: nobody can watch the work while the server holds it, so
// the kills come after random delays, and the test looks at the files between a kill and the restart.
describe('announcement and bulk issuance killed with SIGKILL and restarted [pglite]', () => {
  it('the restarted process takes over the killed one’s jobs at once and ends with every effect exactly once', { timeout: 180_000 }, async () => {
    const { seed, random } = seedOfRun('pglite')
    const DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-crash-'))
    dirs.push(DATA_DIR)
    const env = { DATA_DIR, SECRET_KEY, BASE_URL: 'http://embassy.test', JOBS_POLL_MS: '50', SEED_DEMO_ON_EMPTY: 'false' }
    const opened = await openDatabase(loadConfig(env), { kind: 'cli', command: 'crash test setup' })
    const cohorts = await prepare(testDeps(opened.database), SIZE.pglite)
    await opened.close()
    const total = 2 * cohorts.n
    // Between a kill and the restart: the work done and the jobs the dead process left claimed, read from its files.
    const inspect = async <T>(fn: (db: Db) => Promise<T>) => {
      const database = await openPglite({ dir: pgliteDir(DATA_DIR) })
      try {
        return await fn(database.db)
      } finally {
        await database.close()
      }
    }

    const kills: string[] = []
    for (let k = 0; k < KILLS; k++) {
      const delay = 500 + Math.floor(random() * 5500)
      const p = startEmbassy(['serve'], { ...env, PORT: String(await freePort()) })
      running.push(p)
      await p.waitFor(/Embassy is running at/)
      await sleep(delay)
      p.child.kill('SIGKILL')
      await p.exited
      const [done, claimed] = await inspect(async (db) => [await progress(db, cohorts), (await db.select().from(jobs).where(eq(jobs.status, 'running'))).length])
      kills.push(`${done}/${total} after ${delay} ms, ${claimed} job(s) left claimed`)
    }
    const context = `seed ${seed}, killed at ${kills.join('; ')}`
    console.log(`crash test [pglite]: ${context}`)
    // No lease is moved by hand here: the restarted process holds the data directory alone and takes the jobs over.
    const finish = await runEmbassy(['jobs', 'run'], env)
    expect(finish.code, `${context}\n${finish.stderr}`).toBe(0)
    await inspect((db) => expectExactlyOnce(db, cohorts, context))
  })
})

// `embassy issue --cohort` claims its jobs in batches and issues each batch in one transaction: killed mid-batch
// and run again, it finishes with one credential per membership.
describe('embassy issue --cohort killed with SIGKILL mid-batch and run again [postgres]', () => {
  it('ends with one credential per membership and every issuance job done', { timeout: 180_000 }, async () => {
    const { seed, random } = seedOfRun('postgres, issue --cohort')
    const opened = await openTestDatabase('postgres')
    try {
      const deps = testDeps(opened.database)
      const n = SIZE.postgres + 30
      await createSigningKey(deps.db, SECRET_KEY)
      const community = await makeCommunity(deps.db)
      await makeAmbassadors(deps.db, community.cohort!, Array.from({ length: n }, (_, i) => `Member ${i}`))
      const cohortRef = `${community.slug}/${community.programSlug}/2025`
      const env = { DATABASE_URL: opened.url!, SECRET_KEY, BASE_URL: 'http://embassy.test' }
      const issued = async () =>
        (await queryRows<{ n: number }>(deps.db, sql`select count(*)::int as n from credentials k join memberships m on m.id = k.membership_id where m.cohort_id = ${community.cohort!.cohortId}`))[0]!.n
      // Credentials appear a batch (50) at a time: a target below the last batch lands while work is left.
      const targets = [...new Set(Array.from({ length: KILLS }, () => Math.floor(random() * (n - 50))))].sort((a, b) => a - b)
      const kills: string[] = []
      for (const target of targets) {
        const jitter = Math.floor(random() * 200)
        const p = startEmbassy(['issue', '--cohort', cohortRef], env)
        running.push(p)
        await p.waitFor(/confirmed memberships/)
        while ((await issued()) < target && p.child.exitCode === null) await sleep(10)
        await sleep(jitter)
        p.child.kill('SIGKILL')
        await p.exited
        kills.push(`${await issued()}/${n} (target ${target}+${jitter}ms)`)
        await expireDeadClaims(deps.db)
      }
      const context = `seed ${seed}, killed at ${kills.join(', ')}`
      console.log(`crash test [postgres, issue --cohort]: ${context}`)
      const last = await runEmbassy(['issue', '--cohort', cohortRef], env)
      expect(last.code, `${context}\n${last.stderr}`).toBe(0)
      expect(last.stdout).toContain(`${n}/${n}`)
      const perMembership = await queryRows<{ id: string; n: number }>(
        deps.db,
        sql`select m.id, count(k.id)::int as n from memberships m left join credentials k on k.membership_id = m.id and k.revoked_at is null
            where m.cohort_id = ${community.cohort!.cohortId} group by m.id`,
      )
      expect(perMembership).toHaveLength(n)
      expect(perMembership.filter((r) => r.n !== 1), context).toEqual([])
      expect(await deps.db.select({ key: jobs.key, status: jobs.status }).from(jobs).where(and(eq(jobs.kind, ISSUE_JOB), ne(jobs.status, 'done'))), context).toEqual([])
    } finally {
      await opened.drop()
    }
  })
})
