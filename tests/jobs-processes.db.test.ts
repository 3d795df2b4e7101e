import { afterAll, describe, expect, it } from 'vitest'
import { freePort, runEmbassy, startEmbassy, type EmbassyProcess } from './support/processes.ts'
import { openTestDatabase } from './support/db.ts'
import { openPostgres } from '../src/db/client.ts'
import { enqueueJob } from '../src/jobs/queue.ts'
import { jobs } from '../src/jobs/schema.ts'
import { like } from 'drizzle-orm'

const running: EmbassyProcess[] = []
afterAll(() => {
  for (const p of running) p.child.kill('SIGKILL')
})

describe('the job queue with several processes on one PostgreSQL', () => {
  it('runs each job exactly once across two servers polling the same queue', async () => {
    const target = await openTestDatabase('postgres')
    await target.database.close()
    const env = { DATABASE_URL: target.url!, SECRET_KEY: 'a-test-secret-key-that-is-long-enough-0123456789', JOBS_POLL_MS: '100', LOG_LEVEL: 'warn' }
    const database = await openPostgres(target.url!)
    try {
      expect((await runEmbassy(['migrate'], env)).code).toBe(0)
      const servers = []
      for (let i = 0; i < 2; i++) {
        const port = String(await freePort())
        const p = startEmbassy(['serve'], { ...env, PORT: port })
        running.push(p)
        await p.waitFor(/Embassy is running at/)
        servers.push(p)
      }
      // Forty jobs enqueued while both workers poll: each must be claimed and finished once.
      for (let i = 1; i <= 40; i++) {
        await enqueueJob(database.db, { kind: 'retention', key: `retention:2000-01-${String(i).padStart(2, '0')}` })
      }
      const settled = async () => {
        for (let tries = 0; tries < 300; tries++) {
          const rows = await database.db.select().from(jobs).where(like(jobs.key, 'retention:2000-%'))
          if (rows.length === 40 && rows.every((r) => r.status === 'done')) return rows
          await new Promise((r) => setTimeout(r, 100))
        }
        throw new Error('jobs did not finish')
      }
      const rows = await settled()
      expect(rows.map((r) => r.attempts)).toEqual(Array(40).fill(1))
      for (const s of servers) {
        s.child.kill('SIGTERM')
        expect(await s.exited).toBe(0)
      }
    } finally {
      await database.close()
      await target.drop().catch(() => {})
    }
  }, 180_000)
})
