// The messages between the GH Archive reader worker (read-worker.ts) and the storing thread (reader.ts).
// No side effects: both threads import it.
import type { RepositorySelection } from './events.ts'
import type { PackedRecords } from './packed.ts'
import type { LineCounts } from './read.ts'

/** A file to read: the storing thread posts one at a time, the next only after the last message of the previous. */
export interface ReaderJob {
  job: number
  start: ReaderStart
}

/** How to read a file. */
export interface ReaderStart extends RepositorySelection {
  file: string
  /** Lines up to this one are passed over (committed by an interrupted import). */
  resumeLine: number
  /** Records per batch: a batch is posted at the line that fills it. */
  batchSize: number
  /** Messages the reader may post before the storing thread acknowledges one (ReaderMore). */
  ahead: number
}

/**
 * What the reader posts: a batch of records, or only progress, or the end. The counts, reasons and skipped
 * reasons are those of every line up to `line`; `records` are those of the lines after the previous message's.
 */
export interface ReaderMessage {
  job: number
  /** The last line read: every record of the lines up to it is in this message or an earlier one. */
  line: number
  records?: PackedRecords
  counts: LineCounts
  /** Rejection reasons new since the previous message (at most MAX_REASONS in all). */
  reasons: string[]
  moreReasons: number
  skippedBy: Record<string, number>
  /** The file was read to its end, or as far as it could be (`error`). */
  done: boolean
  /** Why the file could not be read to its end (corrupt or truncated gzip). */
  error?: string
}

/** The storing thread's acknowledgement: it took a message of `more` (the job), so one more may be posted. */
export interface ReaderMore {
  more: number
}
