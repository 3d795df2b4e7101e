import { sql } from 'drizzle-orm'
import type { AppDeps } from '../../../deps.ts'
import { queryRows } from '../../../db/rows.ts'
import { mapBounded } from '../../../lib/bounded.ts'
import { safeFetch, SafeFetchError, type SafeFetchOptions } from '../../../lib/safe-fetch.ts'
import { activityLinkChecks, type LinkStatus } from './schema.ts'

/** How a link check behaves. */
export interface LinkCheckOptions {
  /** Only this program's activities (default: every program). */
  programId?: string
  /** Links checked in one run at most, least recently checked first (default 200; the next run continues). */
  limit?: number
  /** Requests in flight at once (default 4). */
  concurrency?: number
  /** Deadline of one check, redirects included (default 5 s). */
  timeoutMs?: number
  /** A link checked more recently than this is not checked again (default 7 days). */
  recheckAfterMs?: number
  /** Passed to safeFetch (tests reach a loopback server with allowPrivate). */
  fetch?: Pick<SafeFetchOptions, 'allowPrivate' | 'allowAddresses' | 'resolve'>
}

/** What one check found. */
export interface LinkCheckResult {
  status: LinkStatus
  httpStatus: number | null
  detail: string | null
}

/** Bodies are not needed: a page larger than this still proves the link answers. */
const MAX_BYTES = 256_000

/**
 * Checks one link through the SSRF guard (safeFetch: public addresses only, bounded redirects and size):
 * 2xx/3xx after redirects is ok, any other status is broken, no answer is unreachable.
 */
export async function checkLink(url: string, options: Pick<LinkCheckOptions, 'timeoutMs' | 'fetch'> = {}): Promise<LinkCheckResult> {
  try {
    const res = await safeFetch(url, { ...options.fetch, timeoutMs: options.timeoutMs ?? 5_000, maxBytes: MAX_BYTES, accept: 'text/html,*/*;q=0.8' })
    return { status: res.status < 400 ? 'ok' : 'broken', httpStatus: res.status, detail: null }
  } catch (err) {
    if (err instanceof SafeFetchError && err.code === 'too_large') return { status: 'ok', httpStatus: null, detail: null }
    const detail = err instanceof Error ? err.message.slice(0, 300) : String(err)
    return { status: 'unreachable', httpStatus: null, detail }
  }
}

/**
 * Checks the links of logged activities never checked or not checked for a while, least recently checked
 * first, with bounded concurrency, and records each result (status, HTTP status, when). Safe to run again:
 * a result replaces the previous one.
 */
export async function checkActivityLinks(deps: Pick<AppDeps, 'db' | 'clock'>, options: LinkCheckOptions = {}): Promise<{ checked: number; broken: number; unreachable: number }> {
  const program = options.programId ?? null
  const staleBefore = new Date(deps.clock().getTime() - (options.recheckAfterMs ?? 7 * 86_400_000))
  const due = await queryRows<{ id: string; url: string }>(
    deps.db,
    sql`select a.id, a.url from activities a left join activity_link_checks k on k.activity_id = a.id
         where (${program}::uuid is null or a.program_id = ${program}::uuid) and (k.checked_at is null or k.checked_at < ${staleBefore})
         order by k.checked_at asc nulls first, a.id limit ${options.limit ?? 200}`,
  )
  const counts = { checked: 0, broken: 0, unreachable: 0 }
  await mapBounded(due, options.concurrency ?? 4, async ({ id, url }) => {
    const result = await checkLink(url, options)
    const row = { activityId: id, ...result, checkedAt: deps.clock() }
    await deps.db
      .insert(activityLinkChecks)
      .values(row)
      .onConflictDoUpdate({ target: activityLinkChecks.activityId, set: { status: row.status, httpStatus: row.httpStatus, detail: row.detail, checkedAt: row.checkedAt } })
    counts.checked++
    if (result.status === 'broken') counts.broken++
    if (result.status === 'unreachable') counts.unreachable++
  })
  return counts
}
