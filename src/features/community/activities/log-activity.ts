import { and, eq, ne, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { dayInZone, earliestDayOnEarth, latestDayOnEarth } from '../../../lib/dates.ts'
import { AppError } from '../../../lib/errors.ts'
import { isUuid } from '../../../lib/ids.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { memberships } from '../../memberships/schema.ts'
import { cohorts } from '../../programs/schema.ts'
import { activityForm, issueKeys, linkKey, type RawForm } from '../forms.ts'
import { canReport, canReportForGroup, type ProgramStanding } from '../policy.ts'
import { activities, userGroups } from '../schema.ts'
import { notifyWebhooks } from '../../webhooks/notify.ts'
import { countActivityMonth } from './rollup.ts'

/** The zone where a day starts first: a day that has begun anywhere on Earth is not "in the future". */
const EARLIEST_ZONE = 'Pacific/Kiritimati'

/** Options of logActivity. */
export interface LogActivityOptions {
  programId: string
  standing: ProgramStanding
  form: RawForm
  now: Date
}

/**
 * The days a person's terms in a program cover (revoked ones do not count), widened to every zone: from the
 * earliest day anywhere on Earth at the term's start to the latest day anywhere at its end, so nobody's local
 * date is refused at either edge (the day before a term that starts at midnight in Shanghai is still its first
 * day west of it). One query.
 */
async function termDays(db: Db, programId: string, personId: string): Promise<{ first: string; last: string }[]> {
  const rows = await db
    .select({ termStart: memberships.termStart, termEnd: memberships.termEnd })
    .from(memberships)
    .innerJoin(cohorts, eq(cohorts.id, memberships.cohortId))
    .where(and(eq(memberships.personId, personId), eq(cohorts.programId, programId), ne(memberships.status, 'revoked')))
  // term_end is exclusive: its last instant is a millisecond before.
  return rows.map((r) => ({ first: earliestDayOnEarth(r.termStart), last: latestDayOnEarth(new Date(r.termEnd.getTime() - 1)) }))
}

/**
 * Logs an activity for the signed-in ambassador. Refused (AppError with field message keys): invalid fields,
 * a day in the future, a day outside the ambassador's terms in the program, a group they are not liaison of, a
 * link already logged in the program.
 */
export async function logActivity(db: Db, options: LogActivityOptions): Promise<{ id: string }> {
  const { standing, programId } = options
  if (!canReport(standing)) throw new AppError('forbidden', 'Only ambassadors of this program can log activities.')
  const parsed = activityForm.safeParse(options.form)
  if (!parsed.success) throw new AppError('validation', 'Please check the activity.', issueKeys(parsed.error))
  const input = parsed.data
  if (input.occurredOn > dayInZone(options.now, EARLIEST_ZONE)) throw new AppError('validation', 'The day is in the future.', { occurredOn: 'community.field.future' })
  // The ledger is the work of the term: not years before it began, nor after it ended (while the term-end job has
  // not yet moved the ambassador to alumni). Any of their terms in the program counts, so a renewed ambassador may
  // still log last year's work. Managers log the program's own work, which no term bounds.
  if (!standing.isManager) {
    const terms = await termDays(db, programId, standing.personId)
    if (!terms.some((term) => input.occurredOn >= term.first && input.occurredOn <= term.last)) {
      const before = terms.every((term) => input.occurredOn < term.first)
      throw new AppError('validation', before ? 'The day is before your term began.' : 'The day is after your term ended.', { occurredOn: before ? 'community.field.beforeTerm' : 'community.field.afterTerm' })
    }
  }
  if (input.groupId && !canReportForGroup(standing, input.groupId)) {
    throw new AppError('validation', 'You are not a liaison of that user group.', { groupId: 'community.field.notLiaison' })
  }
  const urlKey = linkKey(input.url)
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db
    const [row] = await t
      .insert(activities)
      .values({ programId, personId: standing.personId, type: input.type, title: input.title, occurredOn: input.occurredOn, url: input.url, urlKey, region: input.region, groupId: input.groupId ?? null, audienceSize: input.audienceSize ?? null })
      .onConflictDoNothing()
      .returning({ id: activities.id })
    if (!row) {
      const [existing] = await t.select({ id: activities.id }).from(activities).where(and(eq(activities.programId, programId), eq(activities.urlKey, urlKey)))
      throw new AppError('validation', 'This link is already in the ledger.', { url: 'community.field.duplicateLink', ...(existing ? { existing: existing.id } : {}) } as Record<string, string>)
    }
    await countActivityMonth(t, { programId, personId: standing.personId, type: input.type, region: input.region, occurredOn: input.occurredOn })
    if (input.groupId && (input.type === 'meetup' || input.type === 'event_organised')) {
      // A logged meetup is the group's freshest sign of life: it keeps the health view current without a second form.
      await t
        .update(userGroups)
        .set({ lastMeetupOn: sql`greatest(${userGroups.lastMeetupOn}, ${input.occurredOn}::date)` })
        .where(eq(userGroups.id, input.groupId))
    }
    await recordAudit(t, { actor: standing.personId, action: 'activity.log', entity: 'activity', entityId: row.id, after: { ...input, programId } })
    await notifyWebhooks(t, { programId, event: 'activity.logged', eventKey: row.id, payload: { activityId: row.id, type: input.type, title: input.title, occurredOn: input.occurredOn, link: input.url } })
    return row
  })
}

/** A program manager marks an activity as confirmed (idempotent: a confirmed one stays as first confirmed). */
export async function confirmActivity(db: Db, options: { programId: string; activityId: string; standing: ProgramStanding; now: Date }): Promise<void> {
  if (!options.standing.isManager) throw new AppError('forbidden', 'Only program managers confirm activities.')
  if (!isUuid(options.activityId)) throw new AppError('not_found', 'There is no such activity.')
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db
    const [row] = await t
      .select({ id: activities.id, confirmedAt: activities.confirmedAt })
      .from(activities)
      .where(and(eq(activities.id, options.activityId), eq(activities.programId, options.programId)))
      .for('update')
    if (!row) throw new AppError('not_found', 'There is no such activity.')
    if (row.confirmedAt) return
    await t.update(activities).set({ confirmedBy: options.standing.personId, confirmedAt: options.now }).where(eq(activities.id, row.id))
    await recordAudit(t, { actor: options.standing.personId, action: 'activity.confirm', entity: 'activity', entityId: row.id })
  })
}
