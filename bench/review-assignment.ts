// Reviewer assignment: 5,000 submitted applications, 3 reviewers each, 100 reviewers (some reading only English
// or only Chinese), declared conflicts and company-domain conflicts. Times the pure part (conflict detection and
// assignReviewers) against a round-robin that ignores every constraint on the same data in the same run, then
// the whole use-case (runAssignment: queries, detection, assignment, 15,000 inserted rows) on embedded PGlite and
// on the PostgreSQL server (BENCH_ENGINES, BENCH_DATABASE_URL as for the other benchmarks), with wall and CPU time.
import { performance } from 'node:perf_hooks'
import pino from 'pino'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openPglite, openPostgres, type Database } from '../src/db/client.ts'
import { migrateEmbedded, migratePostgres } from '../src/db/migrate.ts'
import { seededRandom } from '../src/db/seed/generate.ts'
import { buildDeps } from '../src/bootstrap.ts'
import { loadConfig } from '../src/config.ts'
import { assignReviewers } from '../src/features/reviews/assign-reviewers.ts'
import { detectConflicts, pairKey } from '../src/features/reviews/conflicts.ts'
import { makeReviewCohort, REVIEW_OPEN, type FixturePerson } from '../src/features/reviews/review-fixtures.ts'
import { runAssignment } from '../src/features/reviews/run-assignment.ts'
import { selectedEngines, type EngineName } from './engines.ts'
import { log, track, type BenchContext } from './harness.ts'

const APPLICATIONS = 5_000
const REVIEWERS = 100
const K = 3
const TARGET_MS = 2_000
const COMPANIES = ['qingcloud.example', 'corp-a.example', 'corp-b.example', 'corp-c.example', 'uni.example.edu']
const FREE = ['gmail.com', 'qq.com', '163.com', 'outlook.com']

/** Deterministic people: a fifth apply in Chinese, a tenth of reviewers read only one language, a third at companies. */
export function generatePeople(seed = 5) {
  const rand = seededRandom(seed)
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!
  const domain = () => (rand() < 0.3 ? pick(COMPANIES) : pick(FREE))
  const applicants: FixturePerson[] = Array.from({ length: APPLICATIONS }, (_, i) => ({ name: `Applicant ${i}`, email: `applicant${i}@${domain()}`, locale: rand() < 0.2 ? 'zh-CN' : 'en' }))
  const reviewers: FixturePerson[] = Array.from({ length: REVIEWERS }, (_, i) => {
    const r = rand()
    return { name: `Reviewer ${i}`, email: `reviewer${i}@${domain()}`, languages: r < 0.1 ? ['en'] : r < 0.2 ? ['zh-CN'] : [] }
  })
  return { applicants, reviewers }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const ms = (x: number) => Math.round(x * 10) / 10

/** Runs the benchmark and emits one line for the pure assignment and one for the use-case on PGlite. */
export async function run(ctx: BenchContext): Promise<void> {
  const { applicants, reviewers } = generatePeople()
  const apps = applicants.map((a, i) => ({ applicationId: `a${i}`, personId: `pa${i}`, email: a.email ?? null, id: `a${i}`, language: a.locale ?? 'en' }))
  const revs = reviewers.map((r, i) => ({ personId: `pr${i}`, email: r.email ?? null, id: `pr${i}`, languages: r.languages ?? [] }))
  // About 1 % of pairs declared as conflicts, as reviewers who know applicants would.
  const rand = seededRandom(11)
  const declared = new Set<string>()
  for (let n = 0; n < (APPLICATIONS * REVIEWERS) / 100; n++) declared.add(pairKey(`pr${Math.floor(rand() * REVIEWERS)}`, `a${Math.floor(rand() * APPLICATIONS)}`))

  const pure = () => {
    const blocked = new Set(declared)
    for (const key of detectConflicts(revs, apps).keys()) blocked.add(key)
    return assignReviewers({ applications: apps, reviewers: revs, k: K, blocked, existing: [] })
  }
  const floor = () => {
    const out: { applicationId: string; reviewerId: string }[] = []
    for (let i = 0; i < apps.length; i++) for (let j = 0; j < K; j++) out.push({ applicationId: apps[i]!.id, reviewerId: revs[(i * K + j) % revs.length]!.id })
    return out
  }
  const warmEnd = performance.now() + ctx.warmupSeconds * 1000
  while (performance.now() < warmEnd) pure()
  const pureMs: number[] = []
  const floorMs: number[] = []
  let plan = pure()
  for (let pass = 0; pass < 7; pass++) {
    let t = performance.now()
    plan = pure()
    pureMs.push(performance.now() - t)
    t = performance.now()
    floor()
    floorMs.push(performance.now() - t)
  }
  const loads = [...plan.load.values()]
  ctx.emit({
    bench: 'review-assignment',
    applications: APPLICATIONS,
    reviewers: REVIEWERS,
    per_application: K,
    assignments: plan.added.length,
    shortfalls: plan.shortfalls.length,
    load_min: Math.min(...loads),
    load_max: Math.max(...loads),
    median_ms: ms(median(pureMs)),
    max_ms: ms(Math.max(...pureMs)),
    floor: { what: 'round-robin ignoring conflicts, languages and load', median_ms: ms(median(floorMs)) },
    ratio_ms: Math.round((median(pureMs) / Math.max(median(floorMs), 0.01)) * 10) / 10,
    target: { max_ms: TARGET_MS },
    met: median(pureMs) < TARGET_MS,
  })

  for (const engine of selectedEngines()) await runUseCase(ctx, engine, applicants, reviewers, median(pureMs))
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since)
  return (u.user + u.system) / 1000
}

