import { sql } from 'drizzle-orm'
import type { Db } from '../client.ts'
import { queryRows } from '../rows.ts'

/** Which migrations a database has: a backup restores only into a database at the same point. */
export interface MigrationState {
  count: number
  lastHash: string | null
}

/** Reads the migration journal drizzle keeps in the database. */
export async function migrationState(db: Db): Promise<MigrationState> {
  const rows = await queryRows<{ count: number; last: string | null }>(
    db,
    sql`select count(*)::int as count, (select hash from drizzle.__drizzle_migrations order by created_at desc, id desc limit 1) as last
        from drizzle.__drizzle_migrations`,
  )
  return { count: rows[0]?.count ?? 0, lastHash: rows[0]?.last ?? null }
}

/** The application's tables, parents before children (foreign keys), so rows restore in a valid order. */
export async function tablesInDependencyOrder(db: Db): Promise<string[]> {
  const tables = (
    await queryRows<{ name: string }>(
      db,
      sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`,
    )
  ).map((r) => r.name)
  const edges = await queryRows<{ child: string; parent: string }>(
    db,
    sql`select tc.relname as child, pc.relname as parent from pg_constraint k
        join pg_class tc on tc.oid = k.conrelid join pg_class pc on pc.oid = k.confrelid
        join pg_namespace n on n.oid = tc.relnamespace
        where k.contype = 'f' and n.nspname = 'public' and tc.relname <> pc.relname`,
  )
  const parents = new Map(tables.map((t) => [t, new Set<string>()]))
  for (const e of edges) parents.get(e.child)?.add(e.parent)
  const ordered: string[] = []
  const placed = new Set<string>()
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p) || !parents.has(p)))
    // A foreign-key cycle between tables cannot be ordered; take the rest alphabetically (none exists today).
    const next = ready.length ? ready : tables.filter((t) => !placed.has(t))
    for (const t of next) {
      placed.add(t)
      ordered.push(t)
    }
  }
  return ordered
}

/** A table's stored (not generated) columns, in order: what a restore inserts. */
export async function storedColumns(db: Db, table: string): Promise<string[]> {
  return (
    await queryRows<{ name: string }>(
      db,
      sql`select attname as name from pg_attribute
          where attrelid = ${`public.${quoteIdent(table)}`}::regclass and attnum > 0 and not attisdropped and attgenerated = ''
          order by attnum`,
    )
  ).map((r) => r.name)
}

/** Quotes an identifier for SQL text (names come from the catalog, never from input). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}
