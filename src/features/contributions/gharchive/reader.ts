// The storing thread's side of the GH Archive reader worker (read-worker.ts): messages one at a time, an
// acknowledgement per message taken (the worker posts at most `ahead` unacknowledged ones, so it runs at
// most that many batches ahead of the storing), and any failure of the worker as a rejection.
//
// Starting a worker costs 0.2–0.5 s (a new V8 isolate, tsx and the modules loaded and compiled again), as much
// as importing a few thousand events: a worker that read a file to its end is kept, idle and unreferenced
// (it never holds the process), for the next file, and ended after IDLE_MS without one. A worker that failed
// or whose import failed is ended at once.
import { Worker } from 'node:worker_threads'
import type { ReaderJob, ReaderMessage, ReaderMore, ReaderStart } from './reader-protocol.ts'

/** The worker's entry: plain JavaScript that loads the TypeScript worker through tsx (see read-worker.cjs). */
export const READER_ENTRY = new URL('./read-worker.cjs', import.meta.url)

/** How long a worker waits, idle, for the next file before it is ended. */
const IDLE_MS = 10_000
/**
 * The worker's young generation, in MB. JSON.parse makes mostly short-lived garbage; with V8's default (up to
 * 3 × 16 MB) the worker's heap reached 65 MB and the process's peak RSS 305–312 MB on the benchmark (100,000
 * events), with 8 MB 40 MB and 280–288 MB (both with tsx's ESM loader in the worker, ~20 MB more than now),
 * for ~0.25 s more of scavenges per 100,000 events.
 */
const YOUNG_GENERATION_MB = 8

/** A running reader worker. */
export interface Reader {
  /** The next message; rejects when the worker failed (a throw, an exit) or `fail` was called. */
  next(): Promise<ReaderMessage>
  /** Acknowledges a message taken: the worker may post one more. */
  more(): void
  /** Makes `next` reject with `err` from now on (the storing side failed: no point reading on). */
  fail(err: unknown): void
  /**
   * Ends the reading (idempotent); after it, no message or failure is reported. A worker that posted its last
   * message is kept for the next file; any other is terminated (the promise resolves once it has exited).
   */
  stop(): Promise<void>
}

let idle: { worker: Worker; timer: NodeJS.Timeout; forget: () => void } | undefined
let live = 0
let nextJob = 1

/** Reader workers started and not exited yet, idle ones included (tests check that none is left behind). */
export function readerWorkers(): number {
  return live
}

/** Ends the idle reader worker, if any. */
export async function closeIdleReader(): Promise<void> {
  const w = idle
  if (!w) return
  w.forget()
  await w.worker.terminate()
}

function spawn(entry: URL): Worker {
  const worker = new Worker(entry, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } })
  live++
  worker.once('exit', () => live--)
  return worker
}

/** Keeps a worker that finished a file for the next one; ends it when one is kept already. */
function keep(worker: Worker): void {
  if (idle) {
    void worker.terminate()
    return
  }
  worker.unref()
  const end = () => {
    if (idle?.worker !== worker) return
    clearTimeout(idle.timer)
    idle = undefined
    worker.off('exit', end)
    worker.off('error', end)
  }
  worker.on('exit', end)
  worker.on('error', end) // an idle worker has no import to fail; it exits after this
  const timer = setTimeout(() => {
    end()
    void worker.terminate()
  }, IDLE_MS)
  timer.unref()
  idle = { worker, timer, forget: end }
}

/** Starts reading one file on a reader worker (the idle one when there is one). */
export function startReader(start: ReaderStart, entry: URL = READER_ENTRY): Reader {
  const reusable = entry.href === READER_ENTRY.href
  let worker: Worker
  if (reusable && idle) {
    worker = idle.worker
    idle.forget()
    worker.ref()
  } else worker = spawn(entry)
  const job = nextJob++
  const queue: ReaderMessage[] = []
  let failure: unknown
  let waiting: { resolve: (m: ReaderMessage) => void; reject: (err: unknown) => void } | undefined
  let ended = false // the last message arrived
  let stopping: Promise<void> | undefined

  const settle = () => {
    if (!waiting) return
    const w = waiting
    // A failure is reported before any message still queued: the import stops either way.
    if (failure !== undefined) {
      waiting = undefined
      w.reject(failure)
    } else if (queue.length) {
      waiting = undefined
      w.resolve(queue.shift()!)
    }
  }
  const fail = (err: unknown) => {
    if (stopping || failure !== undefined) return
    failure = err
    settle()
  }
  const onMessage = (m: ReaderMessage) => {
    if (stopping || m.job !== job) return
    if (m.done) ended = true
    queue.push(m)
    settle()
  }
  const onExit = (code: number) => {
    if (!ended) fail(new Error(`the GH Archive reader of ${start.file} stopped before the end (exit code ${code})`))
  }
  worker.on('message', onMessage)
  worker.on('error', fail)
  worker.on('messageerror', fail)
  worker.on('exit', onExit)
  worker.postMessage({ job, start } satisfies ReaderJob)

  return {
    next: () =>
      new Promise<ReaderMessage>((resolve, reject) => {
        if (waiting) throw new Error('reader: next() called while a message is awaited')
        waiting = { resolve, reject }
        settle()
      }),
    more: () => {
      if (!stopping && !ended) worker.postMessage({ more: job } satisfies ReaderMore)
    },
    fail,
    stop: () => {
      if (stopping) return stopping
      worker.off('message', onMessage)
      worker.off('error', fail)
      worker.off('messageerror', fail)
      worker.off('exit', onExit)
      const w = waiting
      waiting = undefined
      w?.reject(new Error('the GH Archive reader was stopped'))
      if (ended && failure === undefined && reusable) {
        keep(worker)
        stopping = Promise.resolve()
      } else {
        // An error the worker raises meanwhile has nobody to fail: it must not become the process's.
        worker.on('error', () => {})
        // Terminating a worker that is exiting already (after an 'error') resolves as well.
        stopping = worker.terminate().then(() => {})
      }
      return stopping
    },
  }
}
