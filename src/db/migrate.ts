import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'

/** The committed SQL migrations (drizzle/), shared by both engines. */
export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle')

/** An arbitrary but fixed advisory-lock key: only one process migrates a PostgreSQL database at a time. */
const MIGRATION_LOCK_KEY = 7_004_311

/** Applies pending migrations to an embedded database (the lock file already makes this process the only writer). */
export async function migrateEmbedded(client: PGlite): Promise<void> {
  // Loaded on use, as in client.ts: the PGlite driver is memory a process on PostgreSQL never needs.
  const [{ drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([import('drizzle-orm/pglite'), import('drizzle-orm/pglite/migrator')])
  await migratePglite(drizzlePglite({ client }), { migrationsFolder })
}

/** Applies pending migrations to a PostgreSQL database under an advisory lock, on one dedicated connection. */
export async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
    try {
      await migratePg(drizzlePg({ client }), { migrationsFolder })
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
    }
  } finally {
    client.release()
  }
}
