import { describe, expect, it } from 'vitest'
import { renderCertificate } from './render-certificate.ts'
import { CertificateRenderPool } from './render-pool.ts'
import type { CertificateInput } from './template.ts'
import { kubesphereCertificate } from '../../../../tests/support/certificates.ts'

const input = (i: number, name: string): CertificateInput => kubesphereCertificate(`0b5d3c1e-8f7a-4c1d-9e2b-${String(i).padStart(12, '0')}`, name)

describe('certificate render pool', () => {
  it('renders the same bytes as in-process, also on replacement workers started from the caches a retired one shared', async () => {
    // One render per worker: every job after the first runs on a new worker that starts from the shared
    // backgrounds, outlines and term line (and a second design arrives half-way, computed there and shared on).
    const pool = new CertificateRenderPool({ size: 1, rendersPerWorker: 1 })
    const inputs = [input(1, 'Onur Canog\u0306lu'), input(2, '尹敏'), { ...input(3, 'דוד בן־גוריון'), design: { primaryColor: '#326ce5', accentColor: '#e8b100' } }, input(4, 'Zoë Ångström')]
    try {
      for (const item of inputs) {
        for (const format of ['png', 'pdf', 'png'] as const) {
          const fromPool = await pool.render(item, format)
          expect(fromPool.equals(await renderCertificate(item, format)), `${item.recipientName} ${format}`).toBe(true)
        }
      }
    } finally {
      await pool.close()
    }
  }, 60_000)

  it('fails a render cleanly when closed, and refuses new ones', async () => {
    const pool = new CertificateRenderPool({ size: 1 })
    await pool.close()
    await expect(pool.render(input(9, 'Ada'), 'png')).rejects.toThrow(/closed/)
  })
})
