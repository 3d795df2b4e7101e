import fs from 'node:fs'
import path from 'node:path'
import { once } from 'node:events'
import { createGzip } from 'node:zlib'
import { sql } from 'drizzle-orm'
import type { Db } from '../client.ts'
import { queryRows } from '../rows.ts'
import { AppError } from '../../lib/errors.ts'
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
  if (fs.existsSync(options.file) && fs.statSync(options.file).isDirectory()) {
    throw new AppError('bad_request', `${options.file}: is a folder; give the backup's file name (such as ${path.join(options.file, 'embassy.jsonl.gz')})`)
  }
  const temp = path.join(path.dirname(options.file), `.${path.basename(options.file)}.${process.pid}.partial`)
  let fd: number
  try {
    fd = fs.openSync(temp, 'wx', 0o600)
  } catch (err) {
    throw new AppError('bad_request', `${options.file}: cannot be written (${describeFsError(err as NodeJS.ErrnoException, path.dirname(options.file))})`)
  }
  const gzip = createGzip()
  const out = fs.createWriteStream('', { fd })
  // A write that fails later (a full disk) ends the backup with its reason; unhandled, it would end the process.
  let failure: Error | undefined
  out.on('error', (err) => {
    failure ??= err
    gzip.destroy(err) // rejects a write waiting for 'drain'
  })
  gzip.on('error', (err) => void (failure ??= err))
  gzip.pipe(out)
  const write = async (value: unknown) => {
    if (failure) throw failure
    if (!gzip.write(`${JSON.stringify(value)}\n`)) await once(gzip, 'drain')
    if (failure) throw failure
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
    if (!out.closed) await once(out, 'close')
    if (failure) throw failure
    fs.renameSync(temp, options.file)
  } catch (err) {
    gzip.destroy()
    out.destroy()
    fs.rmSync(temp, { force: true })
    throw err
  }
  return { file: options.file, rows, bytes: fs.statSync(options.file).size }
}

/** One phrase for why a backup file cannot be created. */
function describeFsError(err: NodeJS.ErrnoException, folder: string): string {
  switch (err.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `there is no folder ${folder}`
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `no permission to write in ${folder}`
    case 'ENOSPC':
      return 'the disk is full'
    default:
      return err.message
  }
}
