import type { ContributionRecord } from '../store.ts'
import { linePrefilter, mapEvent, repositoryMatcher, type RepositorySelection } from './events.ts'

/** Rejection reasons kept per file. */
export const MAX_REASONS = 20

/** What reading counts per line (the storing side counts the rest). */
export interface LineCounts {
  /** Non-empty lines after the resume point. */
  read: number
  rejected: number
  skipped: number
  filtered: number
}

/** How to read one file's lines. */
export interface LineReaderOptions extends RepositorySelection {
  /** The file's name in rejection reasons ("2023-01-01-15.json.gz:812: …"). */
  name: string
  /** Lines up to this one were committed by an earlier, interrupted import: they are passed over. */
  resumeLine: number
}

/** The per-line state of a file being read; `take` fills it one raw line at a time. */
export interface LineReader {
  /** The number of the last line taken (1-based, counting the lines passed over and empty ones). */
  lineNo: number
  counts: LineCounts
  /** The first MAX_REASONS rejection reasons. */
  reasons: string[]
  /** Rejections beyond those listed. */
  moreReasons: number
  /** Skipped events by reason (event type, or type and action). */
  skippedBy: Record<string, number>
  /** The contributions mapped since the caller last emptied it (`records.length = 0` or a new array). */
  records: ContributionRecord[]
  /** Takes the next raw line of the file (without its "\n"). */
  take(line: string): void
}

/**
 * The reading of GH Archive lines, one at a time: the resume skip, a trailing "\r" stripped, empty lines
 * passed over, the owner prefilter, JSON.parse, mapEvent, and the counting of each outcome. Used by the
 * reader worker (read-worker.ts); kept free of I/O so that it is the only copy of this logic.
 */
export function lineReader(options: LineReaderOptions): LineReader {
  const { name, resumeLine } = options
  const selected = repositoryMatcher(options)
  const prefilter = linePrefilter(options)
  const reader: LineReader = {
    lineNo: 0,
    counts: { read: 0, rejected: 0, skipped: 0, filtered: 0 },
    reasons: [],
    moreReasons: 0,
    skippedBy: {},
    records: [],
    take,
  }
  const { counts, skippedBy } = reader
  const reject = (reason: string) => {
    counts.rejected++
    if (reader.reasons.length < MAX_REASONS) reader.reasons.push(reason)
    else reader.moreReasons++
  }

  function take(line: string): void {
    const lineNo = ++reader.lineNo
    if (lineNo <= resumeLine) return
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1)
    if (line.length === 0) return
    counts.read++
    // Not parsed: complete lines (a truncated one is parsed, to be rejected) in which no selected owner appears.
    if (prefilter && line.charCodeAt(line.length - 1) === 125 /* } */ && !prefilter(line)) {
      counts.filtered++
      return
    }
    let event: unknown
    try {
      event = JSON.parse(line)
    } catch (err) {
      reject(`${name}:${lineNo}: invalid JSON (${(err as Error).message})`)
      return
    }
    const mapped = mapEvent(event, selected)
    switch (mapped.outcome) {
      case 'records':
        for (const r of mapped.records) reader.records.push(r)
        break
      case 'filtered':
        counts.filtered++
        break
      case 'skipped':
        counts.skipped++
        skippedBy[mapped.reason] = (skippedBy[mapped.reason] ?? 0) + 1
        break
      case 'rejected':
        reject(`${name}:${lineNo}: ${mapped.reason}`)
        break
    }
  }
  return reader
}
