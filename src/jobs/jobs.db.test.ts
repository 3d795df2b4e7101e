import { afterAll, beforeAll, expect, it } from 'vitest'
import { eq, like } from 'drizzle-orm'
import { describeDb, TEST_NOW } from '../../tests/support/db.ts'
import { enqueueJob } from './queue.ts'
import { jobHandlers, type JobRun } from './registry.ts'
import { backoffSeconds, claimDueJobs, LEASE_SECONDS, runDueJobs, runJobsUntilIdle } from './run-jobs.ts'
import { jobs } from './schema.ts'

/** Released by the lease test: until then, its 'test-long' job keeps running. */
let releaseLongJob: () => void = () => {}
let longJobGate: Promise<void> = Promise.resolve()

/** What the test handlers did, by job key: the effect a real handler would have. */
const calls = new Map<string, number>()
let failuresLeft = new Map<string, number>()

beforeAll(() => {
  // Test job kinds registered in the real table the worker dispatches through.
  jobHandlers['test-count'] = async (_deps, job: JobRun) => {
    calls.set(job.key, (calls.get(job.key) ?? 0) + 1)
  }
  jobHandlers['test-flaky'] = async (_deps, job: JobRun) => {
    const left = failuresLeft.get(job.key) ?? 0
    if (left > 0) {
      failuresLeft.set(job.key, left - 1)
      throw new Error(`flaky failure, ${left - 1} left`)
    }
    calls.set(job.key, (calls.get(job.key) ?? 0) + 1)
  }
  jobHandlers['test-long'] = async (_deps, job: JobRun) => {
    await longJobGate
    calls.set(job.key, (calls.get(job.key) ?? 0) + 1)
  }
  jobHandlers['test-slow'] = async (_deps, job: JobRun) => {
    await new Promise((r) => setTimeout(r, 5))
    calls.set(job.key, (calls.get(job.key) ?? 0) + 1)
  }
})
afterAll(() => {
  delete jobHandlers['test-count']
  delete jobHandlers['test-flaky']
  delete jobHandlers['test-slow']
  delete jobHandlers['test-long']
})

