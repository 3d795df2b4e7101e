import type { AppDeps } from '../../../deps.ts'
import { enqueueJob } from '../../../jobs/queue.ts'
import type { JobHandler } from '../../../jobs/registry.ts'
import { sendEngagementReminders, sendRenewalReminders } from './send-reminders.ts'
import { sendProgramQuietNotices } from './program-notice.ts'

/** The daily job of the term's reminders (engagement nudges, renewal invitations, the managers' weekly quiet list). */
export const TERM_REMINDERS_JOB = 'term-reminders'

/** Runs the reminders (ambassadors) and the quiet-ambassadors notice (managers), then schedules tomorrow's run (one per day across processes: the key is the day). */
export const termRemindersJob: JobHandler = async (deps) => {
  const nudged = await sendEngagementReminders(deps)
  const invited = await sendRenewalReminders(deps)
  await sendProgramQuietNotices(deps)
  if (nudged.queued || invited.queued) deps.logger.info({ nudged: nudged.queued, invited: invited.queued }, 'term reminders queued')
  await scheduleTermReminders(deps, new Date(deps.clock().getTime() + 86_400_000))
}

/** Enqueues the reminders run of the day `at` falls in, at 09:00 UTC (idempotent: the key is that day). */
export async function scheduleTermReminders(deps: Pick<AppDeps, 'db'>, at: Date): Promise<void> {
  const day = at.toISOString().slice(0, 10)
  await enqueueJob(deps.db, { kind: TERM_REMINDERS_JOB, key: `${TERM_REMINDERS_JOB}:${day}`, runAt: new Date(`${day}T09:00:00Z`) })
}
