import type { Logger } from 'pino'
import type { Config } from './config.ts'
import type { Database } from './db/client.ts'
import type { AppDeps } from './deps.ts'
import { PageCache } from './ui/page-cache.ts'
import { broadcastClears } from './ui/page-cache-sync.ts'
import { resolveSecretKey } from './lib/secrets.ts'
import { smtpTransport } from './features/communications/transport.ts'

/** Assembles the dependencies the app and commands share. */
export function buildDeps(config: Config, database: Database, logger: Logger, clock: () => Date = () => new Date()): AppDeps {
  const pageCache = new PageCache(config.pageCacheSeconds)
  // Several processes share PostgreSQL: a write in one clears the cached pages of all (see page-cache-sync.ts).
  if (database.engine === 'postgres') broadcastClears(pageCache, database.db, logger)
  return {
    config,
    database,
    db: database.db,
    logger,
    clock,
    pageCache,
    secretKey: resolveSecretKey(config),
    mailTransport: config.smtpUrl ? smtpTransport(config.smtpUrl) : undefined,
  }
}
