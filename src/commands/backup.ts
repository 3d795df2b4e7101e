import path from 'node:path'
import { AppError } from '../lib/errors.ts'
import { writeBackup } from '../db/backup/write-backup.ts'
import { restoreBackup } from '../db/backup/restore-backup.ts'
import type { DbCommand } from './command.ts'

const total = (rows: Record<string, number>) => Object.values(rows).reduce((a, b) => a + b, 0)

/** `embassy backup [--out FILE]` and `embassy restore FILE [--replace]`: a portable copy of the whole database. */
export const backupCommands: DbCommand[] = [
  {
    name: 'backup',
    async run(deps, o, io) {
      const now = deps.clock()
      const file = String(o.out ?? path.resolve(`embassy-backup-${now.toISOString().replace(/[:.]/g, '-')}.jsonl.gz`))
      let summary
      try {
        summary = await writeBackup(deps.db, { file, engine: deps.database.engine, now, onProgress: (t, n) => io.progress?.(`backup: ${t} ${n} rows`) })
      } catch (err) {
        if (!(err instanceof AppError)) throw err
        io.err(`backup: ${err.message}`)
        return 2
      }
      io.progress?.('')
      io.out(`backup: ${total(summary.rows)} rows of ${Object.keys(summary.rows).length} tables written to ${summary.file} (${summary.bytes} bytes)`)
      return 0
    },
  },
  {
    name: 'restore',
    async run(deps, o, io) {
      try {
        const summary = await restoreBackup(deps.db, { file: String(o.file), replace: Boolean(o.replace), onProgress: (t, n) => io.progress?.(`restore: ${t} ${n} rows`) })
        io.progress?.('')
        deps.pageCache.clear()
        io.out(`restore: ${total(summary.rows)} rows of ${Object.keys(summary.rows).length} tables restored from ${String(o.file)}`)
        return 0
      } catch (err) {
        if (err instanceof AppError) {
          io.err(`restore: ${err.message}`)
          return 2
        }
        throw err
      }
    },
  },
]
