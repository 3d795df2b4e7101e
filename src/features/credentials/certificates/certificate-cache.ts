// Rendered certificates, content-addressed on disk under DATA_DIR/certificates.
//
// Why on disk and not in the database: the files are derived data (the same input always renders the same
// bytes), 5,000 certificates are ≈ 1 GB of PNG and PDF that backups and PGlite's memory need not carry, and a
// missing or lost file is simply rendered again. Why it is safe with several processes: the name is the hash of
// everything that decides the bytes, a file is written under a temporary name and renamed into place (atomic on
// one file system), so readers see a whole file or none, and two processes racing to write the same key write
// the same bytes. Processes on different machines without a shared DATA_DIR each keep their own cache.
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { RENDERER_VERSION, type CertificateFormat } from './render-certificate.ts'
import type { CertificateInput } from './template.ts'

/** The cache key of a certificate: a hash of the renderer version, the format and every input field. */
export function certificateCacheKey(input: CertificateInput, format: CertificateFormat): string {
  // Fields in a fixed order, so the same certificate hashes the same whatever order its object was built in.
  const d = input.design ?? {}
  const fields = [
    RENDERER_VERSION, format, input.certificateId, input.recipientName, input.programName, input.communityName,
    input.cohortTitle ?? null, input.validFrom, input.validUntil, input.timeZone, input.verificationUrl,
    d.primaryColor ?? null, d.accentColor ?? null, d.logoDataUri ?? null, d.title ?? null,
  ]
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex')
}

/** Where a certificate's file lives in the cache. */
export function cachePath(dataDir: string, key: string, format: CertificateFormat): string {
  return path.join(dataDir, 'certificates', key.slice(0, 2), `${key}.${format}`)
}

/** The cached file of `input`, or the result of `render` (then stored); `hit` says which. */
export async function cachedCertificate(
  dataDir: string,
  input: CertificateInput,
  format: CertificateFormat,
  render: () => Promise<Buffer>,
): Promise<{ bytes: Buffer; key: string; hit: boolean }> {
  const key = certificateCacheKey(input, format)
  const file = cachePath(dataDir, key, format)
  try {
    return { bytes: await fs.readFile(file), key, hit: true }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const bytes = await render()
  await fs.mkdir(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await fs.writeFile(tmp, bytes)
    await fs.rename(tmp, file)
  } catch (err) {
    await fs.rm(tmp, { force: true })
    throw err
  }
  return { bytes, key, hit: false }
}
