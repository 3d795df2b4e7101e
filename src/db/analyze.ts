import { getTableName, sql, type Table } from 'drizzle-orm'
import type { Db } from './client.ts'

/**
 * Refreshes the planner's statistics of the given tables (`ANALYZE a, b`) after a bulk write. PGlite runs no
 * autovacuum, so without this a table filled in one go keeps the planner's no-statistics guesses (bad joins
 * over thousands of rows); on PostgreSQL it spares waiting for autovacuum. Cheap: ANALYZE reads a sample.
 * Call it after the bulk write's transaction commits (inside one, it holds its lock until the commit).
 */
export async function analyzeTables(db: Db, tables: readonly Table[]): Promise<void> {
  const names = [...new Set(tables.map((t) => getTableName(t)))]
  if (names.length === 0) return
  await db.execute(sql.raw(`analyze ${names.map((n) => `"${n.replaceAll('"', '""')}"`).join(', ')}`))
}
