import type { SQL } from 'drizzle-orm'
import type { Db } from './client.ts'

/** Runs a raw SQL statement and returns its rows, the same on PGlite and PostgreSQL. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows
}
