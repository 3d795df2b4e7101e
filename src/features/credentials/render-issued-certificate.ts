import type { AppDeps } from '../../deps.ts'
import { cachedCertificate, cachePath, certificateCacheKey } from './certificates/certificate-cache.ts'
import { certificateInputOf, findCertificateDesign } from './certificates/certificate-input.ts'
import { sharedRenderPool } from './certificates/render-pool.ts'
import type { CredentialRecord } from './queries.ts'

/**
 * Renders the PNG and the PDF of an issued credential into the certificate cache that the download routes
 * (/credentials/:id/certificate.png|.pdf) read, on the shared worker pool; a file already there is kept (the
 * cache is content-addressed, so it is the same bytes). The download route bakes the credential into the PNG.
 */
export async function renderIssuedCertificate(deps: Pick<AppDeps, 'config' | 'db'>, record: CredentialRecord): Promise<{ png: string; pdf: string }> {
  const input = certificateInputOf(record, await findCertificateDesign(deps.db, record.communitySlug), deps.config.baseUrl)
  const pool = sharedRenderPool()
  await Promise.all((['png', 'pdf'] as const).map((format) => cachedCertificate(deps.config.dataDir, input, format, () => pool.render(input, format))))
  return {
    png: cachePath(deps.config.dataDir, certificateCacheKey(input, 'png'), 'png'),
    pdf: cachePath(deps.config.dataDir, certificateCacheKey(input, 'pdf'), 'pdf'),
  }
}
