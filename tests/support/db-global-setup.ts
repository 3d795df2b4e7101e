import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { openPglite } from '../../src/db/client.ts'
import { migrateEmbedded, migratePostgres } from '../../src/db/migrate.ts'

/** The PostgreSQL server the database tests use (each run works in databases of its own). */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteGoldenDump: string
    postgresGolden: string
    postgresRunPrefix: string
  }
}

/**
 * Migrates one golden database per engine per run: a PGlite dump that each test file loads, and a PostgreSQL
 * database that each test file copies as a template. Tests never migrate for themselves.
 */
export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-golden-'))

  const lite = await openPglite()
  await migrateEmbedded(lite.client)
  const dump = await lite.client.dumpDataDir('none')
  const dumpPath = path.join(dir, 'golden.tar')
  fs.writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()))
  await lite.close()

  const prefix = `embassy_t_${runId}`
  const golden = `${prefix}_golden`
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL })
  try {
    await admin.connect()
  } catch (err) {
    throw new Error(`The database tests need the PostgreSQL server at ${TEST_POSTGRES_URL} (${(err as Error).message}).`)
  }
  await admin.query(`create database "${golden}"`)
  const goldenUrl = new URL(TEST_POSTGRES_URL)
  goldenUrl.pathname = `/${golden}`
  const pool = new pg.Pool({ connectionString: goldenUrl.toString(), max: 1 })
  await migratePostgres(pool)
  await pool.end()

  project.provide('pgliteGoldenDump', dumpPath)
  project.provide('postgresGolden', golden)
  project.provide('postgresRunPrefix', prefix)

  return async () => {
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${prefix}%`])
    for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`)
    await admin.end()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
