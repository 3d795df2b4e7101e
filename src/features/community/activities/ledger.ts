import { sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'

/** One line of the activity ledger: logged by hand, or imported (commits, pull requests, feed items). */
export interface LedgerEntry {
  source: 'logged' | 'imported'
  id: string
  /** An activity type, or a contribution kind for imported lines. */
  type: string
  title: string
  day: string
  url: string | null
  region: string | null
  groupName: string | null
  audienceSize: number | null
  confirmed: boolean
  personName: string
  personHandle: string
}

/** How many ledger lines a page shows. */
export const LEDGER_PAGE_SIZE = 50

/**
 * The ledger of a program (or of one person in it), newest first: logged activities UNION imported
 * contributions of the program's members during their terms. Imported lines are read from the contribution
 * store, never copied, so an import shows up at once and nobody types twice. One query.
 */
export async function listLedger(db: Db, options: { programId: string; personId?: string; page?: number }): Promise<{ entries: LedgerEntry[]; hasMore: boolean }> {
  const page = Math.max(1, options.page ?? 1)
  const person = options.personId ?? null
  const result = await db.execute(sql`
    select * from (
      select 'logged' as source, a.id::text as id, a.type, a.title, a.occurred_on::text as day, a.url, a.region,
             g.name as group_name, a.audience_size, a.confirmed_at is not null as confirmed, p.display_name as person_name, p.handle as person_handle
        from activities a
        join people p on p.id = a.person_id
        left join user_groups g on g.id = a.group_id
       where a.program_id = ${options.programId} and (${person}::uuid is null or a.person_id = ${person}::uuid)
      union all
      select 'imported', c.id::text, c.kind, coalesce(c.title, c.repository, c.kind), (c.occurred_at at time zone 'UTC')::date::text, c.url, null,
             null, null, true, p.display_name, p.handle
        from contributions c
        join contributor_identities ci on ci.id = c.identity_id
        join people p on p.id = ci.person_id
       where (${person}::uuid is null or ci.person_id = ${person}::uuid)
         and not c.is_merge
         and exists (select 1 from memberships m join cohorts co on co.id = m.cohort_id
                      where m.person_id = ci.person_id and co.program_id = ${options.programId}
                        and c.occurred_at >= m.term_start and c.occurred_at < m.term_end)
    ) ledger
    order by day desc, source, id
    limit ${LEDGER_PAGE_SIZE + 1} offset ${(page - 1) * LEDGER_PAGE_SIZE}`)
  const rows = (result as unknown as { rows: Record<string, unknown>[] }).rows
  const entries = rows.slice(0, LEDGER_PAGE_SIZE).map(
    (r): LedgerEntry => ({
      source: r.source as LedgerEntry['source'],
      id: String(r.id),
      type: String(r.type),
      title: String(r.title),
      day: String(r.day),
      url: (r.url as string | null) ?? null,
      region: (r.region as string | null) ?? null,
      groupName: (r.group_name as string | null) ?? null,
      audienceSize: r.audience_size === null || r.audience_size === undefined ? null : Number(r.audience_size),
      confirmed: Boolean(r.confirmed),
      personName: String(r.person_name),
      personHandle: String(r.person_handle),
    }),
  )
  return { entries, hasMore: rows.length > LEDGER_PAGE_SIZE }
}
