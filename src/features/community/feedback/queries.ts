import { sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { cachedByFeedbackVersion } from './version.ts'

/** A feedback item as the aggregated view lists it. */
export interface FeedbackListing {
  id: string
  text: string
  productArea: string
  kind: string
  groupName: string
  region: string
  createdAt: string
  issueUrl: string | null
  /** Other groups that raised the same point (votes and merged duplicates). */
  votes: number
  merged: number
}

function rowsOf(result: unknown): Record<string, unknown>[] {
  return (result as { rows: Record<string, unknown>[] }).rows
}

/** How many items a page of the feedback view lists. */
export const FEEDBACK_PAGE_SIZE = 50

const listingColumns = sql`f.id::text as id, f.text, f.product_area, f.kind, g.name as group_name, g.region,
  to_char(f.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at, f.issue_url, f.vote_count as votes, f.merged_count as merged`

function listingOf(r: Record<string, unknown>): FeedbackListing {
  return {
    id: String(r.id),
    text: String(r.text),
    productArea: String(r.product_area),
    kind: String(r.kind),
    groupName: String(r.group_name),
    region: String(r.region),
    createdAt: String(r.created_at),
    issueUrl: (r.issue_url as string | null) ?? null,
    votes: Number(r.votes),
    merged: Number(r.merged),
  }
}

/** Every unmerged feedback item of a program, most-raised first (for exports; the page lists pageFeedback). One query. */
export async function listFeedback(db: Db, options: { programId: string; limit?: number | null }): Promise<FeedbackListing[]> {
  const limit = options.limit ?? null
  const result = await db.execute(sql`
    select ${listingColumns}
      from feedback_items f join user_groups g on g.id = f.group_id
     where f.program_id = ${options.programId} and f.merged_into_id is null
     order by f.vote_count desc, f.created_at desc, f.id
     ${limit === null ? sql`` : sql`limit ${limit}`}`)
  return rowsOf(result).map(listingOf)
}

/** A page of the feedback list and the cursors the pages after and before it continue from. */
export interface FeedbackPage {
  items: FeedbackListing[]
  next?: string
  prev?: string
}

/** A position in the list's order: votes, creation instant (to the microsecond, UTC) and id of an item. */
const CURSOR = /^(\d{1,9})_(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i

function parseCursor(raw: string | undefined) {
  const m = raw ? CURSOR.exec(raw) : null
  return m ? { votes: Number(m[1]), at: m[2]!, id: m[3]!.toLowerCase() } : null
}

/**
 * A page of a program's unmerged feedback, most-raised first (votes, then newest, then id): keyset pagination
 * from the cursor `after` (the page following that item) or `before` (the page preceding it), read in the order
 * of the feedback_program_rank index, so a page costs about the same with 50 items or 50,000. A malformed
 * cursor gives the first page. One query.
 */
export async function pageFeedback(db: Db, options: { programId: string; after?: string; before?: string }): Promise<FeedbackPage> {
  const after = parseCursor(options.after)
  const before = after ? null : parseCursor(options.before)
  const c = after ?? before
  const backwards = Boolean(before)
  const keyset =
    c === null
      ? sql``
      : backwards
        ? sql`and f.vote_count >= ${c.votes} and (f.vote_count > ${c.votes} or f.created_at > ${c.at}::timestamptz or (f.created_at = ${c.at}::timestamptz and f.id < ${c.id}::uuid))`
        : sql`and f.vote_count <= ${c.votes} and (f.vote_count < ${c.votes} or f.created_at < ${c.at}::timestamptz or (f.created_at = ${c.at}::timestamptz and f.id > ${c.id}::uuid))`
  // NULLS FIRST/LAST as in the index (drizzle writes DESC NULLS LAST), or the planner cannot read it in order.
  const order = backwards ? sql`f.vote_count asc nulls first, f.created_at asc nulls first, f.id desc` : sql`f.vote_count desc nulls last, f.created_at desc nulls last, f.id asc`
  // The page is chosen on the bare table (index order, nothing computed per skipped row), then joined and formatted.
  const result = await db.execute(sql`
    select ${listingColumns}, f.vote_count::text || '_' || to_char(f.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '_' || f.id::text as cursor
      from (select * from feedback_items f
             where f.program_id = ${options.programId} and f.merged_into_id is null ${keyset}
             order by ${order} limit ${FEEDBACK_PAGE_SIZE + 1}) f
      join user_groups g on g.id = f.group_id
     order by ${order}`)
  const rows = rowsOf(result)
  const more = rows.length > FEEDBACK_PAGE_SIZE
  const page = rows.slice(0, FEEDBACK_PAGE_SIZE)
  if (backwards) page.reverse()
  const cursorOf = (r: Record<string, unknown> | undefined) => (r ? String(r.cursor) : undefined)
  return {
    items: page.map(listingOf),
    next: backwards || more ? cursorOf(page.at(-1)) : undefined,
    prev: backwards ? (more ? cursorOf(page[0]) : undefined) : c ? cursorOf(page[0]) : undefined,
  }
}

/** A theme (product area and kind) with how many groups raised it, overall, by region and by month. */
export interface FeedbackThemes {
  top: { productArea: string; kind: string; weight: number }[]
  byRegion: { productArea: string; region: string; weight: number }[]
  byMonth: { productArea: string; month: string; weight: number }[]
}

/**
 * Themes weighted by the groups that raised them: each group counts once per point (its item, a merged duplicate
 * or a vote), in the group's region and the month it first raised it. One query for all three views.
 */
export async function feedbackThemes(db: Db, programId: string, topN = 10): Promise<FeedbackThemes> {
  const result = await db.execute(sql`
    with raisings as (
      select coalesce(f.merged_into_id, f.id) as item, f.group_id, f.created_at from feedback_items f where f.program_id = ${programId}
      union all
      select v.feedback_id, v.group_id, v.created_at from feedback_votes v join feedback_items f on f.id = v.feedback_id where f.program_id = ${programId}
    ), raised as (
      -- A merge turns a duplicate's group into a vote: count each group once per point, when it first raised it.
      select item, group_id, min(created_at) as created_at from raisings group by item, group_id
    ), weighted as (
      select i.product_area, i.kind, g.region, to_char(r.created_at at time zone 'UTC', 'YYYY-MM') as month
        from raised r join feedback_items i on i.id = r.item join user_groups g on g.id = r.group_id
    )
    select 'top' as view, product_area, kind as key, count(*)::int as weight from weighted group by product_area, kind
    union all
    select 'region', product_area, region, count(*)::int from weighted group by product_area, region
    union all
    select 'month', product_area, month, count(*)::int from weighted group by product_area, month`)
  const rows = rowsOf(result)
  const top = rows
    .filter((r) => r.view === 'top')
    .map((r) => ({ productArea: String(r.product_area), kind: String(r.key), weight: Number(r.weight) }))
    .sort((a, b) => b.weight - a.weight || a.productArea.localeCompare(b.productArea) || a.kind.localeCompare(b.kind))
    .slice(0, topN)
  const areas = new Set(top.map((t) => t.productArea))
  return {
    top,
    byRegion: rows.filter((r) => r.view === 'region' && areas.has(String(r.product_area))).map((r) => ({ productArea: String(r.product_area), region: String(r.key), weight: Number(r.weight) })),
    byMonth: rows
      .filter((r) => r.view === 'month' && areas.has(String(r.product_area)))
      .map((r) => ({ productArea: String(r.product_area), month: String(r.key), weight: Number(r.weight) }))
      .sort((a, b) => a.month.localeCompare(b.month)),
  }
}

/** feedbackThemes, computed once per feedback version (a version read, plus the aggregate after a feedback write). */
export function cachedFeedbackThemes(db: Db, programId: string): Promise<FeedbackThemes> {
  return cachedByFeedbackVersion(db, 'themes', programId, () => feedbackThemes(db, programId))
}
