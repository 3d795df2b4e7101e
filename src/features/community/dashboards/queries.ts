import { and, desc, eq, lte, ne, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { dayInZone } from '../../../lib/dates.ts'
import { memberships } from '../../memberships/schema.ts'
import { cohorts } from '../../programs/schema.ts'
import { DORMANT_AFTER_DAYS, QUIET_AFTER_DAYS } from '../policy.ts'

function rowsOf(result: unknown): Record<string, unknown>[] {
  return (result as { rows: Record<string, unknown>[] }).rows
}

/** Activities of one month and type; imported contributions count as "code" or "content" (kind content_item). */
export interface MonthlyCount {
  month: string
  type: string
  count: number
}

/** Whether [fromDay, toDay) starts and ends on the first day of a month (so the monthly roll-up answers it exactly). */
function wholeMonths(window: { fromDay: string; toDay: string }): boolean {
  return /^\d{4}-\d{2}-01$/.test(window.fromDay) && /^\d{4}-\d{2}-01$/.test(window.toDay)
}

/**
 * The months ("YYYY-MM") an ambassador's year shows: those of their latest term in the program that has begun
 * (its first day to its last, in the cohort's zone), else the twelve months ending with `today`'s.
 */
export async function yearMonths(db: Db, options: { programId: string; personId: string; now: Date; today: string }): Promise<string[]> {
  const [term] = await db
    .select({ termStart: memberships.termStart, termEnd: memberships.termEnd, timeZone: cohorts.timeZone })
    .from(memberships)
    .innerJoin(cohorts, eq(cohorts.id, memberships.cohortId))
    .where(and(eq(memberships.personId, options.personId), eq(cohorts.programId, options.programId), eq(memberships.role, 'ambassador'), ne(memberships.status, 'revoked'), lte(memberships.termStart, options.now)))
    .orderBy(desc(memberships.termStart))
    .limit(1)
  if (!term) return lastTwelveMonths(options.today)
  const first = dayInZone(term.termStart, term.timeZone).slice(0, 7)
  const last = dayInZone(new Date(term.termEnd.getTime() - 1), term.timeZone).slice(0, 7)
  const months: string[] = []
  for (let [y, m] = first.split('-').map(Number) as [number, number]; months.length < 61; m++) {
    const month = new Date(Date.UTC(y, m - 1, 1)).toISOString().slice(0, 7)
    months.push(month)
    if (month >= last) break
  }
  return months
}

/** The twelve months ("YYYY-MM") ending with the month of `today`. */
export function lastTwelveMonths(today: string): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number]
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (11 - i), 1))
    return d.toISOString().slice(0, 7)
  })
}

/**
 * Activities per month and type over [fromDay, toDay): logged activities, plus imported contributions of the
 * program's members during their terms read from the per-day aggregates (so 30,000 commits cost 30,000 fewer
 * rows). `personId` narrows it to one ambassador (their own year). One query.
 */
