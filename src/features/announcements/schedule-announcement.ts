import { and, asc, eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { enqueueJob } from '../../jobs/queue.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { cohortPhases, cohorts, programs } from '../programs/schema.ts'
import { announcements } from './schema.ts'
import { lockDecisions } from './selection-port.ts'

/** The job that sends a cohort's decisions and publishes its announcement (see run-announcement.ts). */
export const ANNOUNCE_JOB = 'announce'

/** How long selected applicants have to answer when the manager does not say. */
export const DEFAULT_RESPONSE_DAYS = 14

/** What a manager decides when scheduling. */
export interface ScheduleAnnouncementInput {
  cohortId: string
  /** When decisions go out and the page is published (not in the past); default: the cohort's announcement phase (or now). */
  at?: Date
  /** Until when selected applicants may confirm; default: DEFAULT_RESPONSE_DAYS after `at`. */
  respondBy?: Date
  title?: string
  introMd?: string
  /** The manager (null: the CLI or a script without a person). */
  actorPersonId: string | null
}

/**
 * How far in the past a given announcement moment may lie and still mean "now": the form's precision is a
 * minute, so the current minute typed into it has already begun.
 */
export const PAST_MOMENT_GRACE_MS = 60_000

/**
 * The scheduling instants: the given ones, or the calendar's announcement moment (now once it has passed) and
 * the default response window.
 */
export function announcementTimes(input: { at?: Date; respondBy?: Date }, announcementPhase: Date | undefined, now: Date): { at: Date; respondBy: Date } {
  const at = input.at ?? (announcementPhase && announcementPhase.getTime() > now.getTime() ? announcementPhase : now)
  const respondBy = input.respondBy ?? new Date(at.getTime() + DEFAULT_RESPONSE_DAYS * 86_400_000)
  return { at, respondBy }
}

/**
 * Schedules a cohort's announcement, refusing a moment or a deadline that has already passed, in one transaction: locks the selection's decisions, stores the
 * announcement, and enqueues the job that runs at `at`. A cohort is announced once: a second call is refused
 * (409) and changes nothing.
 */
export async function scheduleAnnouncement(deps: AppDeps, input: ScheduleAnnouncementInput) {
  const now = deps.clock()
  const [cohort] = await deps.db
    .select({ id: cohorts.id, title: cohorts.title, programName: programs.name })
    .from(cohorts)
    .innerJoin(programs, eq(programs.id, cohorts.programId))
    .where(eq(cohorts.id, input.cohortId))
  if (!cohort) throw new AppError('not_found', 'There is no such cohort.')
  const [phase] = await deps.db
    .select({ startsAt: cohortPhases.startsAt })
    .from(cohortPhases)
    .where(and(eq(cohortPhases.cohortId, cohort.id), eq(cohortPhases.kind, 'announcement')))
    .orderBy(asc(cohortPhases.position))
    .limit(1)
  // A moment that has passed is refused rather than quietly sent at once: the decisions would go out now while
  // the page and the emails named the past moment (and a past deadline the offers could not keep).
  if (input.at && input.at.getTime() < now.getTime() - PAST_MOMENT_GRACE_MS) {
    throw new AppError('validation', 'The announcement was not scheduled: its moment has already passed.', {
      at: 'This moment has already passed. Choose a later one, or leave the field empty for the calendar’s announcement date (or now, once that has passed).',
    })
  }
  const { at, respondBy } = announcementTimes(input, phase?.startsAt, now)
  if (respondBy.getTime() <= at.getTime()) {
    throw new AppError('validation', 'The response deadline must come after the announcement.', { respondBy: 'Choose a moment after the announcement.' })
  }
  if (respondBy.getTime() <= now.getTime()) {
    throw new AppError('validation', 'The announcement was not scheduled: the response deadline has already passed.', { respondBy: 'This moment has already passed. Choose one after the announcement.' })
  }
  const title = input.title?.trim() || `Welcome new ambassadors of the ${cohort.programName}: ${cohort.title} announced`
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    const [existing] = await db.select({ scheduledFor: announcements.scheduledFor }).from(announcements).where(eq(announcements.cohortId, cohort.id)).for('update')
    if (existing) throw alreadyScheduled(cohort.title, existing.scheduledFor)
    await lockDecisions(db, cohort.id, input.actorPersonId)
    const [created] = await db
      .insert(announcements)
      .values({ cohortId: cohort.id, title, introMd: input.introMd ?? '', scheduledFor: at, respondBy, scheduledBy: input.actorPersonId, createdAt: now })
      .onConflictDoNothing({ target: announcements.cohortId })
      .returning()
    // Two managers pressing the button at once: the unique cohort lets one through.
    if (!created) throw alreadyScheduled(cohort.title, at)
    const job = await enqueueJob(db, { kind: ANNOUNCE_JOB, key: `announce:${cohort.id}`, payload: { cohortId: cohort.id }, runAt: at })
    await recordAudit(db, {
      actor: input.actorPersonId ?? 'system',
      action: 'announcement.schedule',
      entity: 'cohort',
      entityId: cohort.id,
      after: { announcementId: created.id, scheduledFor: at, respondBy, jobId: job.id },
    })
    return { announcement: created, jobId: job.id }
  })
}

function alreadyScheduled(cohortTitle: string, at: Date) {
  return new AppError('conflict', `The announcement of ${cohortTitle} is already scheduled (for ${at.toISOString()}); a cohort is announced once.`)
}
