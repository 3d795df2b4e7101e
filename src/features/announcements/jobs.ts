import type { JobHandler } from '../../jobs/registry.ts'
import { moveEndedTermsJob } from '../memberships/move-ended-terms.ts'
import { TERM_END_JOB } from '../memberships/start-term.ts'
import { expireOfferJob } from './expire-offer.ts'
import { OFFER_EXPIRY_JOB } from './offers.ts'
import { OFFER_EMAIL_JOB, offerEmailJob } from './respond-to-offer.ts'
import { ANNOUNCE_JOB } from './schedule-announcement.ts'
import { announceJob } from './run-announcement.ts'

/** The job handlers of announcements, acceptance and terms, by kind (registered in src/jobs/registry.ts). */
export const announcementJobHandlers: Record<string, JobHandler> = {
  [ANNOUNCE_JOB]: announceJob,
  [OFFER_EXPIRY_JOB]: expireOfferJob,
  [OFFER_EMAIL_JOB]: offerEmailJob,
  [TERM_END_JOB]: moveEndedTermsJob,
}
