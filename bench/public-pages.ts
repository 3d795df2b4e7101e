import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import type { Db } from '../src/db/client.ts'
import { loadConfig } from '../src/config.ts'
import { cohortPhases, cohorts, communities, programs } from '../src/db/schema.ts'
import { seedDemo } from '../src/db/seed/demo.ts'
import { generateAmbassadors } from '../src/db/seed/generate.ts'
import { selectedEngines, withAppServer } from './engines.ts'
import { freePort, load, log, spawnNode, waitForOk, type BenchContext, type Measured } from './harness.ts'

const CONNECTIONS = 50
const GENERATED = 1000
const TARGET = { ratio_rps: 0.5, p99_ms: 25 }
const PAGES = [
  { page: 'program', path: '/c/kubesphere/programs/ksap' },
  { page: 'directory', path: '/c/kubesphere/ambassadors' },
]

/** Demo seed plus 1,000 generated ambassadors in the KubeSphere 2023 cohort. */
export async function populate(db: Db): Promise<void> {
  await seedDemo(db)
  const [term] = await db
    .select({ cohortId: cohorts.id, termStart: cohortPhases.startsAt, termEnd: cohortPhases.endsAt })
    .from(cohorts)
    .innerJoin(programs, eq(programs.id, cohorts.programId))
    .innerJoin(communities, eq(communities.id, programs.communityId))
    .innerJoin(cohortPhases, and(eq(cohortPhases.cohortId, cohorts.id), eq(cohortPhases.kind, 'term')))
    .where(and(eq(communities.slug, 'kubesphere'), eq(programs.slug, 'ksap'), eq(cohorts.slug, '2023')))
  if (!term?.termEnd) throw new Error('the demo seed has no KubeSphere 2023 cohort with a term')
  await generateAmbassadors(db, { cohortId: term.cohortId, termStart: term.termStart, termEnd: term.termEnd }, GENERATED)
}

/** Warm-up, then the measured run. */
async function measure(url: string, ctx: BenchContext): Promise<Measured> {
  await load(url, CONNECTIONS, ctx.warmupSeconds)
  return load(url, CONNECTIONS, ctx.seconds)
}

/** Requests per second and p99 of public pages, against plain node:http sending the same bytes. */
export async function run(ctx: BenchContext): Promise<void> {
  const failed: string[] = []
  // The server inherits PAGE_CACHE_SECONDS; within its TTL every measured request is a cache hit.
  const pageCacheSeconds = loadConfig({ PAGE_CACHE_SECONDS: process.env.PAGE_CACHE_SECONDS }).pageCacheSeconds
  for (const engine of selectedEngines()) {
    try {
      await withAppServer(engine, populate, async (baseUrl, workDir) => {
        for (const { page, path: pagePath } of PAGES) {
          const res = await fetch(baseUrl + pagePath, { signal: AbortSignal.timeout(30_000) })
          const body = Buffer.from(await res.arrayBuffer())
          if (res.status !== 200) throw new Error(`${pagePath} answered ${res.status}`)
          const contentType = res.headers.get('content-type') ?? 'text/html; charset=utf-8'
          const bodyFile = path.join(workDir, `${page}.html`)
          await writeFile(bodyFile, body)

          log(`${engine} ${page}: app, ${ctx.warmupSeconds} s warm-up + ${ctx.seconds} s`)
          const app = await measure(baseUrl + pagePath, ctx)

          const port = await freePort()
          const raw = spawnNode(`raw:${page}`, ['--import', 'tsx', 'bench/raw-server.ts', bodyFile, String(port), contentType], process.env)
          let rawMeasured: Measured
          try {
            await waitForOk(`http://127.0.0.1:${port}${pagePath}`, raw, 30_000)
            log(`${engine} ${page}: raw node:http, ${ctx.warmupSeconds} s warm-up + ${ctx.seconds} s`)
            rawMeasured = await measure(`http://127.0.0.1:${port}${pagePath}`, ctx)
          } finally {
            await raw.stop()
          }

          const ratio = rawMeasured.rps > 0 ? Math.round((app.rps / rawMeasured.rps) * 1000) / 1000 : 0
          ctx.emit({
            bench: 'public-pages',
            engine,
            page,
            path: pagePath,
            bytes: body.length,
            connections: CONNECTIONS,
            seconds: ctx.seconds,
            page_cache_seconds: pageCacheSeconds,
            app,
            raw: { rps: rawMeasured.rps, p99_ms: rawMeasured.p99_ms },
            ratio_rps: ratio,
            target: TARGET,
            met: app.non2xx === 0 && app.errors === 0 && ratio >= TARGET.ratio_rps && app.p99_ms <= TARGET.p99_ms,
          })
        }
      })
    } catch (err) {
      log(`${engine}: ${(err as Error).stack ?? String(err)}`)
      ctx.emit({ bench: 'public-pages', engine, error: (err as Error).message })
      failed.push(engine)
    }
  }
  if (failed.length) throw new Error(`public-pages failed on ${failed.join(', ')}`)
}
