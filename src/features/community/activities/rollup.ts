import { sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'

/**
 * Counts one logged activity in activity_months (call inside the transaction that inserts it, so the roll-up is
 * exact: it commits or rolls back with the activity).
 */
export async function countActivityMonth(tx: Db, row: { programId: string; personId: string; type: string; region: string; occurredOn: string }): Promise<void> {
  await tx.execute(sql`
    insert into activity_months (program_id, month, type, region, person_id, count)
    values (${row.programId}, date_trunc('month', ${row.occurredOn}::date)::date, ${row.type}, ${row.region}, ${row.personId}, 1)
    on conflict (program_id, month, type, region, person_id) do update set count = activity_months.count + 1`)
}

/**
 * Recomputes a program's activity_months from its activities (after a bulk load that bypassed logActivity, e.g.
 * the benchmark's generated data; the migration that added the table ran the same statement for every program).
 */
export async function rebuildActivityMonths(db: Db, programId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db
    await t.execute(sql`delete from activity_months where program_id = ${programId}`)
    await t.execute(sql`
      insert into activity_months (program_id, month, type, region, person_id, count)
      select program_id, date_trunc('month', occurred_on)::date, type, region, person_id, count(*) from activities where program_id = ${programId} group by 1, 2, 3, 4, 5`)
  })
}
