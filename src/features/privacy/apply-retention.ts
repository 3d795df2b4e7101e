import { sql } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { queryRows } from '../../db/rows.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { enqueueJob } from '../../jobs/queue.ts'
import type { JobHandler } from '../../jobs/registry.ts'
import { anonymiseApplications } from './anonymise-applications.ts'

/** How many applications one run anonymises at most (the next run continues). */
const BATCH = 500

/**
 * Anonymises applications that did not lead to a membership once their cohort's announcement is older than
 * RETENTION_MONTHS, and removes their evidence; selected people's applications stay with their term. Safe
 * to run any number of times: an application already anonymised is not touched again.
 */
export async function applyRetention(deps: Pick<AppDeps, 'db' | 'clock' | 'config'>): Promise<{ anonymised: number }> {
  const months = deps.config.retentionMonths
  if (months <= 0) return { anonymised: 0 }
  const cutoff = new Date(deps.clock())
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months)
  let total = 0
  for (;;) {
    const done = await deps.db.transaction(async (txn) => {
      const tx = txn as unknown as Db
      const due = await queryRows<{ id: string }>(
        tx,
        sql`select a.id from applications a
            join cohort_phases p on p.cohort_id = a.cohort_id and p.kind = 'announcement'
            where p.starts_at < ${cutoff}
              and not exists (select 1 from memberships m where m.person_id = a.person_id and m.cohort_id = a.cohort_id)
              and (a.answers <> '{}'::jsonb or a.links <> '{}'::jsonb or a.free_form <> '{}'::jsonb or a.country is not null
                   or a.exception_reason is not null or a.eligibility is not null
                   or exists (select 1 from evidence_items e where e.application_id = a.id))
            order by a.id limit ${BATCH} for update of a skip locked`,
      )
      if (!due.length) return 0
      const ids = due.map((d) => d.id)
      await tx.execute(sql`delete from evidence_items where application_id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`)
      const n = await anonymiseApplications(tx, ids)
      await recordAudit(tx, { actor: 'system', action: 'application.retention', entity: 'application', after: { anonymised: n, olderThanMonths: months } })
      return n
    })
    total += done
    if (done < BATCH) return { anonymised: total }
  }
}

/** The daily retention job: runs, then schedules tomorrow's (one per day across processes: the key is the day). */
export const retentionJob: JobHandler = async (deps) => {
  await applyRetention(deps)
  await scheduleRetention(deps, new Date(deps.clock().getTime() + 86_400_000))
}

/** Enqueues the retention run of the day `at` falls in (idempotent: the key is that day). */
export async function scheduleRetention(deps: Pick<AppDeps, 'db'>, at: Date): Promise<void> {
  const day = at.toISOString().slice(0, 10)
  await enqueueJob(deps.db, { kind: 'retention', key: `retention:${day}`, runAt: new Date(`${day}T03:00:00Z`) })
}
