import { sql } from 'drizzle-orm'
import type { Db } from '../client.ts'
import { queryRows } from '../rows.ts'
import { AppError } from '../../lib/errors.ts'
import { migrationState, quoteIdent, storedColumns } from './catalog.ts'
import { asHeader, readBackupLines, type BackupLine } from './read-backup.ts'

/** What a restore wrote. */
export interface RestoreSummary {
  rows: Record<string, number>
}

const BATCH = 1000

/**
 * Restores a backup into this database in one transaction: all of it or nothing. The database must be at the
 * same migration as the backup, and empty unless `replace` (then every table is emptied first, in the same
 * transaction). A file cut short (no footer, or counts that differ) is refused and nothing is written.
 */
export async function restoreBackup(
  db: Db,
  options: { file: string; replace?: boolean; onProgress?: (table: string, rows: number) => void },
): Promise<RestoreSummary> {
  const lines = readBackupLines(options.file)
  try {
    return await restoreFrom(db, lines, options)
  } finally {
    await lines.return(undefined)
  }
}

async function restoreFrom(
  db: Db,
  lines: AsyncGenerator<{ line: number; value: unknown }>,
  options: { file: string; replace?: boolean; onProgress?: (table: string, rows: number) => void },
): Promise<RestoreSummary> {
  const first = await lines.next()
  if (first.done) throw new AppError('bad_request', `${options.file}: empty file`)
  const header = asHeader(options.file, first.value.value)
  const written: Record<string, number> = {}
  await db.transaction(async (txn) => {
    const tx = txn as unknown as Db
    const target = await migrationState(tx)
    if (target.count !== header.migrations.count || target.lastHash !== header.migrations.lastHash) {
      throw new AppError(
        'conflict',
        `the backup was taken at migration ${header.migrations.count} and this database is at migration ${target.count}: restore into a database migrated by the same Embassy version`,
      )
    }
    const tables = header.tables.map(quoteIdent).join(', ')
    if (options.replace) {
      await tx.execute(sql.raw(`truncate table ${tables} restart identity cascade`))
    } else {
      const nonEmpty: string[] = []
      for (const t of header.tables) {
        const [r] = await queryRows<{ any: boolean }>(tx, sql`select exists(select 1 from ${sql.raw(quoteIdent(t))}) as any`)
        if (r?.any) nonEmpty.push(t)
      }
      if (nonEmpty.length) throw new AppError('conflict', `this database is not empty (${nonEmpty.slice(0, 5).join(', ')}${nonEmpty.length > 5 ? ', …' : ''}); restore with --replace to overwrite it`)
    }
    const columns = new Map<string, string>()
    let table = ''
    let batch: Record<string, unknown>[] = []
    let batchFrom = 0
    let batchTo = 0
    const flush = async () => {
      if (!batch.length) return
      let cols = columns.get(table)
      if (!cols) {
        cols = (await storedColumns(tx, table)).map(quoteIdent).join(', ')
        columns.set(table, cols)
      }
      const rel = quoteIdent(table)
      try {
        await tx.execute(sql`insert into ${sql.raw(rel)} (${sql.raw(cols)}) select ${sql.raw(cols)} from json_populate_recordset(null::${sql.raw(rel)}, ${JSON.stringify(batch)}::json)`)
      } catch (err) {
        // A row the table refuses (a missing column value, a wrong type, a broken reference): name the lines and
        // the database's reason, never the statement and its rows (personal data).
        const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause
        const code = typeof cause?.code === 'string' ? cause.code : ''
        if (!/^(22|23)/.test(code)) throw err
        throw new AppError('bad_request', `${options.file}, lines ${batchFrom}–${batchTo}: rows of ${table} cannot be restored (${String(cause!.message)}); nothing was restored`)
      }
      const count = (written[table] ?? 0) + batch.length
      written[table] = count
      options.onProgress?.(table, count)
      batch = []
    }
    let footer: Record<string, number> | undefined
    for await (const { line, value } of lines) {
      const entry = value as BackupLine
      if ('end' in entry) {
        footer = entry.rows
        break
      }
      if (typeof entry.t !== 'string' || !header.tables.includes(entry.t) || typeof entry.r !== 'object') {
        throw new AppError('bad_request', `${options.file}, line ${line}: not a row of a table named in the header`)
      }
      if (entry.t !== table || batch.length >= BATCH) {
        await flush()
        table = entry.t
      }
      if (batch.length === 0) batchFrom = line
      batchTo = line
      batch.push(entry.r)
    }
    await flush()
    if (!footer) throw new AppError('bad_request', `${options.file}: the backup is incomplete (it ends before its footer); nothing was restored`)
    const mismatched = header.tables.filter((t) => (footer![t] ?? 0) !== (written[t] ?? 0))
    if (mismatched.length) throw new AppError('bad_request', `${options.file}: row counts differ from the footer for ${mismatched.join(', ')}; nothing was restored`)
    await resetSequences(tx, header.tables)
  })
  return { rows: written }
}

/** Moves serial and identity sequences past the restored ids, so new rows do not collide. */
async function resetSequences(tx: Db, tables: string[]): Promise<void> {
  for (const t of tables) {
    const seqs = await queryRows<{ col: string; seq: string }>(
      tx,
      sql`select attname as col, pg_get_serial_sequence(${`public.${quoteIdent(t)}`}, attname) as seq from pg_attribute
          where attrelid = ${`public.${quoteIdent(t)}`}::regclass and attnum > 0 and not attisdropped
            and pg_get_serial_sequence(${`public.${quoteIdent(t)}`}, attname) is not null`,
    )
    for (const s of seqs) {
      await tx.execute(sql`select setval(${s.seq}, coalesce((select max(${sql.raw(quoteIdent(s.col))}) from ${sql.raw(quoteIdent(t))}), 0) + 1, false)`)
    }
  }
}
