// A pool of worker threads that render certificates: both cores work, and resvg's native memory (a few MB per
// render, freed only when V8 happens to collect the renderer) goes away with each worker, which is replaced
// after a fixed number of renders.
import os from 'node:os'
import { Worker } from 'node:worker_threads'
import type { CertificateFormat } from './render-certificate.ts'
import type { RendererState } from './render-certificate.ts'
import type { WorkerJob, WorkerResult, WorkerStart } from './render-worker.ts'
import type { CertificateInput } from './template.ts'

const ENTRY = new URL('./render-worker.mjs', import.meta.url)

/** Options of a render pool. */
export interface RenderPoolOptions {
  /** Worker threads (default: the number of cores, at most 4). */
  size?: number
  /** PNG renders after which a worker is replaced, releasing its native memory (default 250). */
  rendersPerWorker?: number
}

interface Pending {
  job: WorkerJob
  resolve: (bytes: Buffer) => void
  reject: (err: Error) => void
}

interface Slot {
  worker: Worker
  renders: number
  busy: Pending | undefined
}

/** Renders certificates on worker threads; `close()` ends them. */
export class CertificateRenderPool {
  private readonly size: number
  private readonly rendersPerWorker: number
  private readonly slots: Slot[] = []
  private readonly queue: Pending[] = []
  private nextId = 1
  private closed = false
  /** The caches a worker last shared: a new worker starts with them (backgrounds cost ≈ 0.3 s to compute). */
  private warm: RendererState | undefined

  constructor(options: RenderPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.min(4, os.availableParallelism()))
    this.rendersPerWorker = Math.max(1, options.rendersPerWorker ?? 250)
  }

  /** The certificate of `input` in `format`, rendered on a worker (same bytes as renderCertificate). */
  render(input: CertificateInput, format: CertificateFormat): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('the certificate render pool is closed'))
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, input, format }, resolve, reject })
      this.dispatch()
    })
  }

  /** Ends every worker; queued renders fail. */
  async close(): Promise<void> {
    this.closed = true
    for (const p of this.queue.splice(0)) p.reject(new Error('the certificate render pool was closed'))
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()))
  }

  private spawn(): Slot {
    const worker = new Worker(ENTRY, { workerData: { state: this.warm } satisfies WorkerStart })
    // An idle pool must not keep the process alive (the web server owns one).
    worker.unref()
    const slot: Slot = { worker, renders: 0, busy: undefined }
    worker.on('message', (result: WorkerResult) => this.finish(slot, result))
    worker.on('error', (err) => this.fail(slot, err))
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) this.fail(slot, new Error(`certificate worker exited with code ${code}`))
    })
    this.slots.push(slot)
    return slot
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy)
      if (!slot && this.slots.length < this.size) slot = this.spawn()
      if (!slot) return
      const pending = this.queue.shift()!
      slot.busy = pending
      slot.worker.ref() // busy workers keep the process alive until their answer arrives
      slot.worker.postMessage(pending.job)
    }
  }

  private finish(slot: Slot, result: WorkerResult): void {
    if (result.ok && result.state) this.warm = result.state
    const pending = slot.busy
    slot.busy = undefined
    slot.worker.unref()
    // Only PNG renders count: resvg-js keeps each rendered image's native memory (≈ 2 MB a certificate) until
    // the worker ends, even after a full GC; PDF renders (outlines only) keep none (measured).
    if (pending?.job.format === 'png') slot.renders++
    if (slot.renders >= this.rendersPerWorker) this.retire(slot)
    if (pending) {
      if (result.ok) pending.resolve(Buffer.from(result.bytes.buffer, result.bytes.byteOffset, result.bytes.byteLength))
      else pending.reject(new Error(result.message))
    }
    this.dispatch()
  }

  private fail(slot: Slot, err: Error): void {
    const pending = slot.busy
    slot.busy = undefined
    this.retire(slot)
    pending?.reject(err)
    this.dispatch()
  }

  private retire(slot: Slot): void {
    const i = this.slots.indexOf(slot)
    if (i >= 0) this.slots.splice(i, 1)
    void slot.worker.terminate()
  }
}

/** What bulk rendering returns per input: the requested formats' bytes. */
export type RenderedCertificate = Partial<Record<CertificateFormat, Buffer>>

/**
 * Renders many certificates on a pool (bulk issuance): every input in every format, in input order.
 * Uses `pool` when given (and leaves it open), else a pool of its own that it closes.
 */
export async function renderCertificatesInPool(
  inputs: CertificateInput[],
  formats: CertificateFormat[] = ['png', 'pdf'],
  options: { pool?: CertificateRenderPool; onRendered?: (done: number, total: number) => void } & RenderPoolOptions = {},
): Promise<RenderedCertificate[]> {
  const pool = options.pool ?? new CertificateRenderPool(options)
  let done = 0
  try {
    return await Promise.all(
      inputs.map(async (input) => {
        const out: RenderedCertificate = {}
        await Promise.all(formats.map(async (f) => void (out[f] = await pool.render(input, f))))
        options.onRendered?.(++done, inputs.length)
        return out
      }),
    )
  } finally {
    if (!options.pool) await pool.close()
  }
}

let shared: CertificateRenderPool | undefined
/** The process's pool for on-demand renders (downloads); created on first use, its idle workers never hold the process. */
export function sharedRenderPool(): CertificateRenderPool {
  return (shared ??= new CertificateRenderPool({ size: Math.min(2, os.availableParallelism()) }))
}
