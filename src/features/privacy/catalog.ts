import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { queryRows } from '../../db/rows.ts'

/** A foreign-key column and the table it points at. */
export interface ReferenceColumn {
  table: string
  column: string
  target: 'people' | 'applications' | 'memberships'
  nullable: boolean
}

/** Every single-column foreign key to people, applications or memberships, read from the catalog. */
export async function personalReferences(db: Db): Promise<ReferenceColumn[]> {
  return queryRows<ReferenceColumn>(
    db,
    sql`select tc.relname as "table", a.attname as "column", pc.relname as target, not a.attnotnull as nullable
        from pg_constraint k
        join pg_class tc on tc.oid = k.conrelid join pg_class pc on pc.oid = k.confrelid
        join pg_namespace n on n.oid = tc.relnamespace
        join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
        where k.contype = 'f' and n.nspname = 'public' and pc.relname in ('people', 'applications', 'memberships')
        order by 1, 2`,
  )
}

/** Text columns whose names say they hold an email address (or a postal/mail address). */
export async function addressColumns(db: Db): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select table_name || '.' || column_name as name from information_schema.columns
        where table_schema = 'public' and data_type = 'text'
          and (column_name like '%email%' or column_name like '%address%')
        order by 1`,
  )
  return rows.map((r) => r.name)
}

/** Every column of the public schema, as `table.column`. */
export async function allColumns(db: Db): Promise<Set<string>> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select table_name || '.' || column_name as name from information_schema.columns where table_schema = 'public'`,
  )
  return new Set(rows.map((r) => r.name))
}
