import type { Logger } from 'pino'
import type { Config } from './config.ts'
import type { Database, Db } from './db/client.ts'
import type { PageCache } from './ui/page-cache.ts'
import type { MailTransport } from './features/communications/transport.ts'

/** What the app, its routes and CLI commands are given; tests build the same thing around a test database. */
export interface AppDeps {
  config: Config
  database: Database
  db: Db
  logger: Logger
  /** The current instant; tests pin it to place the calendar. */
  clock: () => Date
  pageCache: PageCache
  /** The deployment's secret (SECRET_KEY, or generated under DATA_DIR on the embedded engine). */
  secretKey: string
  /** Where outgoing mail goes; undefined when no SMTP server is configured (mail stays in the outbox). */
  mailTransport: MailTransport | undefined
}
