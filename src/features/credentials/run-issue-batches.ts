// Runs a bulk issuance's queued jobs (one durable job per membership, keyed by membership and term) in
// batches: claims up to `batchSize` due issuance jobs at once, issues their credentials in one transaction
// (issue-batch.ts), renders their certificates on the worker pool while the next batch is being signed, then
// marks the batch done. A crash anywhere leaves each job claimed or pending; a later run takes over claims
// whose lease ran out and finds the credentials already issued (the unique index) and the files in the cache.
import { randomUUID } from 'node:crypto'
import { and, eq, inArray } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import { backoffSeconds, claimDueJobs } from '../../jobs/run-jobs.ts'
import { jobs } from '../../jobs/schema.ts'
import { cachedCertificate } from './certificates/certificate-cache.ts'
import { certificateInputOf, findCertificateDesign } from './certificates/certificate-input.ts'
import type { CertificateDesign } from './certificates/template.ts'
import { sharedRenderPool, type CertificateRenderPool } from './certificates/render-pool.ts'
import { ISSUE_JOB, issueCredentialJob } from './issue-cohort.ts'
import { issueMembershipBatch, type BatchItem } from './issue-batch.ts'
import type { DidMethod } from './issuer.ts'
import { currentSigningKey } from './keys.ts'
import { findCredentials } from './queries.ts'

const workerId = `${process.pid}:batch:${randomUUID().slice(0, 8)}`

interface Claimed {
  id: string
  payload: { membershipId: string; didMethod?: DidMethod; render?: boolean; actor?: string }
  attempts: number
  max_attempts: number
}

/** Claims up to `limit` due issuance jobs (or ones whose lease ran out), as the job runner claims one. */
async function claim(deps: AppDeps, limit: number): Promise<Claimed[]> {
  return claimDueJobs<Claimed['payload']>(deps, deps.clock(), { kinds: [ISSUE_JOB], limit, owner: workerId })
}

async function markDone(deps: AppDeps, ids: string[]): Promise<void> {
  if (ids.length === 0) return
  await deps.db
    .update(jobs)
    .set({ status: 'done', finishedAt: deps.clock(), lockedUntil: null, lastError: null })
    .where(and(inArray(jobs.id, ids), eq(jobs.lockedBy, workerId)))
}

/** One job the batch could not settle, run by the one-by-one handler (its error is recorded as the runner does). */
async function runSingly(deps: AppDeps, job: Claimed): Promise<void> {
  const mine = and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId))
  try {
    await issueCredentialJob(deps, { id: job.id, kind: ISSUE_JOB, key: '', payload: job.payload, attempt: job.attempts })
    await deps.db.update(jobs).set({ status: 'done', finishedAt: deps.clock(), lockedUntil: null, lastError: null }).where(mine)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    const giveUp = job.attempts >= job.max_attempts
    deps.logger.warn({ job: job.id, kind: ISSUE_JOB, attempt: job.attempts, err: message }, giveUp ? 'job failed' : 'job will be retried')
    const runAt = new Date(deps.clock().getTime() + backoffSeconds(job.attempts) * 1000)
    await deps.db
      .update(jobs)
      .set(giveUp ? { status: 'failed', finishedAt: deps.clock(), lockedUntil: null, lastError: message } : { status: 'pending', runAt, lockedUntil: null, lastError: message })
      .where(mine)
  }
}

/** Options of runIssueBatches. */
export interface IssueBatchOptions {
  /** Jobs per batch (default 50). */
  batchSize?: number
  pool?: CertificateRenderPool
  /** Called after each batch is done. */
  onBatch?: () => Promise<void> | void
}

/** Runs due issuance jobs in batches until none is left; returns how many jobs it settled. */
export async function runIssueBatches(deps: AppDeps, options: IssueBatchOptions = {}): Promise<number> {
  const batchSize = Math.max(1, options.batchSize ?? 50)
  const pool = options.pool ?? sharedRenderPool()
  const designs = new Map<string, Promise<CertificateDesign>>()
  let key: Awaited<ReturnType<typeof currentSigningKey>> | undefined
  let settled = 0
  // The batch whose certificates are rendering while the next one is signed.
  let rendering: { done: string[]; failed: Claimed[]; render: Promise<Claimed[]> } | undefined

  const finish = async () => {
    if (!rendering) return
    const { done, failed, render } = rendering
    rendering = undefined
    const renderFailed = await render
    const retry = new Set([...failed, ...renderFailed].map((j) => j.id))
    await markDone(deps, done.filter((id) => !retry.has(id)))
    for (const job of [...failed, ...renderFailed]) await runSingly(deps, job)
    settled += done.length + failed.length
    await options.onBatch?.()
  }

  try {
    for (;;) {
      const batch = await claim(deps, batchSize)
      if (batch.length === 0) break
      key ??= await currentSigningKey(deps.db, deps.secretKey)
      let outcomes: Awaited<ReturnType<typeof issueMembershipBatch>>
      try {
        outcomes = await issueMembershipBatch(deps, batch.map((j): BatchItem => ({ membershipId: j.payload.membershipId, didMethod: j.payload.didMethod, actor: j.payload.actor })), key)
      } catch (err) {
        deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'batch issuance failed; running its jobs one by one')
        await finish()
        for (const job of batch) await runSingly(deps, job)
        settled += batch.length
        continue
      }
      const byMembership = new Map(outcomes.map((o) => [o.membershipId, o]))
      const failed = batch.filter((j) => !byMembership.get(j.payload.membershipId)?.ok)
      const issued = batch.filter((j) => byMembership.get(j.payload.membershipId)?.ok)
      const toRender = issued.filter((j) => j.payload.render === true)
      const ids = toRender.map((j) => {
        const o = byMembership.get(j.payload.membershipId)!
        return o.ok ? o.id : ''
      })
      const records = new Map((await findCredentials(deps.db, ids)).map((r) => [r.id, r]))
      const inputs = await Promise.all(
        toRender.map(async (job, n) => {
          const record = records.get(ids[n]!)!
          let design = designs.get(record.communitySlug)
          if (!design) designs.set(record.communitySlug, (design = findCertificateDesign(deps.db, record.communitySlug)))
          return { job, input: certificateInputOf(record, await design, deps.config.baseUrl) }
        }),
      )
      // The previous batch's renders ran while this one was signed; settle it before this one renders.
      await finish()
      const render = Promise.all(
        inputs.map(async ({ job, input }) => {
          try {
            await Promise.all((['png', 'pdf'] as const).map((format) => cachedCertificate(deps.config.dataDir, input, format, () => pool.render(input, format))))
            return null
          } catch (err) {
            deps.logger.warn({ job: job.id, err: err instanceof Error ? err.message : String(err) }, 'certificate render failed; the job is retried')
            return job
          }
        }),
      ).then((r) => r.filter((j): j is Claimed => j !== null))
      rendering = { done: issued.map((j) => j.id), failed, render }
    }
    await finish()
  } finally {
    // Never leave a batch claimed by a run that stopped with an error: its renders finish, its jobs settle.
    if (rendering) await finish().catch(() => {})
  }
  return settled
}
