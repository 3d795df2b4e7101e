// Runs the benchmarks: `npm run bench` runs all, `npm run bench -- public-pages` one or more by name.
// Results are JSON lines on stdout; progress goes to stderr. Env: BENCH_SECONDS (default 5), BENCH_ENGINES,
// BENCH_DATABASE_URL, BENCH_TIMEOUT_SECONDS. Exits 1 when a benchmark failed (not when a target was missed).
import { log, releaseAll, type Benchmark, type BenchContext } from './harness.ts'

/** Each benchmark is a file in bench/ exporting `run`; add a line here for a new one. */
const benchmarks: Record<string, () => Promise<{ run: Benchmark }>> = {
  'public-pages': () => import('./public-pages.ts'),
  eligibility: () => import('./eligibility.ts'),
  'contribution-window': () => import('./contribution-window.ts'),
  'git-import': () => import('./git-import.ts'),
  'gharchive-import': () => import('./gharchive-import.ts'),
  selection: () => import('./selection.ts'),
  'review-assignment': () => import('./review-assignment.ts'),
  dashboards: () => import('./dashboards.ts'),
  credentials: () => import('./credentials.ts'),
  certificates: () => import('./certificates.ts'),
}

function seconds(name: string, fallback: number, max: number): number {
  const raw = process.env[name]
  const n = raw ? Number(raw) : fallback
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${name} must be a whole number of seconds from 1 to ${max} (got "${raw}")`)
  return n
}

async function main(): Promise<number> {
  const names = process.argv.slice(2)
  const unknown = names.filter((n) => !(n in benchmarks))
  if (unknown.length) {
    log(`unknown benchmark ${unknown.join(', ')}; available: ${Object.keys(benchmarks).join(', ')}`)
    return 2
  }
  const ctx: BenchContext = {
    seconds: seconds('BENCH_SECONDS', 5, 600),
    warmupSeconds: 1,
    emit: (line) => process.stdout.write(`${JSON.stringify(line)}\n`),
  }
  // Watchdog: the whole run is bounded; on expiry, children are stopped and databases dropped.
  const limit = seconds('BENCH_TIMEOUT_SECONDS', 300 + 20 * (ctx.seconds + ctx.warmupSeconds), 86_400)
  setTimeout(() => void abort(`run exceeded BENCH_TIMEOUT_SECONDS=${limit}`, 1), limit * 1000).unref()

  let code = 0
  for (const name of names.length ? names : Object.keys(benchmarks)) {
    log(`${name}: start`)
    try {
      await (await benchmarks[name]!()).run(ctx)
      log(`${name}: done`)
    } catch (err) {
      log(`${name}: failed: ${(err as Error).message}`)
      code = 1
    }
  }
  return code
}

async function abort(reason: string, code: number): Promise<void> {
  log(`${reason}: stopping children and cleaning up`)
  await releaseAll()
  process.exit(code)
}
process.once('SIGINT', () => void abort('SIGINT', 130))
process.once('SIGTERM', () => void abort('SIGTERM', 143))

main().then(
  async (code) => {
    await releaseAll()
    process.exit(code)
  },
  async (err: unknown) => {
    log((err as Error).message)
    await releaseAll()
    process.exit(1)
  },
)
