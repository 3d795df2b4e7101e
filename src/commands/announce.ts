import { AppError } from '../lib/errors.ts'
import { runDueJobs } from '../jobs/run-jobs.ts'
import { findCohortByPath } from '../features/programs/queries.ts'
import { getAnnouncementStatus } from '../features/announcements/queries.ts'
import { ANNOUNCE_JOB, scheduleAnnouncement } from '../features/announcements/schedule-announcement.ts'
import type { DbCommand } from './command.ts'

function instant(value: unknown, name: string): Date | undefined {
  if (value === undefined || value === '') return undefined
  const d = new Date(String(value))
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(String(value))) throw new AppError('bad_request', `--${name} must be an instant such as 2023-09-15T12:00:00Z.`)
  return d
}

/**
 * `embassy announce --cohort community/program/cohort [--now] [--at …] [--respond-by …] [--title …]`: schedules
 * the announcement (locking the selection), or with --now schedules it for now and runs it at once.
 */
export const announceCommand: DbCommand = {
  name: 'announce',
  async run(deps, options, io) {
    try {
      const found = await findCohortByPath(deps.db, String(options.cohort ?? ''))
      const now = options.now === true
      if (now && options.at) throw new AppError('bad_request', 'Give --now or --at, not both.')
      const scheduled = await scheduleAnnouncement(deps, {
        cohortId: found.cohort.id,
        at: now ? deps.clock() : instant(options.at, 'at'),
        respondBy: instant(options.respondBy, 'respond-by'),
        title: options.title === undefined ? undefined : String(options.title),
        actorPersonId: null,
      })
      io.out(`${found.cohort.title}: announcement scheduled for ${scheduled.announcement.scheduledFor.toISOString()}; selected applicants answer by ${scheduled.announcement.respondBy.toISOString()}. The selection is locked.`)
      if (!now) {
        io.out('The job server (embassy serve) or `embassy jobs run` sends it when it is due.')
        return 0
      }
      await runDueJobs(deps, { kinds: [ANNOUNCE_JOB] })
      const { announcement, offers } = await getAnnouncementStatus(deps.db, found.cohort.id)
      if (!announcement?.publishedAt) {
        io.err('announce: the announcement job did not finish; see `embassy jobs list` (it will be retried).')
        return 1
      }
      io.out(`Announced: decision emails queued, ${offers.pending} offers waiting for an answer; page /c/${found.community.slug}/programs/${found.program.slug}/news/${found.cohort.slug}`)
      return 0
    } catch (err) {
      if (err instanceof AppError) {
        io.err(`announce: ${err.message}`)
        return err.code === 'conflict' ? 3 : 2
      }
      throw err
    }
  },
}
