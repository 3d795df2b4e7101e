// Renders certificates for the pool (render-pool.ts): one job at a time, bytes transferred back without a copy.
// A worker starts from the caches an earlier worker shared (workerData.state), and shares its own whenever they
// gain an entry, so that a replacement worker does not compute each design's background again.
import { parentPort, workerData } from 'node:worker_threads'
import { exportRendererState, importRendererState, renderCertificate, rendererStateVersion, type CertificateFormat, type RendererState } from './render-certificate.ts'
import type { CertificateInput } from './template.ts'

/** A job the pool sends. */
export interface WorkerJob {
  id: number
  input: CertificateInput
  format: CertificateFormat
}

/** What the worker answers; `state` when its caches changed since it last shared them. */
export type WorkerResult = { id: number; ok: true; bytes: Uint8Array; state?: RendererState } | { id: number; ok: false; message: string }

/** What the pool starts a worker with. */
export interface WorkerStart {
  state?: RendererState
}

const start = workerData as WorkerStart | undefined
if (start?.state) importRendererState(start.state)
let shared = rendererStateVersion()

parentPort!.on('message', (job: WorkerJob) => {
  renderCertificate(job.input, job.format).then(
    (buf) => {
      // Transfer needs an ArrayBuffer of its own (small Buffers share Node's pool).
      const bytes = buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength ? new Uint8Array(buf.buffer) : new Uint8Array(buf)
      const version = rendererStateVersion()
      // The caches are copied (not transferred): this worker keeps using them.
      const state = version !== shared ? exportRendererState() : undefined
      shared = version
      parentPort!.postMessage({ id: job.id, ok: true, bytes, state } satisfies WorkerResult, [bytes.buffer as ArrayBuffer])
    },
    (err: unknown) => parentPort!.postMessage({ id: job.id, ok: false, message: (err as Error).message } satisfies WorkerResult),
  )
})
