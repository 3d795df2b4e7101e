import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { meetingOccurrences, meetings, workingGroups } from '../schema.ts'

/** The meetings of a program with their working group's name, ordered by title. One query. */
export async function listProgramMeetings(db: Db, programId: string) {
  return db
    .select({ meeting: meetings, workingGroupName: workingGroups.name })
    .from(meetings)
    .leftJoin(workingGroups, eq(workingGroups.id, meetings.workingGroupId))
    .where(eq(meetings.programId, programId))
    .orderBy(asc(meetings.title))
}

/** Recorded occurrences (notes, attendees) of the given meetings in [from, to). One query. */
export async function occurrenceRecords(db: Db, meetingIds: string[], from: Date, to: Date) {
  if (!meetingIds.length) return []
  return db
    .select()
    .from(meetingOccurrences)
    .where(and(inArray(meetingOccurrences.meetingId, meetingIds), gte(meetingOccurrences.startsAt, from), lt(meetingOccurrences.startsAt, to)))
}

/** The working groups of a program with their members' names and ids. One query. */
export async function listWorkingGroups(db: Db, programId: string) {
  const rows = await db
    .select({
      id: workingGroups.id,
      name: workingGroups.name,
      description: workingGroups.description,
      members: sql<{ id: string; name: string; handle: string }[] | null>`(select json_agg(json_build_object('id', wp.id, 'name', wp.display_name, 'handle', wp.handle) order by wp.display_name)
        from working_group_members wm join people wp on wp.id = wm.person_id where wm.working_group_id = "working_groups"."id")`,
    })
    .from(workingGroups)
    .where(eq(workingGroups.programId, programId))
    .orderBy(asc(workingGroups.name))
  return rows.map((r) => ({ ...r, members: r.members ?? [] }))
}
