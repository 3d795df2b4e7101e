import { and, eq, inArray, or, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { writeCalendar, type IcalEvent } from '../../../lib/icalendar.ts'
import { zonedTimeToInstant } from '../../../lib/dates.ts'
import { hmac, randomToken, safeEqual } from '../../../lib/secrets.ts'
import { memberships } from '../../memberships/schema.ts'
import { cohorts } from '../../programs/schema.ts'
import { calendarFeedKeys, meetings, workingGroupMembers } from '../schema.ts'

type MeetingRow = typeof meetings.$inferSelect

/** The token of a person's feed URL: person id and an HMAC over it and their current salt (a new salt revokes it). */
export function personFeedToken(secret: string, personId: string, salt: string): string {
  return `${personId}.${hmac(secret, `calendar:person:${personId}:${salt}`)}`
}

/** The token of a working group's feed URL. */
export function groupFeedToken(secret: string, workingGroupId: string): string {
  return hmac(secret, `calendar:working-group:${workingGroupId}`)
}

/** Whether `token` is the working group's feed token. */
export function isGroupFeedToken(secret: string, workingGroupId: string, token: string): boolean {
  return safeEqual(token, groupFeedToken(secret, workingGroupId))
}

/** The person's feed token, creating their salt on first use (or a new one when `reset`, revoking old URLs). */
export async function ensurePersonFeedToken(db: Db, secret: string, personId: string, reset = false): Promise<string> {
  if (reset) {
    const salt = randomToken()
    await db.insert(calendarFeedKeys).values({ personId, salt }).onConflictDoUpdate({ target: calendarFeedKeys.personId, set: { salt, createdAt: new Date() } })
    return personFeedToken(secret, personId, salt)
  }
  await db.insert(calendarFeedKeys).values({ personId, salt: randomToken() }).onConflictDoNothing()
  const [row] = await db.select({ salt: calendarFeedKeys.salt }).from(calendarFeedKeys).where(eq(calendarFeedKeys.personId, personId))
  return personFeedToken(secret, personId, row!.salt)
}

/** The person a feed token belongs to, or undefined (unknown person, revoked or forged token). */
export async function personOfFeedToken(db: Db, secret: string, token: string): Promise<string | undefined> {
  const personId = token.split('.')[0] ?? ''
  if (!/^[0-9a-f-]{36}$/i.test(personId)) return undefined
  const [row] = await db.select({ salt: calendarFeedKeys.salt }).from(calendarFeedKeys).where(eq(calendarFeedKeys.personId, personId))
  return row && safeEqual(token, personFeedToken(secret, personId, row.salt)) ? personId : undefined
}

/** Meetings a person is invited to: program-wide meetings of programs they hold an active term in, and their working groups' meetings. */
export async function meetingsForPerson(db: Db, personId: string): Promise<MeetingRow[]> {
  const programIds = db.selectDistinct({ id: cohorts.programId }).from(memberships).innerJoin(cohorts, eq(cohorts.id, memberships.cohortId)).where(and(eq(memberships.personId, personId), eq(memberships.status, 'active')))
  const groupIds = db.select({ id: workingGroupMembers.workingGroupId }).from(workingGroupMembers).where(eq(workingGroupMembers.personId, personId))
  return db
    .select()
    .from(meetings)
    .where(or(and(sql`${meetings.workingGroupId} is null`, inArray(meetings.programId, programIds)), inArray(meetings.workingGroupId, groupIds)))
    .orderBy(meetings.title)
}

/** An iCalendar document of meetings: one recurring VEVENT each, in its own zone (subscribers see every occurrence). */
export function meetingsCalendar(rows: MeetingRow[], options: { name: string; host: string; meetingUrl?: (id: string) => string }): string {
  const events: IcalEvent[] = rows.map((m) => {
    const start = zonedTimeToInstant(m.firstStartLocal, m.timeZone)
    return {
      uid: `meeting-${m.id}@${options.host}`,
      summary: m.title,
      // Some calendar apps render DESCRIPTION as HTML: the agenda goes out as its Markdown text without tags.
      description: m.agendaMd.replace(/<[^>]*>?/g, '').trim() || undefined,
      location: m.location || undefined,
      url: options.meetingUrl?.(m.id),
      start,
      end: new Date(start.getTime() + m.durationMinutes * 60_000),
      timeZone: m.timeZone,
      // UNTIL is the end of the last local day, so an occurrence on that day is included.
      recurrence: { frequency: 'WEEKLY', interval: m.intervalWeeks, until: m.untilDay ? zonedTimeToInstant(`${m.untilDay}T23:59:59`, m.timeZone) : undefined },
      sequence: m.sequence,
      updatedAt: m.updatedAt,
    }
  })
  return writeCalendar({ productId: '-//Embassy//Meetings//EN', name: options.name, refreshMinutes: 60, events })
}
