import path from 'node:path'
import type { Db } from '../../../db/client.ts'
import { afterBatch, noCounts, startImportRun, type ImportCounts } from '../import-run.ts'
import { BatchOutlook, ingestContributions, type ContributionRecord, type IngestOptions } from '../store.ts'
import { IdentityMemo } from '../store-identities.ts'
import { AuthorCache } from '../identity.ts'
import { rollUpFolder } from '../rollup.ts'
import { linePrefilter, mapEvent, outcomeWithoutParsing, repositoryMatcher, type MappedEvent, type RepositorySelection } from './events.ts'
import { GzipReadError, gzipLines } from './lines.ts'
import { garbageCollector } from '../../../lib/heap.ts'

/** Counts of a GH Archive import: events read, rejected, skipped and filtered; contributions imported, duplicate, bot. */
export interface GharchiveCounts extends ImportCounts {
  /** Valid events that are not counted contributions (stars, forks, labels, unmerged closes, unknown types). */
  skipped: number
  /** Events of repositories outside the selection. */
  filtered: number
}

/** Options of a GH Archive import. */
export interface GharchiveOptions extends IngestOptions, RepositorySelection {
  /** Contributions per transaction (default 10,000; a push adds up to 20 at once). */
  batchSize?: number
}

/** What the import of one file did. */
export interface GharchiveFileResult {
  file: string
  counts: GharchiveCounts
  /** The first rejection reasons ("2023-01-01-15.json.gz:812: invalid JSON (…)"), at most MAX_REASONS. */
  reasons: string[]
  /** Rejections beyond those listed. */
  moreReasons: number
  /** Skipped events by reason (event type, or type and action). */
  skippedBy: Record<string, number>
  /** Set when the file could not be read to its end (corrupt or truncated gzip); what came before is imported. */
  error?: string
  /** When an interrupted import of the same file and selection was resumed: the last line it had committed. */
  resumedAfterLine?: number
}

/** Rejection reasons kept per file. */
export const MAX_REASONS = 20
const DEFAULT_BATCH = 10_000

export const noGharchiveCounts = (): GharchiveCounts => ({ ...noCounts(), skipped: 0, filtered: 0 })

/** The import-run target of a file and a selection: a resumed run must select the same repositories. */
export function gharchiveTarget(file: string, selection: RepositorySelection): string {
  const parts = [...(selection.orgs ?? []).map((o) => `org:${o.toLowerCase()}`), ...(selection.repos ?? []).map((r) => `repo:${r.toLowerCase()}`)].sort()
  return parts.length ? `${file} [${parts.join(' ')}]` : file
}

/**
 * Imports one GH Archive hourly file (`.json.gz`, one event per line), streamed. Contributions are stored in
 * batches, each in its own transaction, with the next batch parsed while the previous one is written; after
 * each batch the run's cursor {file, line} is saved, so an interrupted import of the same file and selection
 * starts again after the last committed line (and natural keys make any overlap harmless).
 *
 * Bad input never stops the import: an unparsable line is rejected as "file:line", an event lacking what its
 * type needs is rejected with the reason, an unknown type is skipped; corrupt or truncated gzip data ends
 * this file with `error` set, after storing what was read. Only database failures throw.
 */
