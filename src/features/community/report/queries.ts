import { sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { queryRows } from '../../../db/rows.ts'
import { activityTypes, regions, type ActivityType, type Region } from '../schema.ts'

/** One region's line of the monthly report. */
export interface RegionReport {
  region: Region
  /** Ambassadors who logged at least one activity in the region during the month. */
  activeAmbassadors: number
  /** Logged activities in the region during the month, by type (every type present, 0 when none). */
  activities: Record<ActivityType, number>
  activitiesTotal: number
  /** Activities linked to a user group of the region during the month (meetups, talks, workshops at the group…). */
  groupEvents: number
  /** Feedback items raised by the region's user groups during the month (merged duplicates included: each was raised). */
  feedbackItems: number
}

/** The monthly regional report of a program: a line per region (all regions, in the registry's order) and the totals. */
export interface MonthlyReport {
  month: string
  lines: RegionReport[]
  totals: Omit<RegionReport, 'region'>
}

/** Whether a string is a month "YYYY-MM" (1970–9999). */
export function isMonth(value: string): boolean {
  return /^(19[7-9]\d|[2-9]\d{3})-(0[1-9]|1[0-2])$/.test(value)
}

/** The month before the one `day` ("YYYY-MM-DD") falls in, as "YYYY-MM": the last complete month. */
export function previousMonth(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7)
}

/** The first day of `month` and of the month after it. */
export function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return { from: `${month}-01`, to: new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10) }
}

function emptyCounts(): Record<ActivityType, number> {
  return Object.fromEntries(activityTypes.map((type) => [type, 0])) as Record<ActivityType, number>
}

/**
 * The figures of a program's month per region: active ambassadors, activities by type, user-group events and
 * feedback items. One query whatever the number of regions, groups or rows (the days are calendar days; feedback
 * is counted by its creation instant in UTC).
 */
export async function monthlyReport(db: Db, programId: string, month: string): Promise<MonthlyReport> {
  const { from, to } = monthBounds(month)
  const rows = await queryRows<{ region: string; metric: string; key: string; n: number | string }>(
    db,
    sql`select a.region, 'type' as metric, a.type as key, count(*) as n
          from activities a where a.program_id = ${programId} and a.occurred_on >= ${from}::date and a.occurred_on < ${to}::date
         group by a.region, a.type
        union all
        select a.region, 'ambassadors', '', count(distinct a.person_id)
          from activities a where a.program_id = ${programId} and a.occurred_on >= ${from}::date and a.occurred_on < ${to}::date
         group by a.region
        union all
        select '*', 'ambassadors', '', count(distinct a.person_id)
          from activities a where a.program_id = ${programId} and a.occurred_on >= ${from}::date and a.occurred_on < ${to}::date
        union all
        select g.region, 'group_events', '', count(*)
          from activities a join user_groups g on g.id = a.group_id
         where a.program_id = ${programId} and a.occurred_on >= ${from}::date and a.occurred_on < ${to}::date
         group by g.region
        union all
        select g.region, 'feedback', '', count(*)
          from feedback_items f join user_groups g on g.id = f.group_id
         where f.program_id = ${programId} and f.created_at >= (${from}::date)::timestamp at time zone 'UTC' and f.created_at < (${to}::date)::timestamp at time zone 'UTC'
         group by g.region`,
  )
  const byRegion = new Map<string, RegionReport>(regions.map((region) => [region, { region, activeAmbassadors: 0, activities: emptyCounts(), activitiesTotal: 0, groupEvents: 0, feedbackItems: 0 }]))
  let distinctTotal = 0
  for (const row of rows) {
    if (row.region === '*') {
      distinctTotal = Number(row.n)
      continue
    }
    const line = byRegion.get(row.region)
    if (!line) continue
    const n = Number(row.n)
    if (row.metric === 'type') {
      line.activities[row.key as ActivityType] = n
      line.activitiesTotal += n
    } else if (row.metric === 'ambassadors') line.activeAmbassadors = n
    else if (row.metric === 'group_events') line.groupEvents = n
    else line.feedbackItems = n
  }
  const lines = [...byRegion.values()]
  const totals = { activeAmbassadors: 0, activities: emptyCounts(), activitiesTotal: 0, groupEvents: 0, feedbackItems: 0 }
  for (const line of lines) {
    totals.activitiesTotal += line.activitiesTotal
    totals.groupEvents += line.groupEvents
    totals.feedbackItems += line.feedbackItems
    for (const type of activityTypes) totals.activities[type] += line.activities[type]
  }
  // An ambassador active in two regions is one person: the total is counted, not summed.
  totals.activeAmbassadors = distinctTotal
  return { month, lines, totals }
}
