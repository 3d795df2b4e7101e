import fs from 'node:fs'
import { CsvError, parse, type Info } from 'csv-parse'
import type { Db } from '../../../db/client.ts'
import { afterBatch, noCounts, startImportRun, type ImportCounts } from '../import-run.ts'
import { ingestContributions, type ContributionRecord, type IngestOptions } from '../store.ts'
import { CSV_COLUMNS, checkHeader, parseRow, type CsvColumn } from './rows.ts'

/** Options of a CSV import. */
export interface CsvImportOptions extends IngestOptions {
  /** Rows per transaction (default 2,000). */
  batchSize?: number
}

/** What a CSV import did. */
export interface CsvImportResult {
  file: string
  counts: ImportCounts
  /** The first rejection reasons ("line 12: unknown kind …"), at most MAX_REASONS. */
  reasons: string[]
  moreReasons: number
  /** Set when nothing could be imported: an unusable header or an unreadable file. */
  error?: string
  /** When an interrupted import of the same file was resumed: the last line it had committed. */
  resumedAfterLine?: number
}

export const MAX_REASONS = 20
const DEFAULT_BATCH = 2000

/** Raised for a file that cannot be read at all; the message names it. */
export class CsvFileError extends Error {
  override name = 'CsvFileError'
}

/** A readable file's stream, or a CsvFileError saying why it is not one. */
async function openFile(file: string): Promise<fs.ReadStream> {
  const stat = await fs.promises.stat(file).catch(() => undefined)
  if (stat && !stat.isFile()) throw new CsvFileError(`cannot read ${file} (${stat.isDirectory() ? 'is a directory' : 'not a regular file'})`)
  const stream = fs.createReadStream(file)
  await new Promise<void>((resolve, reject) => {
    stream.once('ready', () => resolve())
    stream.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.code === 'EISDIR' ? 'is a directory' : err.message
      reject(new CsvFileError(`cannot read ${file} (${why})`))
    })
  })
  return stream
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const BOM = [0xef, 0xbb, 0xbf]

/**
 * A record's fields as text, decoded strictly as UTF-8 (a file in Latin-1 or GBK would otherwise be stored
 * with U+FFFD in place of its letters); or the index of the first field that is not UTF-8. csv-parse hands
 * over each field's bytes whole, so a character split across two read chunks decodes as one. `first` strips
 * the byte-order mark at the start of the file.
 */
function decodeRecord(fields: Uint8Array[], first: boolean): string[] | { badField: number } {
  const out: string[] = []
  for (let i = 0; i < fields.length; i++) {
    let bytes = fields[i]!
    if (first && i === 0 && BOM.every((b, j) => bytes[j] === b)) bytes = bytes.subarray(BOM.length)
    try {
      out.push(UTF8.decode(bytes))
    } catch {
      return { badField: i }
    }
  }
  return out
}

/** csv-parse's message without its line (given separately), with a field's bytes shown as text. */
function csvMessage(message: string): string {
  return message
    .replace(/ at line \d+/, '')
    .replace(/value is (\{"type":"Buffer"[^}]*\})/, (all, json: string) => {
      try {
        const bytes = JSON.parse(json) as { data?: number[] }
        return Array.isArray(bytes.data) ? `value is ${JSON.stringify(Buffer.from(bytes.data).toString('utf8'))}` : all
      } catch {
        return all
      }
    })
}

/**
 * Imports a CSV file of contributions (header in docs/imports.md), streamed with csv-parse. The header is
 * checked before anything is stored: an unknown or missing column sets `error` and imports nothing. Each bad
 * row is rejected as "line N: reason" and the import goes on; a CSV syntax error (a stray quote) stops the
 * file there with `error` set, keeping the rows before it. The file must be UTF-8 (a byte-order mark is
 * skipped): a row with bytes that are not is rejected ("line N: … not valid UTF-8"), a header with them
 * imports nothing. Rows are stored in batches with the run's
 * cursor {file, line} saved after each, so an interrupted import resumes after the last committed line.
 * Throws CsvFileError when the file cannot be opened, and database errors.
 */
