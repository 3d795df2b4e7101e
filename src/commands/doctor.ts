import { sql } from 'drizzle-orm'
import { redactDatabaseUrl } from '../config.ts'
import type { DbCommand } from './command.ts'

/** `embassy doctor`: checks configuration and database and prints what it found. */
export const doctorCommand: DbCommand = {
  name: 'doctor',
  async run(deps, _options, io) {
    const c = deps.config
    io.out(`engine      ${deps.database.engine === 'pglite' ? `embedded PGlite in ${c.dataDir}` : `PostgreSQL ${redactDatabaseUrl(c.databaseUrl ?? '')}`}`)
    io.out(`base URL    ${c.baseUrl}`)
    io.out(`secret key  ${c.secretKey ? 'set' : 'not set (nothing needs it yet; sign-in and credential signing will)'}`)
    const started = performance.now()
    await deps.database.ping()
    io.out(`database    reachable (${(performance.now() - started).toFixed(1)} ms)`)
    const result = await deps.db.execute(
      sql`select (select count(*)::int from communities) as communities, (select count(*)::int from programs) as programs,
                 (select count(*)::int from people) as people, (select count(*)::int from memberships) as memberships`,
    )
    const counts = (result as unknown as { rows: Record<string, number>[] }).rows[0] ?? {}
    io.out(`data        ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`)
    io.out('all checks passed')
    return 0
  },
}
