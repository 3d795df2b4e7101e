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

/** A position in the ledger's order (day descending, then source, then id): the line a page continues from. */
export interface LedgerCursor {
  day: string
  source: 'logged' | 'imported'
  id: string
}

/** "2025-08-01.logged.<id>" for a link. */
export function formatLedgerCursor(c: LedgerCursor): string {
  return `${c.day}.${c.source}.${c.id}`
}

/** A cursor from a link, or undefined when it is absent or malformed (the first page then). */
export function parseLedgerCursor(raw: string | undefined): LedgerCursor | undefined {
  const m = raw ? /^(\d{4}-\d{2}-\d{2})\.(logged|imported)\.([0-9a-f-]{1,36})$/i.exec(raw) : null
  if (!m || Number.isNaN(Date.parse(m[1]!))) return undefined
  return { day: m[1]!, source: m[2] as LedgerCursor['source'], id: m[3]!.toLowerCase() }
}

/**
 * The id of an imported line: the MD5 of the contribution's natural key (kind, repository, external id; the
 * table has no surrogate id, decision 22), 32 hex digits, stable across re-imports and fit for a cursor. It is
 * contributions.key (decision 24, stored by the store since decision 25) without its dashes, the form the
 * cursor always had.
 */
const importedId = sql`replace(c.key::text, '-', '')`

/** A page of the ledger and the cursors of the pages after and before it (when there are such lines). */
export interface LedgerPage {
  entries: LedgerEntry[]
  next?: LedgerCursor
  prev?: LedgerCursor
}

/**
 * A page of the ledger of a program (or of one person in it), newest first: logged activities UNION imported
 * contributions of the program's members during their terms. Imported lines are read from the contribution
 * store, never copied, so an import shows up at once and nobody types twice. Keyset pagination: `after` gives
 * the page following that line, `before` the page preceding it; each branch reads at most a page and one line
 * in index order (activities_program_ledger), whatever the ledger's length. One query.
 */
export async function listLedger(db: Db, options: { programId: string; personId?: string; after?: LedgerCursor; before?: LedgerCursor }): Promise<LedgerPage> {
  const person = options.personId ?? null
  const backwards = !options.after && Boolean(options.before)
  const cursor = options.after ?? options.before ?? null
  const limit = LEDGER_PAGE_SIZE + 1
  // Forwards: lines after the cursor in (day desc, source, id) order; backwards: before it, read in reverse.
  const cmp = backwards ? sql`>` : sql`<`
  const idCmp = backwards ? sql`<` : sql`>`
  // NULLS FIRST/LAST as in activities_program_ledger (DESC NULLS LAST), so the page is read in index order.
  const dayOrder = backwards ? sql`asc nulls first` : sql`desc nulls last`
  const idOrder = backwards ? sql`desc` : sql`asc`
  const keyset = (day: ReturnType<typeof sql>, source: string, id: ReturnType<typeof sql>) =>
    cursor === null
      ? sql`true`
      : sql`${day} ${backwards ? sql`>=` : sql`<=`} ${cursor.day}::date
            and (${day} ${cmp} ${cursor.day}::date or ${source} ${idCmp} ${cursor.source}::text or (${source} = ${cursor.source}::text and ${id} ${idCmp} ${cursor.id}::text))`
  const result = await db.execute(sql`
    select source, id, type, title, day::text as day, url, region, group_name, audience_size, confirmed, person_name, person_handle from (
      (select 'logged' as source, a.id::text as id, a.type, a.title, a.occurred_on as day, a.url, a.region,
              g.name as group_name, a.audience_size, a.confirmed_at is not null as confirmed, p.display_name as person_name, p.handle as person_handle
         from activities a
         join people p on p.id = a.person_id
         left join user_groups g on g.id = a.group_id
        where a.program_id = ${options.programId} and (${person}::uuid is null or a.person_id = ${person}::uuid)
          and ${keyset(sql`a.occurred_on`, 'logged', sql`a.id::text`)}
        order by a.occurred_on ${dayOrder}, a.id ${idOrder}
        limit ${limit})
      union all
      (select 'imported', ${importedId}, c.kind, coalesce(c.title, c.repository, c.kind), (c.occurred_at at time zone 'UTC')::date, c.url, null,
              null, null, true, p.display_name, p.handle
         from contributions c
         join contributor_identities ci on ci.id = c.identity_id
         join people p on p.id = ci.person_id
        where (${person}::uuid is null or ci.person_id = ${person}::uuid)
          and not c.is_merge
          and ${keyset(sql`(c.occurred_at at time zone 'UTC')::date`, 'imported', importedId)}
          and exists (select 1 from memberships m join cohorts co on co.id = m.cohort_id
                       where m.person_id = ci.person_id and co.program_id = ${options.programId}
                         and c.occurred_at >= m.term_start and c.occurred_at < m.term_end)
        order by 5 ${dayOrder}, 2 ${idOrder}
        limit ${limit})
    ) ledger
    order by ledger.day ${dayOrder}, ledger.source ${idOrder}, ledger.id ${idOrder}
    limit ${limit}`)
  const rows = (result as unknown as { rows: Record<string, unknown>[] }).rows
  const more = rows.length > LEDGER_PAGE_SIZE
  const page = rows.slice(0, LEDGER_PAGE_SIZE)
  if (backwards) page.reverse()
  const entries = page.map(
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
  const at = (e: LedgerEntry | undefined): LedgerCursor | undefined => (e ? { day: e.day, source: e.source, id: e.id } : undefined)
  // Forwards, there is a previous page whenever we started from a cursor; backwards, a next page likewise.
  return {
    entries,
    next: backwards ? at(entries.at(-1)) : more ? at(entries.at(-1)) : undefined,
    prev: backwards ? (more ? at(entries[0]) : undefined) : cursor ? at(entries[0]) : undefined,
  }
}
