import type { Logger } from 'pino'
import type { Config } from './config.ts'
import type { Database, Db } from './db/client.ts'
import type { PageCache } from './ui/page-cache.ts'

/** What the app, its routes and CLI commands are given; tests build the same thing around a test database. */
export interface AppDeps {
  config: Config
  database: Database
  db: Db
  logger: Logger
  /** The current instant; tests pin it to place the calendar. */
  clock: () => Date
  pageCache: PageCache
}
