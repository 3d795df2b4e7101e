import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { AppError } from '../../../lib/errors.ts'
import { isUuid } from '../../../lib/ids.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { issueKeys, meetingForm, type RawForm } from '../forms.ts'
import type { ProgramStanding } from '../policy.ts'
import { meetingOccurrences, meetings, workingGroupMembers, workingGroups } from '../schema.ts'
import { occurrencesBetween } from './occurrences.ts'

/** Whether the person belongs to the working group. */
async function isWorkingGroupMember(db: Db, workingGroupId: string, personId: string): Promise<boolean> {
  const rows = await db.select({ id: workingGroupMembers.personId }).from(workingGroupMembers).where(and(eq(workingGroupMembers.workingGroupId, workingGroupId), eq(workingGroupMembers.personId, personId)))
  return rows.length > 0
}

/** Schedules a weekly meeting: program-wide by a manager, or for a working group by a manager or one of its members. */
export async function scheduleMeeting(db: Db, options: { programId: string; standing: ProgramStanding; form: RawForm }): Promise<{ id: string }> {
  const parsed = meetingForm.safeParse(options.form)
  if (!parsed.success) throw new AppError('validation', 'Please check the meeting.', issueKeys(parsed.error))
  const input = parsed.data
  const { standing } = options
  if (input.workingGroupId) {
    const [group] = await db.select({ id: workingGroups.id }).from(workingGroups).where(and(eq(workingGroups.id, input.workingGroupId), eq(workingGroups.programId, options.programId)))
    if (!group) throw new AppError('validation', 'There is no such working group.', { workingGroupId: 'community.field.chooseGroup' })
    if (!standing.isManager && !(await isWorkingGroupMember(db, group.id, standing.personId))) throw new AppError('forbidden', 'Only members of the working group schedule its meetings.')
  } else if (!standing.isManager) throw new AppError('forbidden', 'Only program managers schedule program meetings.')
  if (input.untilDay && input.untilDay < input.firstDay) throw new AppError('validation', 'The last day is before the first.', { untilDay: 'community.field.untilBeforeFirst' })
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db
    const [row] = await t
      .insert(meetings)
      .values({ programId: options.programId, workingGroupId: input.workingGroupId ?? null, title: input.title, timeZone: input.timeZone, firstStartLocal: `${input.firstDay}T${input.startTime}`, durationMinutes: input.durationMinutes, intervalWeeks: input.intervalWeeks, untilDay: input.untilDay ?? null, location: input.location, agendaMd: input.agendaMd, createdBy: standing.personId })
      .returning({ id: meetings.id })
    await recordAudit(t, { actor: standing.personId, action: 'meeting.schedule', entity: 'meeting', entityId: row!.id, after: input })
    return row!
  })
}

/**
 * Records the signed-in person's attendance at one occurrence (idempotent; the occurrence must exist and have
 * started by `now`: nobody has attended a meeting that is still to come).
 */
export async function recordAttendance(db: Db, options: { programId: string; standing: ProgramStanding; meetingId: string; startsAt: Date; attended: boolean; now: Date }): Promise<void> {
  if (!isUuid(options.meetingId) || Number.isNaN(options.startsAt.getTime())) throw new AppError('not_found', 'There is no such meeting.')
  const [meeting] = await db.select().from(meetings).where(and(eq(meetings.id, options.meetingId), eq(meetings.programId, options.programId)))
  if (!meeting) throw new AppError('not_found', 'There is no such meeting.')
  if (!options.standing.isMember && !options.standing.isManager) throw new AppError('forbidden', 'Only ambassadors of this program record attendance.')
  const [match] = occurrencesBetween(meeting, options.startsAt, new Date(options.startsAt.getTime() + 1), 1)
  if (!match || match.getTime() !== options.startsAt.getTime()) throw new AppError('not_found', 'The meeting has no occurrence at that time.')
  if (options.startsAt.getTime() > options.now.getTime()) throw new AppError('validation', 'This meeting has not started yet.', { startsAt: 'community.meetings.notYet' })
  const person = options.standing.personId
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db
    await t.insert(meetingOccurrences).values({ meetingId: meeting.id, startsAt: options.startsAt }).onConflictDoNothing()
    // One statement rewrites the list, so two people marking themselves at once never lose each other.
    await t
      .update(meetingOccurrences)
      .set({
        attendees: options.attended
          ? sql`(select jsonb_agg(distinct x) from jsonb_array_elements_text(${meetingOccurrences.attendees} || jsonb_build_array(${person}::text)) as x)`
          : sql`coalesce((select jsonb_agg(x) from jsonb_array_elements_text(${meetingOccurrences.attendees}) as x where x <> ${person}::text), '[]'::jsonb)`,
        updatedAt: new Date(),
      })
      .where(and(eq(meetingOccurrences.meetingId, meeting.id), eq(meetingOccurrences.startsAt, options.startsAt)))
    await recordAudit(t, { actor: person, action: options.attended ? 'meeting.attend' : 'meeting.unattend', entity: 'meeting', entityId: meeting.id, after: { startsAt: options.startsAt.toISOString() } })
  })
}
