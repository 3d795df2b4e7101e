// The git importer against `git log` alone, on a synthetic repository of BENCH_GIT_COMMITS commits (default
// 1,000,000). Run as `npm run bench -- git-import`; this file is also the child process that runs the import
// (`node --import tsx bench/git-import.ts --child <repo>`), so that its peak memory is measured on its own.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { gitEnv, gitLogArgs, readGitLogBatches, spawnGit } from '../src/features/contributions/git/read-git-log.ts'
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/db/open.ts'
import { log, spawnNode, track, withTimeout, type BenchContext } from './harness.ts'
import { selectedEngines, type EngineName } from './engines.ts'
import { REPO, syntheticRepository } from './git-history.ts'
import { sampleCpu, type CpuUse } from './cpu-use.ts'

const TARGET = { ratio: 0.5, peak_rss_mb: 300 }

function commitsWanted(): number {
  const raw = process.env.BENCH_GIT_COMMITS
  const n = raw ? Number(raw) : 1_000_000
  if (!Number.isInteger(n) || n < 1000 || n > 20_000_000) throw new Error(`BENCH_GIT_COMMITS must be a whole number from 1,000 to 20,000,000 (got "${raw}")`)
  return n
}

/**
 * `git log` with the importer's arguments and environment, its output read and dropped: records per second.
 * `flushing` runs it as git runs into a pipe by default, flushing after every commit (GIT_FLUSH=1): what the
 * floor was before decision 29, reported beside it for comparison only.
 */
async function floor(repoDir: string, flushing = false): Promise<{ records: number; seconds: number }> {
  const started = process.hrtime.bigint()
  const child = spawnGit(repoDir, gitLogArgs(), flushing ? { env: { ...gitEnv(), GIT_FLUSH: '1' } } : {})
  let records = 0
  for await (const chunk of child.stdout! as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(0x1e); i !== -1; i = chunk.indexOf(0x1e, i + 1)) records++
  }
  const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('close', resolve)))
  if (code !== 0) throw new Error(`git log exited with ${code}`)
  return { records, seconds: Number(process.hrtime.bigint() - started) / 1e9 }
}

/** Our reader alone (parsing, dates, the author-date window), no database: how close it stays to the floor. */
async function reader(repoDir: string): Promise<{ records: number; seconds: number }> {
  const started = process.hrtime.bigint()
  let records = 0
  for await (const batch of readGitLogBatches(repoDir)) records += batch.length
  return { records, seconds: Number(process.hrtime.bigint() - started) / 1e9 }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

function adminUrl(): URL {
  const url = new URL(process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test')
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error(`BENCH_DATABASE_URL must point at a local server (got host ${url.hostname})`)
  return url
}

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl().toString(), connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    await client.query(query)
  } finally {
    await client.end()
  }
}

/** What the child reports. */
interface ChildReport {
  seconds: number
  counts: { read: number; imported: number; duplicates: number; bots: number; rejected: number }
  /** The child's RSS once the database is open, before the import starts. */
  rss_before_import_mb: number
  /** The child's highest RSS sampled every 100 ms during the import. */
  import_peak_rss_mb: number
  /** process.resourceUsage().maxRSS at the end: the whole life of the child, opening the database included. */
  max_rss_mb: number
  /** The child's own CPU seconds before the import started (loading, opening the database): left out of `cpu`. */
  startup_cpu_seconds: number
}

/** Reads a process's resident set (current and peak) from /proc, in MB; undefined when gone or not on Linux. */
function rss(pid: number): { now: number; peak: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0)
    return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 }
  } catch {
    return undefined
  }
}

/** Runs the importer in a child process on a fresh database of `engine`; times it and samples its memory. */
async function importer(engine: EngineName, repoDir: string, n: number): Promise<ChildReport & { sampled_peak_rss_mb: number; cpu: CpuUse | undefined }> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'embassy-bench-git-import-'))
  const releaseDir = track(() => rm(workDir, { recursive: true, force: true }))
  let releaseDb: (() => Promise<void>) | undefined
  try {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'DATA_DIR', 'SECRET_KEY', 'LOG_LEVEL'].includes(k)))
    const env: NodeJS.ProcessEnv = { ...inherited, DATA_DIR: path.join(workDir, 'data'), SECRET_KEY: randomBytes(36).toString('base64url'), LOG_LEVEL: 'warn' }
    if (engine === 'postgres') {
      const name = `embassy_bench_${randomBytes(6).toString('hex')}`
      await admin(`create database "${name}"`)
      releaseDb = track(() => admin(`drop database if exists "${name}" with (force)`))
      const url = adminUrl()
      url.pathname = `/${name}`
      env.DATABASE_URL = url.toString()
    }
    // Created and migrated here, so that the child's memory is that of an import (creating a PGlite data
    // directory alone peaks near 1 GB; opening an existing one costs about 370 MB).
    const opened = await withTimeout(openDatabase(loadConfig(env), { kind: 'cli', command: 'bench git-import prepare' }), 120_000, 'creating the database')
    await opened.close()
    // CPU per process from before the child starts, so that its server connections count from their start.
    let childPid: number | undefined
    const cpu = sampleCpu(() => childPid)
    const child = spawnNode(`import:${engine}`, ['--import', 'tsx', 'bench/git-import.ts', '--child', repoDir], env)
    childPid = child.proc.pid
    let stdout = ''
    child.proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
    let sampledPeak = 0
    const sampler = setInterval(() => {
      const m = rss(child.proc.pid!)
      if (m) sampledPeak = Math.max(sampledPeak, m.now, m.peak)
    }, 100)
    try {
      // Generous: PGlite stores some thousands of commits per second on a slow machine.
      await withTimeout(child.exited, Math.max(600_000, n * 5), `the import of ${n} commits on ${engine}`)
    } finally {
      clearInterval(sampler)
      await child.stop()
    }
    const line = stdout.split('\n').find((l) => l.startsWith('{'))
    const report = line ? (JSON.parse(line) as ChildReport) : undefined
    const cpuUse = cpu?.stop(report?.startup_cpu_seconds ?? 0)
    if (child.proc.exitCode !== 0 || !report) throw new Error(`the import child exited with ${child.proc.exitCode ?? child.proc.signalCode}`)
    return { ...report, sampled_peak_rss_mb: Math.round(sampledPeak), cpu: cpuUse }
  } finally {
    await releaseDb?.()
    await releaseDir()
  }
}

