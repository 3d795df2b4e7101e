import fs from 'node:fs'
import path from 'node:path'
import { once } from 'node:events'
import { createGzip } from 'node:zlib'
import { sql } from 'drizzle-orm'
import type { Db } from '../client.ts'
import { queryRows } from '../rows.ts'
import { migrationState, quoteIdent, tablesInDependencyOrder, type MigrationState } from './catalog.ts'

/** First line of every backup file. */
export interface BackupHeader {
  format: 'embassy-backup'
  version: 1
  createdAt: string
  engine: string
  migrations: MigrationState
  tables: string[]
}

/** What a finished backup holds. */
export interface BackupSummary {
  file: string
  rows: Record<string, number>
  bytes: number
}

const PAGE = 2000

/**
 * Writes every table of the database to a gzipped JSON-lines file: a header, one line per row grouped by table
 * in dependency order, and a footer with the row counts (a restore refuses a file without it). It reads one
 * consistent snapshot (repeatable read), pages by ctid so memory stays flat, and writes to a temporary file
 * renamed into place at the end, so a crash never leaves a file that looks complete.
 */
export async function writeBackup(
  db: Db,
  options: { file: string; engine: string; now: Date; onProgress?: (table: string, rows: number) => void },
): Promise<BackupSummary> {
  const temp = path.join(path.dirname(options.file), `.${path.basename(options.file)}.${process.pid}.partial`)
  const gzip = createGzip()
  const out = fs.createWriteStream(temp, { mode: 0o600 })
  gzip.pipe(out)
  const write = async (value: unknown) => {
    if (!gzip.write(`${JSON.stringify(value)}\n`)) await once(gzip, 'drain')
  }
  const rows: Record<string, number> = {}
  try {
    await db.transaction(
      async (tx) => {
        const tables = await tablesInDependencyOrder(tx as unknown as Db)
        const header: BackupHeader = {
          format: 'embassy-backup',
          version: 1,
          createdAt: options.now.toISOString(),
          engine: options.engine,
          migrations: await migrationState(tx as unknown as Db),
          tables,
        }
        await write(header)
        for (const table of tables) {
          rows[table] = 0
          let after = '(0,0)'
          for (;;) {
            const page = await queryRows<{ c: string; r: Record<string, unknown> }>(
              tx as unknown as Db,
              sql`select ctid::text as c, row_to_json(t.*) as r from ${sql.raw(quoteIdent(table))} t
                  where ctid > ${after}::tid order by ctid limit ${PAGE}`,
            )
            for (const row of page) await write({ t: table, r: row.r })
            rows[table] += page.length
            options.onProgress?.(table, rows[table])
            if (page.length < PAGE) break
            after = page[page.length - 1]!.c
          }
        }
        await write({ end: true, rows })
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    )
    gzip.end()
    await once(out, 'close')
    fs.renameSync(temp, options.file)
  } catch (err) {
    gzip.destroy()
    out.destroy()
    fs.rmSync(temp, { force: true })
    throw err
  }
  return { file: options.file, rows, bytes: fs.statSync(options.file).size }
}
