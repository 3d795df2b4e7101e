import { eq } from 'drizzle-orm'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { openTestDatabase } from '../../tests/support/db.ts'
import { makeCommunity } from '../../tests/support/factories.ts'
import { createApp } from '../app.tsx'
import { buildDeps } from '../bootstrap.ts'
import { loadConfig } from '../config.ts'
import { openPostgres } from '../db/client.ts'
import { updateProgramSettings } from '../features/programs/configure-program.ts'
import { programs } from '../features/programs/schema.ts'
import { PageCache } from './page-cache.ts'
import { listenForClears } from './page-cache-sync.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// Several app processes share one PostgreSQL: each runs here as its own app with its own connections.
describe('cached public pages of several app instances on one PostgreSQL [postgres]', () => {
  it('a write in one instance clears the pages the others cached', { timeout: 60_000 }, async () => {
    const opened = await openTestDatabase('postgres')
    const url = opened.url!
    const logger = pino({ level: 'silent' })
    const config = loadConfig({ DATABASE_URL: url, PAGE_CACHE_SECONDS: '600', BASE_URL: 'http://embassy.test', SECRET_KEY: 'test-secret-key-for-database-tests-0123456789' })
    const closers: (() => Promise<void>)[] = []
    const instance = async (listen: boolean) => {
      const database = await openPostgres(url)
      const deps = buildDeps(config, database, logger)
      // Time stands still for the caches: a page leaves them only when it is cleared.
      const cache = new PageCache(config.pageCacheSeconds, 500, () => 0)
      cache.onClear = deps.pageCache.onClear
      deps.pageCache = cache
      const listener = listen ? await listenForClears(url, cache, logger) : undefined
      closers.push(async () => {
        await listener?.close()
        await database.close()
      })
      return { deps, app: createApp(deps) }
    }
    try {
      const [a, b, c] = [await instance(true), await instance(true), await instance(false)]
      const made = await makeCommunity(a.deps.db)
      const page = async (x: typeof a) => {
        const res = await x.app.request(`http://embassy.test/c/${made.slug}/programs/${made.programSlug}`)
        expect(res.status).toBe(200)
        return res.text()
      }
      for (const x of [a, b, c]) expect(await page(x)).toContain('Test Ambassador Program')

      const [program] = await a.deps.db.select().from(programs).where(eq(programs.id, made.programId))
      const { name: _name, ...kept } = program!
      await updateProgramSettings(
        a.deps,
        made.programId,
        { name: 'Renamed Ambassador Program', summary: kept.summary, descriptionMd: kept.descriptionMd, benefits: kept.benefits, targetSeats: kept.targetSeats, requirementsAtLeast: kept.requirementsAtLeast, requirementsNoteMd: kept.requirementsNoteMd, status: kept.status },
        'test',
      )
      // The writer's own pages are cleared at once; the other listening instance hears of it through PostgreSQL.
      expect(await page(a)).toContain('Renamed Ambassador Program')
      let seen = false
      for (let tries = 0; tries < 200 && !seen; tries++) {
        seen = (await page(b)).includes('Renamed Ambassador Program')
        if (!seen) await sleep(25)
      }
      expect(seen).toBe(true)
      // An instance that does not listen keeps its copy until its lifetime ends (here: never).
      expect(await page(c)).not.toContain('Renamed Ambassador Program')
    } finally {
      for (const close of closers) await close()
      await opened.drop()
    }
  })
})