/** Builds (or reuses) the repository, measures the floor, then the importer on each engine. */
export async function run(ctx: BenchContext): Promise<void> {
  const n = commitsWanted()
  const repoDir = await syntheticRepository(n)
  // One warm-up pass (page cache), then the median of three.
  await floor(repoDir)
  const passes = [await floor(repoDir), await floor(repoDir), await floor(repoDir)]
  const floorSeconds = median(passes.map((p) => p.seconds))
  const records = passes[0]!.records
  const floorRate = Math.round(records / floorSeconds)
  log(`git-import: git log alone: ${records.toLocaleString('en-US')} records in ${floorSeconds.toFixed(2)} s (${floorRate.toLocaleString('en-US')}/s)`)
  const flushing = (await floor(repoDir, true)).seconds
  log(`git-import: git log alone, flushing after every commit (git's default into a pipe): ${flushing.toFixed(2)} s`)
  const readerSeconds = median([await reader(repoDir), await reader(repoDir), await reader(repoDir)].map((p) => p.seconds))
  const readerRate = Math.round(records / readerSeconds)
  log(`git-import: our reader alone: ${readerSeconds.toFixed(2)} s (${readerRate.toLocaleString('en-US')}/s)`)

  const failed: string[] = []
  for (const engine of selectedEngines()) {
    try {
      log(`git-import: importing into a fresh ${engine} database`)
      const r = await importer(engine, repoDir, n)
      const rate = Math.round(r.counts.read / r.seconds)
      // The whole child process, opening the database included (what an operator sees).
      const peak = Math.max(r.max_rss_mb, r.sampled_peak_rss_mb)
      const ratio = Math.round((rate / floorRate) * 1000) / 1000
      ctx.emit({
        bench: 'git-import',
        engine,
        commits: records,
        floor: { seconds: Math.round(floorSeconds * 1000) / 1000, records_per_s: floorRate },
        reader: { seconds: Math.round(readerSeconds * 1000) / 1000, records_per_s: readerRate, ratio: Math.round((readerRate / floorRate) * 1000) / 1000 },
        importer: {
          seconds: Math.round(r.seconds * 1000) / 1000,
          records_per_s: rate,
          peak_rss_mb: peak,
          rss_before_import_mb: r.rss_before_import_mb,
          import_peak_rss_mb: r.import_peak_rss_mb,
          counts: r.counts,
        },
        ratio,
        // CPU seconds per process during the import (the child's startup left out), and the least wall time
        // that work could take on this machine's cores, with the ratio the import would have at that bound: how
        // far better overlap alone could go, and what must cost less CPU beyond it.
        ...(r.cpu ? { cpu: { ...r.cpu, ratio_at_bound: Math.round((floorSeconds / r.cpu.bound_seconds) * 1000) / 1000 } } : {}),
        // For comparison only: the ratio against git log flushing after every commit (the floor before decision 29).
        flushing_floor: { seconds: Math.round(flushing * 1000) / 1000, ratio: Math.round((rate / (records / flushing)) * 1000) / 1000 },
        target: TARGET,
        met: ratio >= TARGET.ratio && peak < TARGET.peak_rss_mb && r.counts.read === records,
      })
    } catch (err) {
      log(`git-import ${engine}: ${(err as Error).stack ?? String(err)}`)
      ctx.emit({ bench: 'git-import', engine, error: (err as Error).message })
      failed.push(engine)
    }
  }
  if (failed.length) throw new Error(`git-import failed on ${failed.join(', ')}`)
}

/** The child: opens (and migrates) the configured database, imports, prints one JSON line. */
async function child(repoDir: string): Promise<void> {
  const { importGitRepository } = await import('../src/features/contributions/git/import-git.ts')
  const opened = await openDatabase(loadConfig(), { kind: 'cli', command: 'bench git-import' })
  try {
    const mb = (bytes: number) => Math.round(bytes / 1048576)
    const startupCpu = process.cpuUsage()
    const before = process.memoryUsage.rss()
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 100)
    const started = process.hrtime.bigint()
    const counts = await importGitRepository(opened.database.db, { path: repoDir, repo: REPO }, { out: () => {}, err: (l) => process.stderr.write(`${l}\n`) })
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage.rss())
    const { repository: _r, resumedAfter: _s, ...rest } = counts
    const report: ChildReport = {
      seconds,
      counts: rest,
      rss_before_import_mb: mb(before),
      import_peak_rss_mb: mb(peak),
      max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      startup_cpu_seconds: (startupCpu.user + startupCpu.system) / 1e6,
    }
    process.stdout.write(`${JSON.stringify(report)}\n`)
  } finally {
    await opened.close()
  }
}

if (process.argv[2] === '--child' && process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  child(process.argv[3]!).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`)
      process.exit(1)
    },
  )
}
