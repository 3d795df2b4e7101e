import { sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { queryRows } from '../../../db/rows.ts'

/** A cohort's applications: submitted (withdrawn ones left out) and selected (those who declined left out). */
export interface CohortApplications {
  cohortId: string
  year: number
  title: string
  submitted: number
  /**
   * Submitted applications chosen by the selection and still holding their seat (not declined, offer not
   * lapsed), or whose applicant holds an ambassador term of the cohort.
   */
  selected: number
}

/** Applications per cohort of a program, oldest cohort first; one query whatever the number of cohorts. */
export async function applicationsPerCohort(db: Db, programId: string): Promise<CohortApplications[]> {
  const rows = await queryRows<{ cohort_id: string; year: number; title: string; submitted: number | string; selected: number | string }>(
    db,
    sql`select co.id as cohort_id, co.year, co.title,
               count(a.id) as submitted,
               count(a.id) filter (where exists (select 1 from selection_decisions d join selections s on s.id = d.selection_id
                                                  where d.application_id = a.id and s.cohort_id = co.id and d.outcome = 'selected' and d.released_at is null)
                                      or exists (select 1 from memberships m where m.cohort_id = co.id and m.person_id = a.person_id and m.role = 'ambassador')) as selected
          from cohorts co
          left join applications a on a.cohort_id = co.id and a.status = 'submitted'
         where co.program_id = ${programId}
         group by co.id, co.year, co.title
         order by co.year, co.title`,
  )
  return rows.map((r) => ({ cohortId: r.cohort_id, year: Number(r.year), title: r.title, submitted: Number(r.submitted), selected: Number(r.selected) }))
}
