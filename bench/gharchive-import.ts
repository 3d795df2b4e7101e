// GH Archive import throughput and memory: a synthetic hourly-style file of 1,000,000 events (BENCH_GHARCHIVE_EVENTS),
// imported into a fresh database in a child process, against a floor in the same run: the same file gunzipped,
// split into lines and JSON.parse'd, nothing else.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import { gzipLines } from '../src/features/contributions/gharchive/lines.ts'
import { linePrefilter, mapEvent, outcomeWithoutParsing, repositoryMatcher } from '../src/features/contributions/gharchive/events.ts'
import { selectedEngines, type EngineName } from './engines.ts'
import { log, spawnNode, track, withTimeout, type BenchContext } from './harness.ts'
import { ORG, syntheticFile } from './gharchive-events.ts'
import { sampleCpu, type CpuUse } from './cpu-use.ts'

const DEFAULT_EVENTS = 1_000_000
const TARGET = { ratio_events_per_s: 0.5, peak_rss_mb: 300 }

function eventCount(): number {
  const raw = process.env.BENCH_GHARCHIVE_EVENTS
  const n = raw ? Number(raw) : DEFAULT_EVENTS
  if (!Number.isInteger(n) || n < 1000 || n > 50_000_000) throw new Error(`BENCH_GHARCHIVE_EVENTS must be a whole number from 1,000 to 50,000,000 (got "${raw}")`)
  return n
}

// ---------------------------------------------------------------------------------------------------------------
// The floor: gunzip + split + JSON.parse, in this process.

async function floor(file: string): Promise<{ events: number; bytes: number; seconds: number }> {
  const started = performance.now()
  let events = 0
  let bytes = 0
  let pushes = 0
  for await (const lines of gzipLines(file)) {
    for (const line of lines) {
      if (line.length === 0) continue
      bytes += line.length + 1
      const e = JSON.parse(line) as { type?: string }
      events++
      if (e.type === 'PushEvent') pushes++
    }
  }
  if (pushes === 0) throw new Error('floor: no PushEvent parsed')
  return { events, bytes, seconds: (performance.now() - started) / 1000 }
}

/** The importer's own work without the database: the floor plus the prefilter and the event mapping. */
async function mapOnly(file: string): Promise<{ events: number; records: number; seconds: number }> {
  const selection = { orgs: [ORG] }
  const selected = repositoryMatcher(selection)
  const prefilter = linePrefilter(selection)!
  const started = performance.now()
  let events = 0
  let records = 0
  for await (const lines of gzipLines(file)) {
    for (const line of lines) {
      if (line.length === 0) continue
      events++
      if (line.charCodeAt(line.length - 1) === 125 && (!prefilter(line) || outcomeWithoutParsing(line, selected))) continue
      const m = mapEvent(JSON.parse(line), selected)
      if (m.outcome === 'records') records += m.records.length
    }
  }
  return { events, records, seconds: (performance.now() - started) / 1000 }
}

// ---------------------------------------------------------------------------------------------------------------
// The importer, in a child process (so that its memory is its own): `node --import tsx bench/gharchive-import.ts child …`.

interface ChildResult {
  seconds: number
  counts: Record<string, number>
  peak_rss_mb: number
  max_rss_mb: number
  rss_before_mb: number
  samples: number
  /** The child's own CPU seconds before the import started (loading, opening the database): left out of `cpu`. */
  startup_cpu_seconds: number
}

async function childMain(file: string, env: Record<string, string>): Promise<void> {
  const { loadConfig } = await import('../src/config.ts')
  const { openDatabase } = await import('../src/db/open.ts')
  const { importGharchiveFile } = await import('../src/features/contributions/gharchive/import.ts')
  const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10
  let peak = process.memoryUsage.rss()
  let samples = 0
  const sampler = setInterval(() => {
    samples++
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 100)
  const opened = await openDatabase(loadConfig(env), { kind: 'cli', command: 'bench gharchive-import' })
  try {
    const before = process.memoryUsage.rss()
    const startupCpu = process.cpuUsage()
    const started = performance.now()
    const result = await importGharchiveFile(opened.database.db, file, { orgs: [ORG] })
    const seconds = (performance.now() - started) / 1000
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage.rss())
    if (result.error) throw new Error(result.error)
    const out: ChildResult = { seconds, counts: { ...result.counts }, peak_rss_mb: mb(peak), max_rss_mb: mb(process.resourceUsage().maxRSS * 1024), rss_before_mb: mb(before), samples, startup_cpu_seconds: (startupCpu.user + startupCpu.system) / 1e6 }
    process.stdout.write(`RESULT ${JSON.stringify(out)}\n`)
  } finally {
    clearInterval(sampler)
    await opened.close()
  }
}

/** The PostgreSQL server to create the benchmark database on; loopback only (as in engines.ts). */
function adminUrl(): URL {
  const url = new URL(process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test')
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error(`BENCH_DATABASE_URL must point at a local server (got host ${url.hostname})`)
  return url
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl().toString(), connectionTimeoutMillis: 5000, statement_timeout: 120_000 })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

