import pg from 'pg'
import { sql } from 'drizzle-orm'
import type { Logger } from 'pino'
import type { Db } from '../db/client.ts'
import type { PageCache } from './page-cache.ts'

/** The PostgreSQL notification channel on which processes announce that public content changed. */
const CHANNEL = 'embassy_page_cache'

/** Milliseconds between attempts to listen again after the listening connection was lost. */
const RETRY_MS = 5000

/**
 * Makes the cache's clear() tell every process on the database: a NOTIFY, which PostgreSQL delivers to the
 * listeners once the sending statement commits. A failed notice is logged; the others then see the change
 * within their cache's lifetime, as without this.
 */
export function broadcastClears(cache: PageCache, db: Db, logger: Logger): void {
  cache.onClear = () =>
    void db.execute(sql`select pg_notify(${CHANNEL}, '')`).catch((err) => logger.warn({ err: (err as Error).message }, 'could not tell the other processes to clear their page cache'))
}

/**
 * Listens on a connection of its own for other processes' clears and forgets this process's pages on each.
 * A lost connection is retried every few seconds, forgetting the pages each time (a notice may have been
 * missed); until it is back, pages expire with their lifetime.
 */
export async function listenForClears(url: string, cache: PageCache, logger: Logger): Promise<{ close(): Promise<void> }> {
  let closed = false
  let client: pg.Client | undefined
  let retry: NodeJS.Timeout | undefined
  const retryLater = () => {
    if (closed || retry) return
    retry = setTimeout(() => {
      retry = undefined
      void connect()
    }, RETRY_MS)
    retry.unref()
  }
  const connect = async () => {
    const c = new pg.Client({ connectionString: url })
    c.on('notification', () => cache.forget())
    c.on('error', (err) => logger.warn({ err: err.message }, 'the page cache listener lost its database connection; listening again soon'))
    c.on('end', () => {
      if (client === c) client = undefined
      cache.forget()
      retryLater()
    })
    try {
      await c.connect()
      await c.query(`listen ${CHANNEL}`)
      client = c
      cache.forget()
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'the page cache listener could not listen; trying again soon')
      await c.end().catch(() => {})
      retryLater()
    }
  }
  await connect()
  return {
    async close() {
      closed = true
      clearTimeout(retry)
      await client?.end()
    },
  }
}