/** A fresh migrated database on `engine` (PGlite in memory, or a new database on the local server) and how to drop it. */
async function openBenchDatabase(engine: EngineName): Promise<{ database: Database; drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const database = await openPglite()
    await migrateEmbedded(database.client)
    return { database, drop: () => database.close() }
  }
  const url = new URL(process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test')
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error(`BENCH_DATABASE_URL must point at a local server (got host ${url.hostname})`)
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5000 })
    await client.connect()
    try {
      await client.query(text)
    } finally {
      await client.end()
    }
  }
  const name = `embassy_bench_${randomBytes(6).toString('hex')}`
  await admin(`create database "${name}"`)
  log(`created database ${name}`)
  const target = new URL(url)
  target.pathname = `/${name}`
  const database = await openPostgres(target.toString())
  await migratePostgres(database.pool)
  return {
    database,
    drop: async () => {
      await database.close()
      await admin(`drop database if exists "${name}" with (force)`)
      log(`dropped database ${name}`)
    },
  }
}

/**
 * The use-case on one engine: three dry runs, then the saved run, each with wall time and this process's CPU
 * time (PGlite executes in this process, so its CPU time is the engine's work whatever the machine's load;
 * on PostgreSQL the server's work is not in it).
 */
async function runUseCase(ctx: BenchContext, engine: EngineName, applicants: FixturePerson[], reviewers: FixturePerson[], pureMedianMs: number): Promise<void> {
  log(`review-assignment: populating ${engine} (5,000 applications, 100 reviewers)`)
  const { database, drop } = await openBenchDatabase(engine)
  const release = track(drop)
  try {
    const config = loadConfig({ PAGE_CACHE_SECONDS: '0', BASE_URL: 'http://embassy.bench', SECRET_KEY: 'bench-secret-key-for-review-assignment-0123456789' })
    const deps = buildDeps(config, database, pino({ level: 'silent' }), () => REVIEW_OPEN)
    const fx = await makeReviewCohort(database.db, { applicants, reviewers })
    const dry: number[] = []
    const dryCpu: number[] = []
    for (let r = 0; r < 3; r++) {
      const cpu = process.cpuUsage()
      const t = performance.now()
      await runAssignment(deps, fx.cohortId, { k: K, dryRun: true, actor: 'bench' })
      dry.push(performance.now() - t)
      dryCpu.push(cpuMs(cpu))
    }
    const before = database.queryCount
    const cpu = process.cpuUsage()
    const t = performance.now()
    const saved = await runAssignment(deps, fx.cohortId, { k: K, actor: 'bench' })
    const savedMs = performance.now() - t
    const savedCpu = cpuMs(cpu)
    ctx.emit({
      bench: 'review-assignment-run',
      engine,
      applications: APPLICATIONS,
      reviewers: REVIEWERS,
      per_application: K,
      assignments: saved.added.length,
      dry_run_median_ms: ms(median(dry)),
      dry_run_median_cpu_ms: ms(median(dryCpu)),
      saved_run_ms: ms(savedMs),
      saved_run_cpu_ms: ms(savedCpu),
      saved_run_queries: database.queryCount - before,
      floor: { what: 'pure assignment alone on the same sizes', median_ms: ms(pureMedianMs) },
      ratio_ms: Math.round((savedMs / pureMedianMs) * 10) / 10,
      saved_over_dry: Math.round((savedMs / median(dry)) * 10) / 10,
      target: { max_ms: TARGET_MS },
      met: savedMs < TARGET_MS,
    })
  } finally {
    await release()
  }
}