/** Runs the import of `file` into a fresh database of `engine` in a child process. */
async function importInChild(engine: EngineName, file: string): Promise<ChildResult & { cpu: CpuUse | undefined }> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'embassy-bench-gharchive-'))
  const releaseDir = track(() => rm(workDir, { recursive: true, force: true }))
  let releaseDb: (() => Promise<void>) | undefined
  try {
    const env: Record<string, string> = { DATA_DIR: path.join(workDir, 'data'), SECRET_KEY: randomBytes(36).toString('base64url'), LOG_LEVEL: 'warn' }
    if (engine === 'postgres') {
      const name = `embassy_bench_${randomBytes(6).toString('hex')}`
      await adminQuery(`create database "${name}"`)
      releaseDb = track(async () => {
        await adminQuery(`drop database if exists "${name}" with (force)`)
        log(`dropped database ${name}`)
      })
      const url = adminUrl()
      url.pathname = `/${name}`
      env.DATABASE_URL = url.toString()
    }
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'DATA_DIR', 'SECRET_KEY', 'LOG_LEVEL'].includes(k)))
    // CPU per process from before the child starts, so that its server connections count from their start.
    let childPid: number | undefined
    const cpu = sampleCpu(() => childPid)
    const child = spawnNode(`import:${engine}`, ['--import', 'tsx', 'bench/gharchive-import.ts', 'child', file, JSON.stringify(env)], inherited)
    childPid = child.proc.pid
    let stdout = ''
    child.proc.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    try {
      await withTimeout(child.exited, 3_600_000, `the ${engine} import`)
    } finally {
      await child.stop()
    }
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '))
    if (!line) throw new Error(`the ${engine} import exited with code ${child.proc.exitCode} without a result`)
    const result = JSON.parse(line.slice('RESULT '.length)) as ChildResult
    return { ...result, cpu: cpu?.stop(result.startup_cpu_seconds) }
  } finally {
    await releaseDb?.()
    await releaseDir()
  }
}

/** Floor first (best of two passes), then the importer on each engine; one JSON line per engine. */
export async function run(ctx: BenchContext): Promise<void> {
  const count = eventCount()
  const { file, bytes: gzBytes } = await syntheticFile(count)
  log(`gharchive-import: floor (gunzip + split + JSON.parse), 2 passes`)
  const passes = [await floor(file), await floor(file)]
  const best = passes.reduce((a, b) => (b.seconds < a.seconds ? b : a))
  if (best.events !== count) throw new Error(`the synthetic file has ${best.events} events, expected ${count}`)
  const floorRate = Math.round(best.events / best.seconds)
  log(`gharchive-import: floor ${floorRate.toLocaleString('en-US')} events/s (${best.seconds.toFixed(2)} s); now the same plus filtering and mapping`)
  const mapped = await mapOnly(file)
  const mapRate = Math.round(mapped.events / mapped.seconds)
  log(`gharchive-import: parse + map ${mapRate.toLocaleString('en-US')} events/s (${mapped.seconds.toFixed(2)} s, ${mapped.records.toLocaleString('en-US')} contributions)`)

  const failed: string[] = []
  for (const engine of selectedEngines()) {
    try {
      log(`gharchive-import: importing into a fresh ${engine} database (child process)`)
      const r = await importInChild(engine, file)
      const rate = Math.round(count / r.seconds)
      const stored = r.counts.imported! + r.counts.duplicates! + r.counts.bots!
      const ratio = Math.round((rate / floorRate) * 1000) / 1000
      const peak = Math.max(r.peak_rss_mb, r.max_rss_mb)
      ctx.emit({
        bench: 'gharchive-import',
        engine,
        events: count,
        file_bytes_gz: gzBytes,
        bytes_json: best.bytes,
        mean_event_bytes: Math.round(best.bytes / best.events),
        floor: { events_per_s: floorRate, seconds: Math.round(best.seconds * 100) / 100, passes_s: passes.map((p) => Math.round(p.seconds * 100) / 100) },
        parse_and_map: { events_per_s: mapRate, contributions: mapped.records, seconds: Math.round(mapped.seconds * 100) / 100, ratio_events_per_s: Math.round((mapRate / floorRate) * 1000) / 1000 },
        importer: { events_per_s: rate, contributions_per_s: Math.round(stored / r.seconds), seconds: Math.round(r.seconds * 100) / 100, counts: r.counts },
        ratio_events_per_s: ratio,
        // CPU seconds per process during the import (the child's startup left out; git's share is 0 here), and
        // the least wall time that work could take on this machine's cores, with the ratio it would give.
        ...(r.cpu ? { cpu: { ...r.cpu, ratio_at_bound: Math.round((best.seconds / r.cpu.bound_seconds) * 1000) / 1000 } } : {}),
        memory: { peak_rss_mb: peak, sampled_peak_rss_mb: r.peak_rss_mb, max_rss_mb: r.max_rss_mb, rss_after_open_mb: r.rss_before_mb, samples: r.samples },
        target: TARGET,
        met: ratio >= TARGET.ratio_events_per_s && peak < TARGET.peak_rss_mb,
      })
    } catch (err) {
      log(`${engine}: ${(err as Error).stack ?? String(err)}`)
      ctx.emit({ bench: 'gharchive-import', engine, error: (err as Error).message })
      failed.push(engine)
    }
  }
  if (failed.length) throw new Error(`gharchive-import failed on ${failed.join(', ')}`)
}

// Child mode: run directly with `child <file> <env JSON>`.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href && process.argv[2] === 'child') {
  childMain(process.argv[3]!, JSON.parse(process.argv[4]!) as Record<string, string>).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`)
      process.exit(1)
    },
  )
}