describeDb('the durable job queue', (ctx) => {
  it('stores a job once per key and runs it once', async () => {
    const deps = ctx()
    const key = `${deps.engine}:once`
    const first = await enqueueJob(deps.db, { kind: 'test-count', key, payload: { n: 1 } })
    const again = await enqueueJob(deps.db, { kind: 'test-count', key, payload: { n: 2 } })
    expect(first.created).toBe(true)
    expect(again).toEqual({ id: first.id, created: false })
    await runJobsUntilIdle(deps)
    await runJobsUntilIdle(deps)
    expect(calls.get(key)).toBe(1)
    const [row] = await deps.db.select().from(jobs).where(eq(jobs.id, first.id))
    expect(row).toMatchObject({ status: 'done', attempts: 1, payload: { n: 1 }, lastError: null })
  })

  it('waits for run_at before running a job', async () => {
    const deps = ctx()
    const key = `${deps.engine}:later`
    await enqueueJob(deps.db, { kind: 'test-count', key, runAt: new Date(TEST_NOW.getTime() + 3600_000) })
    await runJobsUntilIdle(deps)
    expect(calls.get(key)).toBeUndefined()
    deps.setNow(new Date(TEST_NOW.getTime() + 3600_000))
    await runJobsUntilIdle(deps)
    expect(calls.get(key)).toBe(1)
    deps.setNow(TEST_NOW)
  })

  it('retries a failing job with backoff and marks it failed after its last attempt', async () => {
    const deps = ctx()
    const recovers = `${deps.engine}:recovers`
    const never = `${deps.engine}:never`
    failuresLeft = new Map([[recovers, 1], [never, 99]])
    await enqueueJob(deps.db, { kind: 'test-flaky', key: recovers })
    await enqueueJob(deps.db, { kind: 'test-flaky', key: never, maxAttempts: 2 })
    await runJobsUntilIdle(deps)
    const [waiting] = await deps.db.select().from(jobs).where(eq(jobs.key, recovers))
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastError: 'flaky failure, 0 left' })
    expect(waiting!.runAt.getTime()).toBe(TEST_NOW.getTime() + backoffSeconds(1) * 1000)
    deps.setNow(new Date(TEST_NOW.getTime() + 3600_000))
    await runJobsUntilIdle(deps)
    deps.setNow(TEST_NOW)
    expect(calls.get(recovers)).toBe(1)
    const [failed] = await deps.db.select().from(jobs).where(eq(jobs.key, never))
    expect(failed).toMatchObject({ status: 'failed', attempts: 2 })
    expect(failed!.lastError).toMatch(/flaky failure/)
  })

  it('fails a job whose kind has no handler, saying so', async () => {
    const deps = ctx()
    const { id } = await enqueueJob(deps.db, { kind: 'no-such-kind', key: `${deps.engine}:unknown` })
    await runDueJobs(deps)
    const [row] = await deps.db.select().from(jobs).where(eq(jobs.id, id))
    expect(row).toMatchObject({ status: 'failed', lastError: 'no handler for job kind "no-such-kind"' })
  })

  it('takes over a job whose process died (lease ran out) and runs it again', async () => {
    const deps = ctx()
    const key = `${deps.engine}:orphan`
    const { id } = await enqueueJob(deps.db, { kind: 'test-count', key })
    // A process claimed it and was killed: running, lease expired a minute ago.
    await deps.db
      .update(jobs)
      .set({ status: 'running', attempts: 1, lockedBy: 'dead:1', lockedUntil: new Date(TEST_NOW.getTime() - 60_000) })
      .where(eq(jobs.id, id))
    await runJobsUntilIdle(deps)
    const [row] = await deps.db.select().from(jobs).where(eq(jobs.id, id))
    expect(row).toMatchObject({ status: 'done', attempts: 2 })
    expect(calls.get(key)).toBe(1)
  })

  it('leaves a job with a live lease to the process that holds it', async () => {
    const deps = ctx()
    const key = `${deps.engine}:held`
    const { id } = await enqueueJob(deps.db, { kind: 'test-count', key })
    await deps.db
      .update(jobs)
      .set({ status: 'running', attempts: 1, lockedBy: 'other:1', lockedUntil: new Date(TEST_NOW.getTime() + 60_000) })
      .where(eq(jobs.id, id))
    expect(await runDueJobs(deps)).toBe(0)
    expect(calls.get(key)).toBeUndefined()
  })

  it('gives each job to one runner when several run at once', async () => {
    const deps = ctx()
    const prefix = `${deps.engine}:parallel:`
    for (let i = 0; i < 30; i++) await enqueueJob(deps.db, { kind: 'test-slow', key: `${prefix}${i}` })
    const ran = await Promise.all([runJobsUntilIdle(deps), runJobsUntilIdle(deps), runJobsUntilIdle(deps)])
    expect(ran.reduce((a, b) => a + b, 0)).toBe(30)
    for (let i = 0; i < 30; i++) expect(calls.get(`${prefix}${i}`)).toBe(1)
    const done = await deps.db.select({ status: jobs.status }).from(jobs).where(like(jobs.key, `${prefix}%`))
    expect(done.map((d) => d.status)).toEqual(Array(30).fill('done'))
  })

  it('renews the lease of a job that runs longer than one, so no other process takes it over', async () => {
    const deps = ctx()
    const key = `${deps.engine}:long`
    const { id } = await enqueueJob(deps.db, { kind: 'test-long', key })
    longJobGate = new Promise((resolve) => (releaseLongJob = resolve))
    const lockedUntil = async () => (await deps.db.select({ at: jobs.lockedUntil }).from(jobs).where(eq(jobs.id, id)))[0]!.at!.getTime()
    const running = runDueJobs(deps, { kinds: ['test-long'], renewEveryMs: 20 })
    try {
      // The job has run for two leases (the clock says so): a renewal moves its lease past the new now.
      await expect.poll(async () => (await deps.db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, id)))[0]!.status).toBe('running')
      const later = new Date(TEST_NOW.getTime() + 2 * LEASE_SECONDS * 1000)
      deps.setNow(later)
      await expect.poll(lockedUntil, { timeout: 5_000 }).toBe(later.getTime() + LEASE_SECONDS * 1000)
      // Another process looking for due jobs at that time does not get it.
      expect(await claimDueJobs(deps, later, { owner: 'other:2', kinds: ['test-long'] })).toEqual([])
    } finally {
      releaseLongJob()
      expect(await running).toBe(1)
      deps.setNow(TEST_NOW)
    }
    const [row] = await deps.db.select().from(jobs).where(eq(jobs.id, id))
    expect(row).toMatchObject({ status: 'done', attempts: 1, lockedUntil: null })
    expect(calls.get(key)).toBe(1)
    // The renewals stopped with the job: its row stays as the runner left it.
    await new Promise((r) => setTimeout(r, 100))
    expect((await deps.db.select({ at: jobs.lockedUntil }).from(jobs).where(eq(jobs.id, id)))[0]!.at).toBeNull()
  })
})
