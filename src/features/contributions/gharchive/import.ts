import type { Db } from '../../../db/client.ts'
import { noCounts, startImportRun, type ImportCounts } from '../import-run.ts'
import { ingestContributions, rollUpFolder, type ContributionRecord, type IngestOptions } from '../store.ts'
import type { RepositorySelection } from './events.ts'
import { unpackRecords } from './packed.ts'
import { READER_ENTRY, startReader, type Reader } from './reader.ts'
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
  /** Contributions per transaction (default 5,000; a push adds up to 20 at once). */
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

export { MAX_REASONS } from './read.ts'
const DEFAULT_BATCH = 5_000
/** Batches the reader worker may have posted that the storing has not taken yet. */
const READ_AHEAD = 2

export const noGharchiveCounts = (): GharchiveCounts => ({ ...noCounts(), skipped: 0, filtered: 0 })

/** The import-run target of a file and a selection: a resumed run must select the same repositories. */
export function gharchiveTarget(file: string, selection: RepositorySelection): string {
  const parts = [...(selection.orgs ?? []).map((o) => `org:${o.toLowerCase()}`), ...(selection.repos ?? []).map((r) => `repo:${r.toLowerCase()}`)].sort()
  return parts.length ? `${file} [${parts.join(' ')}]` : file
}

/**
 * Imports one GH Archive hourly file (`.json.gz`, one event per line), streamed. A worker thread reads the file
 * (gunzip, lines, JSON.parse, event mapping: see read-worker.ts) while this thread stores what it mapped, in
 * batches, each in its own transaction; the worker runs at most READ_AHEAD batches ahead. After each batch the
 * run's cursor {file, line} is saved, so an interrupted import of the same file and selection starts again
 * after the last committed line (and natural keys make any overlap harmless).
 *
 * Bad input never stops the import: an unparsable line is rejected as "file:line", an event lacking what its
 * type needs is rejected with the reason, an unknown type is skipped; corrupt or truncated gzip data ends
 * this file with `error` set, after storing what was read. Only database failures (and a failure of the
 * worker itself) throw; the worker is ended either way.
 */
export async function importGharchiveFile(
  db: Db,
  file: string,
  options: GharchiveOptions = {},
  onProgress?: (counts: GharchiveCounts) => void,
): Promise<GharchiveFileResult> {
  return importGharchiveFileWith(READER_ENTRY, db, file, options, onProgress)
}

/** importGharchiveFile with the reader worker started from `readerEntry` (tests start failing readers). */
export async function importGharchiveFileWith(
  readerEntry: URL,
  db: Db,
  file: string,
  options: GharchiveOptions = {},
  onProgress?: (counts: GharchiveCounts) => void,
): Promise<GharchiveFileResult> {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH)
  const counts = noGharchiveCounts()
  const result: GharchiveFileResult = { file, counts, reasons: [], moreReasons: 0, skippedBy: {} }

  const run = await startImportRun(db, 'gharchive', gharchiveTarget(file, options))
  const resumeLine = run.resumeFrom.file === file && typeof run.resumeFrom.line === 'number' ? run.resumeFrom.line : 0
  if (resumeLine > 0) result.resumedAfterLine = resumeLine

  // Aggregates are queued with each batch and folded in large groups (and at the end, whatever happens).
  const folder = rollUpFolder(db)
  const ingest = { ...options, deferRollUp: true }
  // Peak memory stays near the live size (see lib/heap.ts): a collection every 20,000 contributions stored
  // (the worker collects its own heap).
  const heap = garbageCollector(20_000)
  let reader: Reader | undefined
  let writing: Promise<void> | undefined
  const write = async (records: ContributionRecord[], line: number) => {
    const r = await ingestContributions(db, records, ingest)
    await folder.queued(r.inserted)
    counts.imported += r.inserted
    counts.duplicates += r.duplicates
    counts.bots += r.bots
    await run.saveCursor({ file, line }, counts)
  }
  /** Waits for the batch being written, then starts writing `records` (every record of the lines up to `line`). */
  const store = async (records: ContributionRecord[], line: number) => {
    const previous = writing
    writing = undefined
    if (previous) await previous
    if (records.length === 0) return
    const started = write(records, line)
    // A failed write stops the reading at once; the failure itself is thrown where it is awaited (next store).
    started.catch((err: unknown) => reader?.fail(err))
    writing = started
    heap.add(records.length)
  }

  try {
    // Started first: the worker loads while pending aggregates are folded.
    reader = startReader({ file, resumeLine, orgs: options.orgs, repos: options.repos, batchSize, ahead: READ_AHEAD }, readerEntry)
    await folder.start()
    for (;;) {
      const m = await reader.next()
      counts.read = m.counts.read
      counts.rejected = m.counts.rejected
      counts.skipped = m.counts.skipped
      counts.filtered = m.counts.filtered
      for (const reason of m.reasons) result.reasons.push(reason)
      result.moreReasons = m.moreReasons
      result.skippedBy = m.skippedBy
      if (m.records) await store(unpackRecords(m.records), m.line)
      if (m.done) {
        if (m.error !== undefined) result.error = m.error
        break
      }
      reader.more()
      onProgress?.(counts)
    }
    await reader.stop()
    await store([], 0) // waits for the last batch
    await folder.finish()
    onProgress?.(counts)
    await run.finish(counts, result.error)
    return result
  } catch (err) {
    await reader?.stop()
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
