// Renders certificates for the pool (render-pool.ts): one job at a time, bytes transferred back without a copy.
import { parentPort } from 'node:worker_threads'
import { renderCertificate, type CertificateFormat } from './render-certificate.ts'
import type { CertificateInput } from './template.ts'

/** A job the pool sends. */
export interface WorkerJob {
  id: number
  input: CertificateInput
  format: CertificateFormat
}

/** What the worker answers. */
export type WorkerResult = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; message: string }

parentPort!.on('message', (job: WorkerJob) => {
  renderCertificate(job.input, job.format).then(
    (buf) => {
      // Transfer needs an ArrayBuffer of its own (small Buffers share Node's pool).
      const bytes = buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength ? new Uint8Array(buf.buffer) : new Uint8Array(buf)
      parentPort!.postMessage({ id: job.id, ok: true, bytes } satisfies WorkerResult, [bytes.buffer as ArrayBuffer])
    },
    (err: unknown) => parentPort!.postMessage({ id: job.id, ok: false, message: (err as Error).message } satisfies WorkerResult),
  )
})
