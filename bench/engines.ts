import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { Db } from '../src/db/client.ts'
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/db/open.ts'
import { freePort, log, spawnNode, track, waitForOk, withTimeout } from './harness.ts'

export type EngineName = 'pglite' | 'postgres'
export const engineNames: EngineName[] = ['pglite', 'postgres']

/** Engines to run: BENCH_ENGINES (comma-separated) or both. */
export function selectedEngines(): EngineName[] {
  const wanted = process.env.BENCH_ENGINES?.split(',').map((s) => s.trim()).filter(Boolean)
  if (!wanted?.length) return engineNames
  const bad = wanted.filter((e) => !engineNames.includes(e as EngineName))
  if (bad.length) throw new Error(`BENCH_ENGINES: unknown engine ${bad.join(', ')} (use ${engineNames.join(', ')})`)
  return wanted as EngineName[]
}

/** The PostgreSQL server to create benchmark databases on; loopback only. */
function adminUrl(): URL {
  const url = new URL(process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test')
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`BENCH_DATABASE_URL must point at a local server (got host ${url.hostname})`)
  }
  return url
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl().toString(), connectionTimeoutMillis: 5000, statement_timeout: 60_000 })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** Variables the benchmark sets itself; inherited values would change what is measured. */
const OWN = ['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'BASE_URL', 'LOG_LEVEL', 'SEED_DEMO_ON_EMPTY', 'SECRET_KEY']

/**
 * Prepares a fresh database on `engine`, fills it with `populate` (in this process, closed afterwards so the
 * embedded lock is released), starts `embassy serve` on it as a child process and hands its base URL to `fn`.
 * The server is stopped and the database removed afterwards, whatever happens.
 */
export async function withAppServer<T>(engine: EngineName, populate: (db: Db) => Promise<void>, fn: (baseUrl: string, workDir: string) => Promise<T>): Promise<T> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'embassy-bench-'))
  const releaseDir = track(() => rm(workDir, { recursive: true, force: true }))
  let releaseDb: (() => Promise<void>) | undefined
  try {
    const env: Record<string, string> = { DATA_DIR: path.join(workDir, 'data'), SECRET_KEY: randomBytes(36).toString('base64url') }
    if (engine === 'postgres') {
      const name = `embassy_bench_${randomBytes(6).toString('hex')}`
      await admin((c) => c.query(`create database "${name}"`))
      releaseDb = track(async () => {
        await admin((c) => c.query(`drop database if exists "${name}" with (force)`))
        log(`dropped database ${name}`)
      })
      const url = adminUrl()
      url.pathname = `/${name}`
      env.DATABASE_URL = url.toString()
      log(`created database ${name}`)
    }

    const started = Date.now()
    const opened = await withTimeout(openDatabase(loadConfig(env), { kind: 'cli', command: 'bench populate' }), 120_000, 'opening the database')
    try {
      await withTimeout(populate(opened.database.db), 300_000, 'populating the database')
    } finally {
      await opened.close()
    }
    log(`${engine}: populated in ${((Date.now() - started) / 1000).toFixed(1)} s`)

    const port = await freePort()
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !OWN.includes(k)))
    const server = spawnNode(`app:${engine}`, ['bin/embassy.js', 'serve'], {
      ...inherited,
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SEED_DEMO_ON_EMPTY: 'false',
    })
    try {
      const baseUrl = `http://127.0.0.1:${port}`
      await waitForOk(`${baseUrl}/readyz`, server)
      log(`${engine}: server ready at ${baseUrl}`)
      return await fn(baseUrl, workDir)
    } finally {
      await server.stop()
    }
  } finally {
    await releaseDb?.()
    await releaseDir()
  }
}
