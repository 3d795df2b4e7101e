import type { AppDeps } from '../deps.ts'
import { retentionJob } from '../features/privacy/apply-retention.ts'
import { announcementJobHandlers } from '../features/announcements/jobs.ts'
import { ISSUE_JOB, issueCredentialJob } from '../features/credentials/issue-cohort.ts'
import { WEBHOOK_JOB } from '../features/webhooks/notify.ts'
import { deliverWebhookJob } from '../features/webhooks/deliver.ts'
import { TERM_REMINDERS_JOB, termRemindersJob } from '../features/community/reminders/jobs.ts'
import { LINK_CHECK_JOB, linkCheckJob } from '../features/community/link-check/jobs.ts'

/** One job as its handler sees it. */
export interface JobRun {
  id: string
  kind: string
  key: string
  payload: Record<string, unknown>
  /** 1 on the first try. */
  attempt: number
}

/** Does the work of one job; must be idempotent because delivery is at least once. */
export type JobHandler = (deps: AppDeps, job: JobRun) => Promise<void>

/** Every job handler, by kind: the worker dispatches through this one table. */
export const jobHandlers: Record<string, JobHandler> = {
  [ISSUE_JOB]: issueCredentialJob,
  ...announcementJobHandlers,
  retention: retentionJob,
  [WEBHOOK_JOB]: deliverWebhookJob,
  [TERM_REMINDERS_JOB]: termRemindersJob,
  [LINK_CHECK_JOB]: linkCheckJob,
}
