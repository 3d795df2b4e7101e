import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../../deps.ts'
import { AppError } from '../../../lib/errors.ts'
import { etagMatches, etagOf } from '../../../ui/page-cache.ts'
import { bakePng } from '../baking/png.ts'
import { findCredential } from '../queries.ts'
import { cachedCertificate } from './certificate-cache.ts'
import { certificateInputOf, findCertificateDesign } from './certificate-input.ts'
import { certificateDisposition } from './file-name.ts'
import { sharedRenderPool } from './render-pool.ts'
import type { CertificateFormat } from './render-certificate.ts'

const TYPES: Record<CertificateFormat, string> = { png: 'image/png', pdf: 'application/pdf' }

/** Certificate downloads at stable URLs: /credentials/:id/certificate.png (with the credential baked in) and .pdf. */
export function certificateRoutes(deps: AppDeps) {
  const app = new Hono()

  async function send(c: Context, format: CertificateFormat): Promise<Response> {
    const id = c.req.param('id') ?? ''
    const credential = await findCredential(deps.db, id)
    if (!credential) throw new AppError('not_found', 'There is no certificate with this id.', {}, { key: 'error.noCertificate' })
    if (credential.revokedAt) {
      // The verification page explains the revocation; the certificate itself is no longer handed out.
      return c.text('This certificate was revoked. Its verification page says why.', 410, { 'Cache-Control': 'no-store' })
    }
    const design = await findCertificateDesign(deps.db, credential.communitySlug)
    const input = certificateInputOf(credential, design, deps.config.baseUrl)
    const { bytes } = await cachedCertificate(deps.config.dataDir, input, format, () => sharedRenderPool().render(input, format))
    // The PNG carries the signed credential (Open Badges baking); baking is a cheap splice, done per request.
    const body = format === 'png' ? bakePng(bytes, credential.credentialJson) : bytes
    const etag = etagOf(body)
    const headers = {
      ETag: etag,
      // Short: a revocation must stop the downloads soon; the ETag makes revalidation cheap.
      'Cache-Control': 'public, max-age=300',
      'Content-Type': TYPES[format],
      'Content-Disposition': certificateDisposition(credential.recipientName, credential.id, format, c.req.query('download') !== undefined),
      'X-Content-Type-Options': 'nosniff',
    }
    if (etagMatches(c.req.header('If-None-Match'), etag)) return c.body(null, 304, headers)
    return c.body(new Uint8Array(body), 200, headers)
  }

  app.get('/credentials/:id/certificate.png', (c) => send(c, 'png'))
  app.get('/credentials/:id/certificate.pdf', (c) => send(c, 'pdf'))
  return app
}
