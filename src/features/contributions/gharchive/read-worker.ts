// The reading side of a GH Archive import, on a worker thread (see reader.ts): gunzip, lines, the per-line
// reading (read.ts), and batches of mapped records posted to the storing thread, at most `ahead` of them
// unacknowledged. One file at a time; the worker then waits for the next.
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parentPort } from 'node:worker_threads'
import { collectGarbage, garbageCollector } from '../../../lib/heap.ts'
import { GzipReadError, gzipLines } from './lines.ts'
import { packRecords } from './packed.ts'
import type { ReaderJob, ReaderMessage, ReaderMore } from './reader-protocol.ts'
import { lineReader } from './read.ts'

/** A progress message (counts without records) is posted at most this often, and only when it costs no wait. */
const PROGRESS_MS = 200
/**
 * Lines between full collections of this thread's heap. JSON.parse leaves mostly short-lived garbage, which
 * the young generation takes, but V8 still lets the old generation grow well past what is live (lib/heap.ts).
 */
const GC_EVERY_LINES = 20_000

const port = parentPort!
/** The job being read, and its credit: messages it may still post without an acknowledgement. */
let current: { job: number; credit: number; wake?: () => void } | undefined

port.on('message', (m: ReaderJob | ReaderMore) => {
  if ('more' in m) {
    if (current?.job !== m.more) return
    current.credit++
    current.wake?.()
  } else {
    // A throw while reading ends the worker with an 'error' event, which fails the import (reader.ts).
    read(m).catch((err: unknown) =>
      process.nextTick(() => {
        throw err
      }),
    )
  }
})

async function read({ job, start }: ReaderJob): Promise<void> {
  const state: NonNullable<typeof current> = { job, credit: start.ahead }
  current = state
  const reader = lineReader({ name: path.basename(start.file), resumeLine: start.resumeLine, orgs: start.orgs, repos: start.repos })
  const heap = garbageCollector(GC_EVERY_LINES)
  let sentReasons = 0
  let lastPost = performance.now()
  const post = async (done: boolean, error?: string) => {
    while (state.credit === 0) await new Promise<void>((resolve) => (state.wake = resolve))
    state.wake = undefined
    state.credit--
    const records = reader.records.length ? packRecords(reader.records) : undefined
    reader.records = []
    const message: ReaderMessage = {
      job,
      line: reader.lineNo,
      records: records?.packed,
      counts: { ...reader.counts },
      reasons: reader.reasons.slice(sentReasons),
      moreReasons: reader.moreReasons,
      skippedBy: reader.skippedBy,
      done,
      ...(error !== undefined ? { error } : {}),
    }
    sentReasons = reader.reasons.length
    port.postMessage(message, records?.transfer ?? [])
    lastPost = performance.now()
  }

  let error: string | undefined
  try {
    for await (const lines of gzipLines(start.file)) {
      for (const line of lines) {
        reader.take(line)
        if (reader.records.length >= start.batchSize) await post(false)
      }
      heap.add(lines.length)
      if (state.credit > 0 && performance.now() - lastPost >= PROGRESS_MS) await post(false)
    }
  } catch (err) {
    if (!(err instanceof GzipReadError)) throw err
    const lineNo = reader.lineNo
    error = lineNo > start.resumeLine ? `${err.message}; stopped after line ${lineNo.toLocaleString('en-US')}` : err.message
  }
  await post(true, error)
  current = undefined
  // Idle until the next file: keep the heap at its live size meanwhile.
  collectGarbage()
}