export async function importCsvFile(db: Db, file: string, options: CsvImportOptions = {}, onProgress?: (counts: ImportCounts) => void): Promise<CsvImportResult> {
  const counts = noCounts()
  const result: CsvImportResult = { file, counts, reasons: [], moreReasons: 0 }
  const reject = (reason: string) => {
    counts.rejected++
    if (result.reasons.length < MAX_REASONS) result.reasons.push(reason)
    else result.moreReasons++
  }
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH)

  const input = await openFile(file)
  // A CSV syntax error (a stray quote) stops the file: past it, csv-parse cannot tell where rows begin (skipping
  // "the bad record" swallows the rows that follow it). The parser runs ahead of this loop, so the error is
  // noted when it happens and reading stops when the loop reaches it, after the rows before it.
  let syntaxError: { lines: number; message: string } | undefined
  // Fields come as bytes (encoding null) and are decoded strictly below; the BOM is stripped there too, as
  // csv-parse's own BOM handling would switch it back to lenient UTF-8 decoding.
  const parser = parse({
    encoding: null,
    bom: false,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      if (err && !syntaxError) syntaxError = { lines: (err as CsvError & { lines?: number }).lines ?? Number.MAX_SAFE_INTEGER, message: err.message }
    },
  })
  input.on('error', (err) => parser.destroy(new CsvFileError(`${file}: read failed (${err.message})`)))
  input.pipe(parser)

  let columns: Partial<Record<CsvColumn, number>> | undefined
  let width = 0
  let run: Awaited<ReturnType<typeof startImportRun>> | undefined
  let resumeLine = 0
  let batch: ContributionRecord[] = []
  const flush = async (line: number) => {
    if (batch.length === 0) return
    // The cursor is saved in the batch's transaction, so the batch and the line past it commit together.
    const r = await ingestContributions(db, batch, options, (tx, stored) => run!.saveCursor({ file, line }, afterBatch(counts, stored), tx))
    batch = []
    counts.imported += r.inserted
    counts.duplicates += r.duplicates
    counts.bots += r.bots
  }

  let lastLine = 0
  let overcount = 0
  try {
    try {
      for await (const { record: bytes, info } of parser as AsyncIterable<{ record: Uint8Array[]; info: Info }>) {
        if (syntaxError && info.lines >= syntaxError.lines) break
        const decoded = decodeRecord(bytes, !columns)
        // An undecodable record's line breaks are counted in its bytes (csv-parse's CRLF overcount included).
        const record = Array.isArray(decoded) ? decoded : bytes.map((f) => Buffer.from(f).toString('latin1'))
        // csv-parse counts a CRLF inside a quoted field as two lines: correct for it, and normalise those breaks.
        let breaks = 0
        for (let i = 0; i < record.length; i++) {
          const f = record[i]!
          if (f.includes('\r')) {
            overcount += f.match(/\r\n/g)?.length ?? 0
            record[i] = f.replace(/\r\n?/g, '\n')
          }
          if (record[i]!.includes('\n')) breaks += record[i]!.match(/\n/g)!.length
        }
        /** The line the record ends on, and the one it starts on. */
        const end = info.lines - overcount
        const line = end - breaks
        lastLine = end
        if (!columns) {
          if (!Array.isArray(decoded)) {
            result.error = `${file}: the header is not valid UTF-8 text (save the file as UTF-8); nothing imported`
            return result
          }
          const header = checkHeader(record)
          if ('error' in header) {
            result.error = `${file}: ${header.error}; nothing imported`
            return result
          }
          columns = header.columns
          width = record.length
          run = await startImportRun(db, 'csv', file)
          resumeLine = run.resumeFrom.file === file && typeof run.resumeFrom.line === 'number' ? run.resumeFrom.line : 0
          if (resumeLine > 0) result.resumedAfterLine = resumeLine
          continue
        }
        if (end <= resumeLine) continue
        counts.read++
        if (!Array.isArray(decoded)) {
          const column = Object.entries(columns).find(([, i]) => i === decoded.badField)?.[0] ?? `field ${decoded.badField + 1}`
          reject(`line ${line}: ${column} is not valid UTF-8 text (save the file as UTF-8)`)
          continue
        }
        if (record.length !== width) {
          reject(`line ${line}: ${record.length} fields where the header has ${width}`)
          continue
        }
        const parsed = parseRow(record, columns)
        if (typeof parsed === 'string') reject(`line ${line}: ${parsed}`)
        else batch.push(parsed)
        if (batch.length >= batchSize) await flush(end)
        onProgress?.(counts)
      }
    } catch (err) {
      // A syntax error: the rows before it are stored below; the error says where reading stopped.
      if (!(err instanceof CsvError)) throw err
      const at = typeof (err as CsvError & { lines?: number }).lines === 'number' ? (err as CsvError & { lines: number }).lines - overcount : lastLine + 1
      result.error = `${file}: line ${at}: invalid CSV (${csvMessage(err.message)}); the rows before it are imported, the rest of the file is not`
    }
    if (syntaxError) {
      const at = syntaxError.lines === Number.MAX_SAFE_INTEGER ? lastLine + 1 : syntaxError.lines - overcount
      result.error = `${file}: line ${at}: invalid CSV (${csvMessage(syntaxError.message)}); the rows before it are imported, the rest of the file is not`
    }
    if (!columns) {
      result.error ??= `${file}: the file is empty (its first line must be the header, e.g. ${CSV_COLUMNS.join(',')}); nothing imported`
      return result
    }
    await flush(lastLine)
    onProgress?.(counts)
    await run!.finish(counts, result.error)
    return result
  } catch (err) {
    await run?.finish(counts, (err as Error).message).catch(() => {})
    throw err
  } finally {
    input.destroy()
    parser.destroy()
  }
}
