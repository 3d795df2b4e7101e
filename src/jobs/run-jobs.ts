import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import type { AppDeps } from '../deps.ts'
import { queryRows } from '../db/rows.ts'
import { jobs } from './schema.ts'
import { jobHandlers, type JobHandler, type JobRun } from './registry.ts'

/** Identifies this process's claims, so a late finisher cannot overwrite a job another process took over. */
const workerId = `${process.pid}:${randomUUID().slice(0, 8)}`

/** How long a claimed job belongs to its process before another may take it over (the process died). */
export const LEASE_SECONDS = 300
/** How often a running job's lease is renewed: a job may run longer than a lease, never unrenewed for one. */
const RENEW_EVERY_MS = (LEASE_SECONDS / 3) * 1000

/** How the runner holds its jobs (tests shorten the renewal interval). */
export interface LeaseOptions {
  /** Milliseconds between renewals of a running job's lease (default a third of the lease). */
  renewEveryMs?: number
}

/** Seconds before attempt n+1: 10 s, 20 s, 40 s … capped at one hour. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1))
}

/** A job claimed for a worker, as the claim returns it. */
export interface ClaimedJob<P = Record<string, unknown>> {
  id: string
  kind: string
  key: string
  payload: P
  attempts: number
  max_attempts: number
}

/**
 * Claims up to `limit` due jobs (or ones whose lease ran out) for `owner` (default: this process's worker);
 * SKIP LOCKED lets processes share. A job enqueued without runAt is due at once (run_at = created_at),
 * whatever the clock says, so a pinned clock (tests, replays) cannot strand it; scheduled jobs and retries wait
 * for the clock. Bulk runners (credential issuance) claim many at once with their own owner.
 */
export async function claimDueJobs<P = Record<string, unknown>>(deps: Pick<AppDeps, 'db'>, now: Date, options: { kinds?: string[]; limit?: number; owner?: string } = {}): Promise<ClaimedJob<P>[]> {
  const { kinds, limit = 1, owner = workerId } = options
  const kindFilter = kinds?.length ? sql`and kind in (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})` : sql``
  return queryRows<ClaimedJob<P>>(
    deps.db,
    sql`update jobs set status = 'running', attempts = attempts + 1,
          locked_until = ${now}::timestamptz + make_interval(secs => ${LEASE_SECONDS}), locked_by = ${owner}
        where id in (
          select id from jobs
          where ((status = 'pending' and (run_at <= ${now} or (attempts = 0 and run_at = created_at)))
                 or (status = 'running' and locked_until < ${now})) ${kindFilter}
          order by run_at, created_at limit ${limit}
          for update skip locked)
        returning id, kind, key, payload, attempts, max_attempts`,
  )
}

async function claimNext(deps: AppDeps, now: Date, kinds?: string[]): Promise<ClaimedJob | undefined> {
  return (await claimDueJobs(deps, now, { kinds }))[0]
}

/**
 * Renews the lease of a job this process is running, every `everyMs` until stopped, so that a job running
 * longer than a lease (a large announcement, a slow import) is not taken over by another process as if this
 * one had died. A renewal that fails (the database briefly unreachable) is logged; the next one tries again.
 */
function holdLease(deps: AppDeps, jobId: string, everyMs: number): { stop(): void } {
  const timer = setInterval(() => {
    deps.db
      .update(jobs)
      .set({ lockedUntil: new Date(deps.clock().getTime() + LEASE_SECONDS * 1000) })
      .where(and(eq(jobs.id, jobId), eq(jobs.lockedBy, workerId), eq(jobs.status, 'running')))
      .catch((err: unknown) => deps.logger.warn({ job: jobId, err }, 'could not renew the lease of a running job'))
  }, everyMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}

/** Runs one claimed job and records the outcome: done, or pending again with backoff, or failed for good. */
async function runClaimed(deps: AppDeps, job: ClaimedJob, lease: LeaseOptions = {}): Promise<void> {
  const handler: JobHandler | undefined = jobHandlers[job.kind]
  const mine = and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId))
  const held = holdLease(deps, job.id, lease.renewEveryMs ?? RENEW_EVERY_MS)
  try {
    if (!handler) throw new Error(`no handler for job kind "${job.kind}"`)
    const run: JobRun = { id: job.id, kind: job.kind, key: job.key, payload: job.payload ?? {}, attempt: job.attempts }
    await handler(deps, run)
    await deps.db.update(jobs).set({ status: 'done', finishedAt: deps.clock(), lockedUntil: null, lastError: null }).where(mine)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    const giveUp = !handler || job.attempts >= job.max_attempts
    deps.logger.warn({ job: job.id, kind: job.kind, attempt: job.attempts, err: message }, giveUp ? 'job failed' : 'job will be retried')
    const runAt = new Date(deps.clock().getTime() + backoffSeconds(job.attempts) * 1000)
    await deps.db
      .update(jobs)
      .set(giveUp ? { status: 'failed', finishedAt: deps.clock(), lockedUntil: null, lastError: message } : { status: 'pending', runAt, lockedUntil: null, lastError: message })
      .where(mine)
  } finally {
    held.stop()
  }
}

/** Claims and runs due jobs one by one (at most `limit`); returns how many ran. */
export async function runDueJobs(deps: AppDeps, options: { limit?: number; kinds?: string[] } & LeaseOptions = {}): Promise<number> {
  const limit = options.limit ?? 50
  let ran = 0
  while (ran < limit) {
    const job = await claimNext(deps, deps.clock(), options.kinds)
    if (!job) break
    await runClaimed(deps, job, options)
    ran++
  }
  return ran
}

/** Runs due jobs until none is left, including jobs those jobs enqueue (CLI commands and tests). */
export async function runJobsUntilIdle(deps: AppDeps, options: { kinds?: string[] } = {}): Promise<number> {
  let total = 0
  for (;;) {
    const ran = await runDueJobs(deps, { limit: 100, ...options })
    total += ran
    if (ran === 0) return total
  }
}

/** A background loop that runs due jobs every `intervalMs`; `stop()` waits for the batch in progress. */
export function startJobWorker(deps: AppDeps, intervalMs: number): { stop(): Promise<void> } {
  let current: Promise<unknown> | undefined
  let stopped = false
  const timer = setInterval(() => {
    // One batch at a time: a slow batch makes the next ticks skip instead of overlapping it.
    if (stopped || current) return
    current = runDueJobs(deps, { limit: 20 })
      .catch((err) => deps.logger.warn({ err }, 'job worker failed'))
      .finally(() => (current = undefined))
  }, intervalMs)
  timer.unref()
  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await current
    },
  }
}
