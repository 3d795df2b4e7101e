import fs from 'node:fs'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import pino from 'pino'
import { afterAll, beforeAll, describe, inject } from 'vitest'
import { openPglite, openPostgres, type Database, type Engine } from '../../src/db/client.ts'
import { buildDeps } from '../../src/bootstrap.ts'
import { loadConfig } from '../../src/config.ts'
import type { AppDeps } from '../../src/deps.ts'
import { TEST_POSTGRES_URL } from './db-global-setup.ts'

/** Both engines every database test runs on. */
export const engines: Engine[] = ['pglite', 'postgres']

/** A fresh, migrated database of one engine, and how to drop it. */
export async function openTestDatabase(engine: Engine): Promise<{ database: Database; url?: string; drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const dump = fs.readFileSync(inject('pgliteGoldenDump'))
    const database = await openPglite({ loadDataDir: new Blob([dump]) })
    return { database, drop: () => database.close() }
  }
  const name = `${inject('postgresRunPrefix')}_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL })
  await admin.connect()
  await admin.query(`create database "${name}" template "${inject('postgresGolden')}"`)
  await admin.end()
  const url = new URL(TEST_POSTGRES_URL)
  url.pathname = `/${name}`
  const database = await openPostgres(url.toString())
  return {
    database,
    url: url.toString(),
    drop: async () => {
      await database.close()
      const a = new pg.Client({ connectionString: TEST_POSTGRES_URL })
      await a.connect()
      await a.query(`drop database if exists "${name}" with (force)`)
      await a.end()
    },
  }
}

/** The instant tests pin "now" to unless they say otherwise: during the 2023 KubeSphere application window. */
export const TEST_NOW = new Date('2023-08-15T12:00:00Z')

/** Deps around a test database: silent logger, pinned clock, page cache off. */
export function testDeps(database: Database, now: Date = TEST_NOW): AppDeps & { setNow(d: Date): void } {
  let current = now
  const config = loadConfig({ PAGE_CACHE_SECONDS: '0', BASE_URL: 'http://embassy.test', SECRET_KEY: 'test-secret-key-for-database-tests-0123456789' })
  const deps = buildDeps(config, database, pino({ level: 'silent' }), () => current)
  return Object.assign(deps, { setNow: (d: Date) => void (current = d) })
}

/**
 * Declares the same suite once per engine; each gets a fresh database for the file.
 * `fn` receives a getter because the database is opened in beforeAll.
 */
export function describeDb(name: string, fn: (ctx: () => AppDeps & { setNow(d: Date): void; engine: Engine }) => void) {
  for (const engine of engines) {
    describe(`${name} [${engine}]`, () => {
      let deps: (AppDeps & { setNow(d: Date): void; engine: Engine }) | undefined
      let drop: (() => Promise<void>) | undefined
      beforeAll(async () => {
        const opened = await openTestDatabase(engine)
        drop = opened.drop
        deps = Object.assign(testDeps(opened.database), { engine })
      })
      afterAll(async () => {
        await drop?.()
      })
      fn(() => {
        if (!deps) throw new Error('database not open yet')
        return deps
      })
    })
  }
}
