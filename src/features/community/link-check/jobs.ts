import type { AppDeps } from '../../../deps.ts'
import { enqueueJob } from '../../../jobs/queue.ts'
import type { JobHandler } from '../../../jobs/registry.ts'
import { checkActivityLinks } from './check-links.ts'

/** The daily job that checks activity links. */
export const LINK_CHECK_JOB = 'activity-link-check'

/**
 * Checks the links due (a batch), then schedules tomorrow's run (one per day across processes: the key is the
 * day). A run a manager asked for (payload.programId) checks that program's links again, whatever their age,
 * and schedules nothing.
 */
export const linkCheckJob: JobHandler = async (deps, job) => {
  const programId = typeof job.payload.programId === 'string' ? job.payload.programId : undefined
  const found = await checkActivityLinks(deps, programId ? { programId, recheckAfterMs: 0 } : {})
  if (found.checked) deps.logger.info({ ...found, programId }, 'activity links checked')
  if (!programId) await scheduleLinkCheck(deps, new Date(deps.clock().getTime() + 86_400_000))
}

/** Enqueues a check of one program's links now (a manager's request; at most one per program and hour). */
export async function requestLinkCheck(deps: Pick<AppDeps, 'db' | 'clock'>, programId: string): Promise<void> {
  const hour = deps.clock().toISOString().slice(0, 13)
  await enqueueJob(deps.db, { kind: LINK_CHECK_JOB, key: `${LINK_CHECK_JOB}:${programId}:${hour}`, payload: { programId }, runAt: deps.clock() })
}

/** Enqueues the link check of the day `at` falls in, at 04:00 UTC (idempotent: the key is that day). */
export async function scheduleLinkCheck(deps: Pick<AppDeps, 'db'>, at: Date): Promise<void> {
  const day = at.toISOString().slice(0, 10)
  await enqueueJob(deps.db, { kind: LINK_CHECK_JOB, key: `${LINK_CHECK_JOB}:${day}`, runAt: new Date(`${day}T04:00:00Z`) })
}
