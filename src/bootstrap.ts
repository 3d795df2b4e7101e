import type { Logger } from 'pino'
import type { Config } from './config.ts'
import type { Database } from './db/client.ts'
import type { AppDeps } from './deps.ts'
import { PageCache } from './ui/page-cache.ts'
import { resolveSecretKey } from './lib/secrets.ts'
import { smtpTransport } from './features/communications/transport.ts'

/** Assembles the dependencies the app and commands share. */
export function buildDeps(config: Config, database: Database, logger: Logger, clock: () => Date = () => new Date()): AppDeps {
  return {
    config,
    database,
    db: database.db,
    logger,
    clock,
    pageCache: new PageCache(config.pageCacheSeconds),
    secretKey: resolveSecretKey(config),
    mailTransport: config.smtpUrl ? smtpTransport(config.smtpUrl) : undefined,
  }
}
