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
import { buildRepository, type FixtureCommit } from '../tests/support/git-fixtures.ts'
import { gitEnv, gitLogArgs, readGitLogBatches, spawnGit } from '../src/features/contributions/git/read-git-log.ts'
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/db/open.ts'
import { log, spawnNode, track, withTimeout, type BenchContext } from './harness.ts'
import { selectedEngines, type EngineName } from './engines.ts'

const TARGET = { ratio: 0.5, peak_rss_mb: 300 }
const AUTHORS = 3000
const START = Date.UTC(2021, 0, 1) / 1000
const SPAN = 3 * 365 * 86400
const REPO = 'bench/synthetic'
/** Bump when the synthetic history changes, so that cached repositories are rebuilt. */
const VERSION = 2
/**
 * Share of commits committed on a later day than they were written (rebased or merged later). In the ten
 * KubeSphere repositories of ../shared/data/contributions it is 7.3 % (724 of 9,935 commits, UTC days);
 * version 1 of this history authored every commit up to three days before its commit, 83 % on another day.
 */
const LATER_DAY_SHARE = 0.08

function commitsWanted(): number {
  const raw = process.env.BENCH_GIT_COMMITS
  const n = raw ? Number(raw) : 1_000_000
  if (!Number.isInteger(n) || n < 1000 || n > 20_000_000) throw new Error(`BENCH_GIT_COMMITS must be a whole number from 1,000 to 20,000,000 (got "${raw}")`)
  return n
}

/** A small deterministic PRNG (mulberry32), so that every build of a size is the same history. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const OFFSETS = ['+0800', '+0800', '+0800', '+0000', '-0500', '+0530', '+0300', '+0200', '-0700', '+0900']
const NAMES = ['Wei Zhang', 'Ana Souza', 'Jürgen Weiß', '李雷', 'Priya Natarajan', 'Olusegun Adeyemi', 'Marie Dubois', 'Kenji Sato']

/** The authors: GitHub noreply addresses of both forms, company and personal addresses, a few bots. */
function authors(random: () => number): { name: string; email: string; tz: string }[] {
  return Array.from({ length: AUTHORS }, (_, i) => {
    const name = `${NAMES[i % NAMES.length]} ${i}`
    const tz = OFFSETS[Math.floor(random() * OFFSETS.length)]!
    const r = random()
    const email =
      r < 0.4 ? `${100000 + i}+dev${i}@users.noreply.github.com` : r < 0.5 ? `Dev${i}@users.noreply.github.com` : r < 0.95 ? `dev${i}@example${i % 50}.org` : `${200000 + i}+helper-${i}[bot]@users.noreply.github.com`
    return { name: r >= 0.95 ? `helper-${i}[bot]` : name, email, tz }
  })
}

/** `n` commits over three years in committer-date order: 20 % merges, a skewed activity per author. */
function* syntheticHistory(n: number): Generator<FixtureCommit> {
  const random = prng(2023)
  const people = authors(random)
  const committer = { name: 'GitHub', email: 'noreply@github.com' }
  for (let i = 0; i < n; i++) {
    const committed = START + Math.floor((i * SPAN) / n)
    const author = people[Math.floor(AUTHORS * random() ** 2)]!
    // Most commits are committed within the hour they are written; a few one to three days later (rebases,
    // merges of older work).
    const authored = random() < LATER_DAY_SHARE ? committed - 86400 - Math.floor(random() * 2 * 86400) : committed - Math.floor(random() * 3600)
    yield {
      author: { name: author.name, email: author.email, seconds: authored, tz: author.tz },
      committer: { ...committer, seconds: committed, tz: '+0000' },
      parents: i === 0 ? 0 : random() < 0.2 ? 2 : 1,
    }
  }
}

/** The synthetic repository of `n` commits, built once under the temporary folder and reused. */
async function syntheticRepository(n: number): Promise<string> {
  const dir = path.join(os.tmpdir(), `embassy-bench-git-v${VERSION}-${n}`)
  if (fs.existsSync(path.join(dir, '.bench-complete'))) {
    log(`git-import: reusing ${dir}`)
    return dir
  }
  const work = `${dir}.build-${process.pid}`
  fs.rmSync(work, { recursive: true, force: true })
  const release = track(async () => fs.rmSync(work, { recursive: true, force: true }))
  const started = Date.now()
  log(`git-import: building a repository of ${n.toLocaleString('en-US')} commits with git fast-import in ${work}`)
  await buildRepository(work, syntheticHistory(n), { repo: REPO, maxSideRun: 50 })
  fs.writeFileSync(path.join(work, '.bench-complete'), new Date().toISOString())
  fs.rmSync(dir, { recursive: true, force: true })
  fs.renameSync(work, dir)
  await release()
  log(`git-import: built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return dir
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
async function importer(engine: EngineName, repoDir: string, n: number): Promise<ChildReport & { sampled_peak_rss_mb: number }> {
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
    const child = spawnNode(`import:${engine}`, ['--import', 'tsx', 'bench/git-import.ts', '--child', repoDir], env)
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
    if (child.proc.exitCode !== 0 || !report) throw new Error(`the import child exited with ${child.proc.exitCode ?? child.proc.signalCode}`)
    return { ...report, sampled_peak_rss_mb: Math.round(sampledPeak) }
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
    const before = process.memoryUsage.rss()
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 100)
    const started = process.hrtime.bigint()
    const counts = await importGitRepository(opened.database.db, { path: repoDir, repo: REPO }, { out: () => {}, err: (l) => process.stderr.write(`${l}\n`) })
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage.rss())
    const { repository: _r, resumedAfter: _s, ...rest } = counts
    const report: ChildReport = { seconds, counts: rest, rss_before_import_mb: mb(before), import_peak_rss_mb: mb(peak), max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) }
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
