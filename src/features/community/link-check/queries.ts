import { sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { queryRows } from '../../../db/rows.ts'
import type { LinkStatus } from './schema.ts'

/** A logged activity's link with its last check (status null: not checked yet). */
export interface CheckedLink {
  activityId: string
  title: string
  url: string
  day: string
  personName: string
  status: LinkStatus | null
  httpStatus: number | null
  detail: string | null
  checkedAt: Date | null
}

/** How many links the page lists at most (broken and unreachable first). */
export const LINKS_SHOWN = 200

/**
 * A program's activity links for managers: broken and unreachable first (most recently checked first), then
 * the unchecked, then the working ones; with the count per status. One query.
 */
export async function listCheckedLinks(db: Db, programId: string): Promise<{ links: CheckedLink[]; counts: Record<LinkStatus | 'unchecked', number> }> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select a.id as activity_id, a.title, a.url, a.occurred_on::text as day, p.display_name as person_name,
               k.status, k.http_status, k.detail, k.checked_at,
               count(*) filter (where k.status = 'ok') over () as n_ok,
               count(*) filter (where k.status = 'broken') over () as n_broken,
               count(*) filter (where k.status = 'unreachable') over () as n_unreachable,
               count(*) filter (where k.status is null) over () as n_unchecked
          from activities a
          join people p on p.id = a.person_id
          left join activity_link_checks k on k.activity_id = a.id
         where a.program_id = ${programId}
         order by case when k.status = 'broken' then 0 when k.status = 'unreachable' then 1 when k.status is null then 2 else 3 end, k.checked_at desc nulls last, a.occurred_on desc, a.id
         limit ${LINKS_SHOWN}`,
  )
  const first = rows[0]
  const counts = { ok: Number(first?.n_ok ?? 0), broken: Number(first?.n_broken ?? 0), unreachable: Number(first?.n_unreachable ?? 0), unchecked: Number(first?.n_unchecked ?? 0) }
  const links = rows.map(
    (r): CheckedLink => ({
      activityId: String(r.activity_id),
      title: String(r.title),
      url: String(r.url),
      day: String(r.day),
      personName: String(r.person_name),
      status: (r.status as LinkStatus | null) ?? null,
      httpStatus: r.http_status === null || r.http_status === undefined ? null : Number(r.http_status),
      detail: (r.detail as string | null) ?? null,
      checkedAt: r.checked_at ? new Date(r.checked_at as string) : null,
    }),
  )
  return { links, counts }
}
