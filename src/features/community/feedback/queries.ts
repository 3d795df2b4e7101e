import { sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'

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

/** How many items the feedback view lists. */
export const FEEDBACK_PAGE_SIZE = 100

/** Unmerged feedback items of a program, most-raised first (optionally all of them, for exports). One query. */
export async function listFeedback(db: Db, options: { programId: string; limit?: number | null }): Promise<FeedbackListing[]> {
  const limit = options.limit === null ? null : (options.limit ?? FEEDBACK_PAGE_SIZE)
  const result = await db.execute(sql`
    with votes as (
      select v.feedback_id, count(*)::int as n from feedback_votes v join feedback_items f on f.id = v.feedback_id where f.program_id = ${options.programId} group by 1
    ), merged as (
      select merged_into_id, count(*)::int as n from feedback_items where program_id = ${options.programId} and merged_into_id is not null group by 1
    )
    select f.id::text as id, f.text, f.product_area, f.kind, g.name as group_name, g.region, to_char(f.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at, f.issue_url,
           coalesce(votes.n, 0) as votes, coalesce(merged.n, 0) as merged
      from feedback_items f join user_groups g on g.id = f.group_id
      left join votes on votes.feedback_id = f.id left join merged on merged.merged_into_id = f.id
     where f.program_id = ${options.programId} and f.merged_into_id is null
     order by coalesce(votes.n, 0) desc, f.created_at desc, f.id
     ${limit === null ? sql`` : sql`limit ${limit}`}`)
  return rowsOf(result).map((r) => ({
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
  }))
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
