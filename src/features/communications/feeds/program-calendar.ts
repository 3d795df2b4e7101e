import { asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { writeCalendar, type IcalEvent } from '../../../lib/icalendar.ts'
import { cohortPhases, cohorts } from '../../programs/schema.ts'

/** A phase as the calendar needs it. */
export interface CalendarPhase {
  id: string
  kind: string
  label: string
  startsAt: Date
  endsAt: Date | null
  allDay: boolean
  cohortTitle: string
  timeZone: string
}

/**
 * The events of a program calendar (pure): each phase of each cohort — application window, announcement,
 * first meeting, term — in the cohort's zone, so calendar apps show the dates the program page shows.
 * A single moment lasts an hour (or the day, for an all-day phase).
 */
export function calendarEvents(phases: CalendarPhase[], host: string, pageUrl: string): IcalEvent[] {
  return phases.map((p) => ({
    uid: `phase-${p.id}@${host}`,
    summary: `${p.label} · ${p.cohortTitle}`,
    description: `${p.cohortTitle}: ${p.label}`,
    url: pageUrl,
    start: p.startsAt,
    end: p.endsAt ?? new Date(p.startsAt.getTime() + (p.allDay ? 86_400_000 : 3_600_000)),
    timeZone: p.timeZone,
    categories: [p.kind],
  }))
}

/** The iCalendar document of a program's cohorts (every phase of every cohort). */
export async function programCalendar(db: Db, program: { id: string; name: string }, pageUrl: string, now: Date): Promise<string> {
  const cohortRows = await db.select({ id: cohorts.id, title: cohorts.title, timeZone: cohorts.timeZone }).from(cohorts).where(eq(cohorts.programId, program.id))
  const phases = cohortRows.length
    ? await db.select().from(cohortPhases).where(inArray(cohortPhases.cohortId, cohortRows.map((c) => c.id))).orderBy(asc(cohortPhases.startsAt), asc(cohortPhases.position))
    : []
  const byId = new Map(cohortRows.map((c) => [c.id, c]))
  const events = calendarEvents(
    phases.map((p) => ({ ...p, cohortTitle: byId.get(p.cohortId)!.title, timeZone: byId.get(p.cohortId)!.timeZone })),
    new URL(pageUrl).hostname,
    pageUrl,
  )
  return writeCalendar({ productId: '-//Embassy//Program calendar//EN', name: program.name, refreshMinutes: 720, events, now })
}