export async function activitiesByMonth(db: Db, options: { programId: string; fromDay: string; toDay: string; personId?: string }): Promise<MonthlyCount[]> {
  const person = options.personId ?? null
  // Whole months of the whole program come from the roll-up; one person's year, or a window cut mid-month, from the activities.
  const logged =
    person === null && wholeMonths(options)
      ? sql`select a.month, a.type, sum(a.count) as n
              from activity_months a
             where a.program_id = ${options.programId} and a.month >= ${options.fromDay}::date and a.month < ${options.toDay}::date
             group by 1, 2`
      : sql`select date_trunc('month', a.occurred_on)::date as month, a.type, count(*) as n
              from activities a
             where a.program_id = ${options.programId} and a.occurred_on >= ${options.fromDay}::date and a.occurred_on < ${options.toDay}::date
               and (${person}::uuid is null or a.person_id = ${person}::uuid)
             group by 1, 2`
  const result = await db.execute(sql`
    with terms as (
      -- The program's members' identities and their term days: a few hundred rows that drive index range scans
      -- on contribution_days (identity_id, day, …) instead of a membership lookup per day row.
      select distinct ci.id as identity_id, greatest((m.term_start at time zone 'UTC')::date, ${options.fromDay}::date) as first_day,
             least((m.term_end at time zone 'UTC')::date, ${options.toDay}::date) as end_day
        from memberships m join cohorts co on co.id = m.cohort_id join contributor_identities ci on ci.person_id = m.person_id
       where co.program_id = ${options.programId} and (${person}::uuid is null or m.person_id = ${person}::uuid)
    )
    select to_char(month, 'YYYY-MM') as month, type, sum(n)::int as count from (
      ${logged}
      union all
      -- Summed per day and kind first (a plain hash on the index's columns), months and labels on those few rows.
      select date_trunc('month', day)::date, case when kind = 'content_item' then 'imported_content' else 'imported_code' end, sum(n) from (
        select d.day, d.kind, sum(d.count) as n
          from terms t
          join contribution_days d on d.identity_id = t.identity_id and d.day >= t.first_day and d.day < t.end_day
         where d.date_basis = 'author' and not d.is_merge
         group by 1, 2
        union all
        -- What a bulk import queued and has not folded into the days yet (nothing, between imports).
        select q.author_day, q.kind, sum(q.n)
          from terms t
          join contribution_rollup_queue q on q.identity_id = t.identity_id and q.author_day >= t.first_day and q.author_day < t.end_day
         where not q.is_merge
         group by 1, 2
      ) per_day group by 1, 2
    ) counted group by 1, 2 order by 1, 2`)
  return rowsOf(result).map((r) => ({ month: String(r.month), type: String(r.type), count: Number(r.count) }))
}

/** Per region: approved groups, their health, activities and distinct reporting ambassadors in the window. */
export interface RegionCoverage {
  region: string
  groups: number
  active: number
  quiet: number
  dormant: number
  activities: number
  ambassadors: number
}

/** Coverage and group health by region, over activities in [fromDay, toDay) (whole months: from the roll-up). One query. */
export async function coverageByRegion(db: Db, options: { programId: string; fromDay: string; toDay: string; today: string }): Promise<RegionCoverage[]> {
  const result = await db.execute(sql`
    with g as (
      select region,
             count(*) as groups,
             count(*) filter (where last_meetup_on > ${options.today}::date - ${QUIET_AFTER_DAYS}::int) as active,
             count(*) filter (where last_meetup_on <= ${options.today}::date - ${QUIET_AFTER_DAYS}::int and last_meetup_on > ${options.today}::date - ${DORMANT_AFTER_DAYS}::int) as quiet,
             count(*) filter (where last_meetup_on is null or last_meetup_on <= ${options.today}::date - ${DORMANT_AFTER_DAYS}::int) as dormant
        from user_groups where program_id = ${options.programId} and status = 'approved' group by region
    ), a as (
      ${
        wholeMonths(options)
          ? sql`select region, sum(count) as activities, count(distinct person_id) as ambassadors
                  from activity_months where program_id = ${options.programId} and month >= ${options.fromDay}::date and month < ${options.toDay}::date group by region`
          : sql`select region, count(*) as activities, count(distinct person_id) as ambassadors
                  from activities where program_id = ${options.programId} and occurred_on >= ${options.fromDay}::date and occurred_on < ${options.toDay}::date group by region`
      }
    )
    select coalesce(g.region, a.region) as region, coalesce(g.groups, 0)::int as groups, coalesce(g.active, 0)::int as active, coalesce(g.quiet, 0)::int as quiet,
           coalesce(g.dormant, 0)::int as dormant, coalesce(a.activities, 0)::int as activities, coalesce(a.ambassadors, 0)::int as ambassadors
      from g full outer join a on a.region = g.region`)
  return rowsOf(result).map((r) => ({
    region: String(r.region),
    groups: Number(r.groups),
    active: Number(r.active),
    quiet: Number(r.quiet),
    dormant: Number(r.dormant),
    activities: Number(r.activities),
    ambassadors: Number(r.ambassadors),
  }))
}
