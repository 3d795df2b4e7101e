import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'
import autocannon from 'autocannon'

/** Root of the repository (bench/..). */
export const repoRoot = path.resolve(import.meta.dirname, '..')

/** What a benchmark receives from bench/run.ts. */
export interface BenchContext {
  /** Measured seconds per target (BENCH_SECONDS). */
  seconds: number
  /** Warm-up seconds before each measured run. */
  warmupSeconds: number
  /** Prints one result as a JSON line on stdout. */
  emit(line: Record<string, unknown>): void
}

/** A benchmark file exports `run`; it throws when a part of it failed (after emitting what it could). */
export type Benchmark = (ctx: BenchContext) => Promise<void>

/** Progress goes to stderr; stdout carries only JSON lines. */
export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`)
}

/** Rejects when `promise` has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

// Resources to release if the run is interrupted (signal, watchdog) before its own `finally` blocks run.
const live = new Set<() => Promise<void>>()

/** Registers a cleanup; the returned function runs it once (and is what `finally` blocks call). */
export function track(cleanup: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined
  const release = () => {
    live.delete(release)
    return (done ??= cleanup().catch((err: unknown) => log(`cleanup failed: ${(err as Error).message}`)))
  }
  live.add(release)
  return release
}

/** Runs every pending cleanup, newest first. */
export async function releaseAll(): Promise<void> {
  for (const release of [...live].reverse()) await withTimeout(release(), 15_000, 'cleanup').catch(() => {})
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

/** A child process whose output goes to our stderr; `stop` ends it (SIGTERM, then SIGKILL). */
export interface Child {
  proc: ChildProcess
  exited: Promise<void>
  stop(): Promise<void>
}

/** Spawns `node args…` in the repository root with `env`. */
export function spawnNode(name: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const proc = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const prefix = (chunk: Buffer) => process.stderr.write(chunk.toString().replace(/^(?=.)/gm, `[${name}] `))
  proc.stdout!.on('data', prefix)
  proc.stderr!.on('data', prefix)
  const exited = new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve()
    else proc.once('exit', () => resolve())
  })
  const stop = track(async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return
    proc.kill('SIGTERM')
    const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(killer)
  })
  return { proc, exited, stop }
}

/** Polls `url` until it answers 200; fails when the child exits first or after `ms`. */
export async function waitForOk(url: string, child: Child, ms = 60_000): Promise<void> {
  let exited = false
  void child.exited.then(() => (exited = true))
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (exited) throw new Error(`process exited before ${url} answered (code ${child.proc.exitCode})`)
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
      await res.arrayBuffer()
      if (res.status === 200) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${url} did not answer 200 within ${ms / 1000} s`)
}

/** What one autocannon run measured. */
export interface Measured {
  rps: number
  p99_ms: number
  non2xx: number
  errors: number
}

/** Loads `url` with `connections` keep-alive connections for `seconds`; only 127.0.0.1 is accepted. */
export async function load(url: string, connections: number, seconds: number): Promise<Measured> {
  if (new URL(url).hostname !== '127.0.0.1') throw new Error(`refusing to load ${url}: only 127.0.0.1 is benchmarked`)
  const r = await withTimeout(autocannon({ url, connections, duration: seconds, timeout: 10 }), (seconds + 30) * 1000, `autocannon on ${url}`)
  return { rps: Math.round(r.requests.average), p99_ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors }
}
