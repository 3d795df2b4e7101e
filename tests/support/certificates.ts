import type { CertificateInput } from '../../src/features/credentials/certificates/template.ts'

/** A KubeSphere 2023 certificate for `recipientName` under `certificateId`: what tests and benchmarks render. */
export function kubesphereCertificate(certificateId: string, recipientName: string): CertificateInput {
  return {
    certificateId,
    recipientName,
    programName: 'KubeSphere Ambassadorship Program',
    communityName: 'KubeSphere',
    cohortTitle: '2023',
    validFrom: '2023-01-01T00:00:00+08:00',
    // The instant the term ends: midnight after its last day, December 31.
    validUntil: '2024-01-01T00:00:00+08:00',
    timeZone: 'Asia/Shanghai',
    verificationUrl: `https://embassy.example/credentials/${certificateId}`,
    design: { primaryColor: '#1f4e79', accentColor: '#b08d3c' },
  }
}
