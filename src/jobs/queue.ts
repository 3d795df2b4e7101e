import { eq } from 'drizzle-orm'
import type { Db } from '../db/client.ts'
import { jobs } from './schema.ts'

/** A job to store: what runs it, its idempotency key, its input and when it is due. */
export interface JobToEnqueue {
  /** A key of jobHandlers. */
  kind: string
  /** Enqueueing the same key twice gives one job. */
  key: string
  payload?: Record<string, unknown>
  /** Not before this instant (default: now). */
  runAt?: Date
  /** Attempts before the job is marked failed (default 8), retried with exponential backoff. */
  maxAttempts?: number
}

/** Stores the job once per key; pass a transaction as `db` to enqueue atomically with your own writes. */
export async function enqueueJob(db: Db, job: JobToEnqueue): Promise<{ id: string; created: boolean }> {
  const [inserted] = await db
    .insert(jobs)
    .values({
      kind: job.kind,
      key: job.key,
      payload: job.payload ?? {},
      ...(job.runAt ? { runAt: job.runAt } : {}),
      ...(job.maxAttempts ? { maxAttempts: job.maxAttempts } : {}),
    })
    .onConflictDoNothing({ target: jobs.key })
    .returning({ id: jobs.id })
  if (inserted) return { id: inserted.id, created: true }
  const [existing] = await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.key, job.key))
  return { id: existing!.id, created: false }
}

/**
 * Releases the claims on jobs left running in a database only this process can use (embedded PGlite, held
 * with the data directory's lock): whoever claimed them died (kill -9, power cut), so they run again now
 * instead of when their lease would have run out. Never call this on a database other processes share.
 */
export async function releaseClaimsOfDeadProcesses(db: Db): Promise<number> {
  const released = await db
    .update(jobs)
    .set({ lockedUntil: new Date(0), lockedBy: null })
    .where(eq(jobs.status, 'running'))
    .returning({ id: jobs.id })
  return released.length
}