export async function importGharchiveFile(
  db: Db,
  file: string,
  options: GharchiveOptions = {},
  onProgress?: (counts: GharchiveCounts) => void,
): Promise<GharchiveFileResult> {
  const name = path.basename(file)
  const selected = repositoryMatcher(options)
  const prefilter = linePrefilter(options)
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH)
  const counts = noGharchiveCounts()
  const result: GharchiveFileResult = { file, counts, reasons: [], moreReasons: 0, skippedBy: {} }
  const reject = (reason: string) => {
    counts.rejected++
    if (result.reasons.length < MAX_REASONS) result.reasons.push(reason)
    else result.moreReasons++
  }

  const run = await startImportRun(db, 'gharchive', gharchiveTarget(file, options))
  const resumeLine = run.resumeFrom.file === file && typeof run.resumeFrom.line === 'number' ? run.resumeFrom.line : 0
  if (resumeLine > 0) result.resumedAfterLine = resumeLine

  // Aggregates are queued with each batch and folded in large groups (and at the end, whatever happens).
  const folder = rollUpFolder(db)
  const ingest = { ...options, deferRollUp: true, identities: new IdentityMemo(), authors: new AuthorCache(), outlook: new BatchOutlook() }
  // Peak memory stays near the live size (see lib/heap.ts): a collection every 30,000 contributions (1,000,000
  // events, alternating runs: 20,000: 39.1–41.8 s and 264 MB; 30,000: 36.6–36.9 s and 276–278 MB; 40,000:
  // 34.2–36.3 s and 283–284 MB).
  const heap = garbageCollector(30_000)
  let batch: ContributionRecord[] = []
  let writing: Promise<void> | undefined
  const write = async (records: ContributionRecord[], line: number) => {
    // The cursor is saved in the batch's transaction; the counts it holds are those read so far, plus the batch.
    const r = await ingestContributions(db, records, ingest, (tx, batch) => run.saveCursor({ file, line }, afterBatch(counts, batch), tx))
    await folder.queued(r.inserted)
    counts.imported += r.inserted
    counts.duplicates += r.duplicates
    counts.bots += r.bots
  }
  /** Waits for the batch being written, then starts writing the current one (lines up to `line`). */
  const flush = async (line: number) => {
    const previous = writing
    writing = undefined
    if (previous) await previous
    if (batch.length === 0) return
    const stored = batch.length
    const started = write(batch, line)
    started.catch(() => {}) // awaited at the next flush; this only keeps it from counting as unhandled meanwhile
    writing = started
    batch = []
    heap.add(stored)
  }

  let lineNo = 0
  try {
    await folder.start()
    try {
      for await (const lines of gzipLines(file)) {
        for (let line of lines) {
          lineNo++
          if (lineNo <= resumeLine) continue
          if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1)
          if (line.length === 0) continue
          counts.read++
          // Not parsed: complete lines (a truncated one is parsed, to be rejected) in which no selected owner
          // appears, or whose first fields say they are filtered or skipped (144,050 of the benchmark's 1,000,000).
          let mapped: MappedEvent | undefined
          if (line.charCodeAt(line.length - 1) === 125 /* } */) {
            if (prefilter && !prefilter(line)) {
              counts.filtered++
              continue
            }
            mapped = outcomeWithoutParsing(line, selected)
          }
          if (!mapped) {
            let event: unknown
            try {
              event = JSON.parse(line)
            } catch (err) {
              reject(`${name}:${lineNo}: invalid JSON (${(err as Error).message})`)
              continue
            }
            mapped = mapEvent(event, selected)
          }
          switch (mapped.outcome) {
            case 'records':
              for (const r of mapped.records) batch.push(r)
              if (batch.length >= batchSize) await flush(lineNo)
              break
            case 'filtered':
              counts.filtered++
              break
            case 'skipped':
              counts.skipped++
              result.skippedBy[mapped.reason] = (result.skippedBy[mapped.reason] ?? 0) + 1
              break
            case 'rejected':
              reject(`${name}:${lineNo}: ${mapped.reason}`)
              break
          }
        }
        onProgress?.(counts)
      }
    } catch (err) {
      if (!(err instanceof GzipReadError)) throw err
      result.error = lineNo > resumeLine ? `${err.message}; stopped after line ${lineNo.toLocaleString('en-US')}` : err.message
    }
    await flush(lineNo)
    await flush(lineNo) // waits for the last batch
    await folder.finish()
    onProgress?.(counts)
    await run.finish(counts, result.error)
    return result
  } catch (err) {
    await writing?.catch(() => {})
    await folder.finish().catch(() => {})
    await run.finish(counts, (err as Error).message).catch(() => {})
    throw err
  }
}

/** Imports files one after the other; `onFile` hears each result as it completes. */
export async function importGharchiveFiles(
  db: Db,
  files: string[],
  options: GharchiveOptions = {},
  hooks: { onProgress?: (file: string, counts: GharchiveCounts) => void; onFile?: (result: GharchiveFileResult) => void } = {},
): Promise<GharchiveFileResult[]> {
  const results: GharchiveFileResult[] = []
  for (const file of files) {
    const r = await importGharchiveFile(db, file, options, hooks.onProgress && ((c) => hooks.onProgress!(file, c)))
    hooks.onFile?.(r)
    results.push(r)
  }
  return results
}

/** Sums the counts of several files. */
export function totalCounts(results: GharchiveFileResult[]): GharchiveCounts {
  const total = noGharchiveCounts()
  for (const { counts } of results) for (const k of Object.keys(total) as (keyof GharchiveCounts)[]) total[k] += counts[k]
  return total
}
