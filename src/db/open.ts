import path from 'node:path'
import type { Config } from '../config.ts'
import { redactDatabaseUrl } from '../config.ts'
import { openPglite, openPostgres, type Database } from './client.ts'
import { acquireDataDirLock, type DataDirLock, type LockHolder } from './embedded-lock.ts'
import { migrateEmbedded, migratePostgres } from './migrate.ts'
import { releaseClaimsOfDeadProcesses } from '../jobs/queue.ts'

/** Raised when the database cannot be opened; its message is one line meant for the operator. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError'
}

/** An opened, migrated database and, on the embedded engine, the lock this process holds. */
export interface OpenedDatabase {
  database: Database
  lock: DataDirLock | undefined
  close(): Promise<void>
}

/** Folder of the PGlite files inside DATA_DIR. */
export const pgliteDir = (dataDir: string) => path.join(dataDir, 'pglite')

/**
 * Opens the configured database and applies pending migrations: PostgreSQL when DATABASE_URL is set,
 * otherwise embedded PGlite under DATA_DIR, held with a lock so no second process can open it.
 */
export async function openDatabase(config: Config, holder: Omit<LockHolder, 'pid' | 'startedAt'>): Promise<OpenedDatabase> {
  if (config.databaseUrl) {
    let database
    try {
      database = await openPostgres(config.databaseUrl)
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message
      throw new DatabaseUnavailableError(`cannot reach the database at ${redactDatabaseUrl(config.databaseUrl)} (${reason})`)
    }
    try {
      await migratePostgres(database.pool)
    } catch (err) {
      await database.close()
      throw err
    }
    return { database, lock: undefined, close: () => database.close() }
  }
  const lock = acquireDataDirLock(config.dataDir, holder)
  try {
    const database = await openPglite({ dir: pgliteDir(config.dataDir) })
    await migrateEmbedded(database.client)
    // This process alone holds the data directory: a job still running was claimed by one that was killed.
    await releaseClaimsOfDeadProcesses(database.db)
    return {
      database,
      lock,
      close: async () => {
        await database.close()
        lock.release()
      },
    }
  } catch (err) {
    lock.release()
    throw err
  }
}
