import { sql } from 'drizzle-orm'
import type { DbCommand } from './command.ts'

/** `embassy migrate`: opening the database applies pending migrations; this reports where it stands. */
export const migrateCommand: DbCommand = {
  name: 'migrate',
  async run(deps, _options, io) {
    const rows = await deps.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)
    const n = (rows as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0
    io.out(`database is up to date (${n} migration${n === 1 ? '' : 's'} applied, ${deps.database.engine})`)
    return 0
  },
}
