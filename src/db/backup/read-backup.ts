import fs from 'node:fs'
import { createGunzip } from 'node:zlib'
import { AppError } from '../../lib/errors.ts'
import type { BackupHeader } from './write-backup.ts'

/** One line of a backup after the header: a row of a table, or the footer with the counts. */
export type BackupLine = { t: string; r: Record<string, unknown> } | { end: true; rows: Record<string, number> }

/**
 * Reads a backup file line by line (constant memory); a corrupt gzip stream or a line that is not JSON
 * throws an AppError naming the file and line.
 */
export async function* readBackupLines(file: string): AsyncGenerator<{ line: number; value: unknown }> {
  if (!fs.existsSync(file)) throw new AppError('not_found', `${file}: no such file`)
  if (!fs.statSync(file).isFile()) throw new AppError('bad_request', `${file}: not a file (a backup is one .jsonl.gz file)`)
  const source = fs.createReadStream(file)
  const stream = source.pipe(createGunzip())
  // pipe() does not pass the file's errors on (unreadable, gone meanwhile): without this they would be unhandled.
  source.on('error', (err) => stream.destroy(err))
  let rest = ''
  let line = 0
  const parse = (text: string) => {
    line++
    try {
      return { line, value: JSON.parse(text) as unknown }
    } catch {
      throw new AppError('bad_request', `${file}, line ${line}: not a backup line (invalid JSON)`)
    }
  }
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      rest += chunk.toString('utf8')
      let nl: number
      while ((nl = rest.indexOf('\n')) >= 0) {
        const text = rest.slice(0, nl)
        rest = rest.slice(nl + 1)
        if (text) yield parse(text)
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError('bad_request', `${file}: not a readable backup (${(err as Error).message})`)
  }
  if (rest) yield parse(rest)
}

/** Checks the first line is an Embassy backup header this version can read. */
export function asHeader(file: string, value: unknown): BackupHeader {
  const h = value as Partial<BackupHeader> | undefined
  if (h?.format !== 'embassy-backup' || !Array.isArray(h.tables) || !h.migrations) {
    throw new AppError('bad_request', `${file}: not an Embassy backup (no backup header on line 1)`)
  }
  if (h.version !== 1) throw new AppError('bad_request', `${file}: backup format version ${String(h.version)} is not supported (this Embassy reads version 1)`)
  return h as BackupHeader
}
