import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { sql } from 'drizzle-orm'
import type { Config } from './config.ts'
import { createApp } from './app.tsx'
import { buildDeps } from './bootstrap.ts'
import { openDatabase } from './db/open.ts'
import { seedDemo } from './db/seed/demo.ts'
import { issueDemoCredentials } from './db/seed/demo-credentials.ts'
import { startControlServer } from './control/server.ts'
import { createLogger } from './lib/log.ts'
import { resolveSecretKey } from './lib/secrets.ts'
import type { AppDeps } from './deps.ts'
import { deliverDueMessages } from './features/communications/queue-email.ts'
import { startJobWorker } from './jobs/run-jobs.ts'
import { listenForClears } from './ui/page-cache-sync.ts'
import { scheduleRetention } from './features/privacy/apply-retention.ts'
import { scheduleTermReminders } from './features/community/reminders/jobs.ts'
import { scheduleLinkCheck } from './features/community/link-check/jobs.ts'

/** A running Embassy server. */
export interface RunningServer {
  url: string
  deps: AppDeps
  /** Stops accepting, lets requests in flight finish (up to the shutdown timeout), closes the database. */
  close(): Promise<void>
}

/** Reads config → opens and migrates the database → seeds an empty embedded database → serves. */
export async function startServer(config: Config): Promise<RunningServer> {
  const logger = createLogger(config.logLevel)
  resolveSecretKey(config) // fails before anything is opened when the key is missing
  const opened = await openDatabase(config, { kind: 'server', url: config.baseUrl })
  const deps = buildDeps(config, opened.database, logger)
  let control: Awaited<ReturnType<typeof startControlServer>> | undefined
  let server: ServerType | undefined
  try {
    if (opened.database.engine === 'pglite' && config.seedDemoOnEmpty) {
      const result = await deps.db.execute(sql`select exists(select 1 from communities) as any`)
      if (!(result as unknown as { rows: { any: boolean }[] }).rows[0]?.any) {
        const report = await seedDemo(deps.db)
        const issued = await issueDemoCredentials(deps)
        logger.info({ created: report.created, credentials: issued }, 'empty embedded database: demo programs loaded')
      }
    }
    const app = createApp(deps)
    server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s))
      s.once('error', reject)
    })
    if (opened.lock) {
      control = await startControlServer(deps)
      opened.lock.update({ controlSocket: control.path })
    }
  } catch (err) {
    server?.close()
    await opened.close()
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${config.port} on ${config.host} is already in use; set PORT to a free port`)
    }
    throw err
  }
  // Mail that could not be delivered at once is retried here, with backoff, until it goes or gives up.
  const mailWorker = deps.mailTransport
    ? setInterval(() => void deliverDueMessages(deps).catch((err) => logger.warn({ err }, 'mail worker failed')), 15_000)
    : undefined
  mailWorker?.unref()
  // Durable jobs (announcements, issuance, imports): every process polls; SKIP LOCKED gives each job to one.
  const jobWorker = config.jobsPollMs > 0 ? startJobWorker(deps, config.jobsPollMs) : undefined
  if (jobWorker) await scheduleRetention(deps, deps.clock()).catch((err) => logger.warn({ err }, 'could not schedule the retention job'))
  if (jobWorker) await scheduleTermReminders(deps, deps.clock()).catch((err) => logger.warn({ err }, 'could not schedule the term reminders job'))
  if (jobWorker) await scheduleLinkCheck(deps, deps.clock()).catch((err) => logger.warn({ err }, 'could not schedule the link check job'))
  // Other processes' writes clear this one's cached pages (PostgreSQL LISTEN on a connection of its own).
  const cacheListener = config.databaseUrl && config.pageCacheSeconds > 0 ? await listenForClears(config.databaseUrl, deps.pageCache, logger) : undefined
  const address = server.address() as AddressInfo
  const url = config.baseUrl
  logger.info({ port: address.port, engine: opened.database.engine, url }, 'listening')

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      const timer = setTimeout(() => {
        logger.error('shutdown timed out; closing remaining connections')
        ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
      }, config.shutdownTimeoutSeconds * 1000)
      await new Promise<void>((resolve) => {
        server!.close(() => resolve())
        ;(server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.()
      })
      clearTimeout(timer)
      clearInterval(mailWorker)
      await jobWorker?.stop()
      await cacheListener?.close()
      deps.mailTransport?.close()
      await control?.close()
      await opened.close()
      logger.info('stopped')
      logger.flush()
    })())
  return { url, deps, close }
}
