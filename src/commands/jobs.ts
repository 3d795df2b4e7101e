import { desc, ne } from 'drizzle-orm'
import { jobs } from '../jobs/schema.ts'
import { runJobsUntilIdle } from '../jobs/run-jobs.ts'
import type { DbCommand } from './command.ts'

/** `embassy jobs run|list`: run due jobs now, or see what is waiting and what failed. */
export const jobsCommands: DbCommand[] = [
  {
    name: 'jobs-run',
    async run(deps, _o, io) {
      const ran = await runJobsUntilIdle(deps)
      io.out(`${ran} job${ran === 1 ? '' : 's'} run`)
      return 0
    },
  },
  {
    name: 'jobs-list',
    async run(deps, o, io) {
      const rows = await deps.db
        .select()
        .from(jobs)
        .where(o.all ? undefined : ne(jobs.status, 'done'))
        .orderBy(desc(jobs.createdAt))
        .limit(500)
      if (o.json) {
        for (const j of rows) io.out(JSON.stringify({ id: j.id, kind: j.kind, key: j.key, status: j.status, attempts: j.attempts, runAt: j.runAt, lastError: j.lastError }))
        return 0
      }
      io.out(`${rows.length} job${rows.length === 1 ? '' : 's'}`)
      for (const j of rows) io.out(`${j.status.padEnd(8)} ${j.kind.padEnd(24)} ${j.key}  due ${j.runAt.toISOString()}  attempts ${j.attempts}${j.lastError ? `  last error: ${j.lastError}` : ''}`)
      return 0
    },
  },
]
