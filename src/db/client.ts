import type { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type { Logger as DrizzleLogger } from 'drizzle-orm'
import pg from 'pg'
import * as schema from './schema.ts'

/** The typed database handle every query and use-case receives, whichever engine is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>

/** Which engine a Database runs on. */
export type Engine = 'pglite' | 'postgres'

/** An open database: the Drizzle handle plus what is needed to check and close it. */
export interface Database {
  db: Db
  engine: Engine
  /** Throws when the database does not answer. */
  ping(): Promise<void>
  close(): Promise<void>
  /** Number of SQL statements sent through `db` since open (query-count tests read it). */
  readonly queryCount: number
}

class CountingLogger implements DrizzleLogger {
  count = 0
  logQuery(): void {
    this.count++
  }
}

/** Opens embedded PGlite stored in `dir` (or in memory when dir is undefined, or from a dump). */
export async function openPglite(options: { dir?: string; loadDataDir?: Blob | File } = {}): Promise<Database & { client: PGlite }> {
  // Loaded here, not at the top: PGlite and its driver cost a process about 60 MB of memory, which a server or
  // an import on PostgreSQL never needs.
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')])
  const client = await PGlite.create({ dataDir: options.dir, loadDataDir: options.loadDataDir })
  const logger = new CountingLogger()
  const db = drizzlePglite({ client, schema, logger }) as unknown as Db
  return {
    db,
    client,
    engine: 'pglite',
    ping: async () => {
      await client.query('select 1')
    },
    close: async () => {
      if (!client.closed) await client.close()
    },
    get queryCount() {
      return logger.count
    },
  }
}

/** Opens a pool to a PostgreSQL server; fails fast when the server cannot be reached. */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Database & { pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 5000 })
  // An idle client erroring (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  const probe = await pool.connect()
  probe.release()
  const logger = new CountingLogger()
  const db = drizzlePg({ client: pool, schema, logger }) as unknown as Db
  return {
    db,
    pool,
    engine: 'postgres',
    ping: async () => {
      await pool.query('select 1')
    },
    close: async () => {
      await pool.end()
    },
    get queryCount() {
      return logger.count
    },
  }
}
