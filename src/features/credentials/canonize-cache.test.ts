import { describe, expect, it } from 'vitest'
import { buildCredential, type CredentialContent } from './build-credential.ts'
import { canonizeCached, canonizeStandard } from './canonize-cache.ts'
import { offlineDocumentLoader } from './document-loader.ts'
import { buildStatusListCredential } from './status-list.ts'

const options = { documentLoader: offlineDocumentLoader(), base: null, safe: true }

const base: CredentialContent = {
  baseUrl: 'https://ambassadors.example.org',
  credentialId: '6b1f4a0e-8a62-4f55-9d5e-3f0f3f6e0a11',
  issuerDid: 'did:web:ambassadors.example.org',
  community: { slug: 'kubesphere', name: 'KubeSphere', websiteUrl: 'https://kubesphere.io', logoUrl: null },
  program: { slug: 'ksap', name: 'KubeSphere Ambassador Program', summary: 'Ambassadors.', roleMd: '' },
  cohort: { slug: '2023', title: '2023', year: 2023 },
  role: 'ambassador',
  recipientName: 'Onur Canog\u0306lu',
  validFrom: new Date('2023-09-01T00:00:00Z'),
  validUntil: new Date('2024-09-01T00:00:00Z'),
  status: { listUrl: 'https://ambassadors.example.org/credentials/status/1', index: 7919 },
}

/** Both paths, or the same failure from both. */
async function both(doc: unknown): Promise<[string, string]> {
  const settle = (p: Promise<string>) => p.then((v) => v, (e: Error) => `error: ${e.name}`)
  return [await settle(canonizeStandard(doc, options)), await settle(canonizeCached(doc, options))]
}

describe('canonicalisation cached by document shape', () => {
  const variants: [string, unknown][] = [
    ['NFD name', buildCredential(base)],
    ['Chinese and RTL names', buildCredential({ ...base, recipientName: '尹敏 שרה' })],
    ['quotes, backslashes, newlines, tabs', buildCredential({ ...base, recipientName: 'a "q" \\ \n\t\r end' })],
    ['organizer with logo', buildCredential({ ...base, role: 'organizer', community: { ...base.community, logoUrl: 'https://kubesphere.io/logo.png' } })],
    ['did:key issuer', buildCredential({ ...base, issuerDid: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' })],
    ['same string in many places', buildCredential({ ...base, recipientName: 'KubeSphere', community: { ...base.community, name: 'KubeSphere' }, program: { ...base.program, name: 'KubeSphere', summary: 'KubeSphere' } })],
    ['empty strings', buildCredential({ ...base, recipientName: '', program: { ...base.program, summary: '' } })],
    ['website that is a compact IRI of a context term', buildCredential({ ...base, community: { ...base.community, websiteUrl: 'xsd:string' } })],
    ['relative website', buildCredential({ ...base, community: { ...base.community, websiteUrl: 'kubesphere.io' } })],
    ['website with a space', buildCredential({ ...base, community: { ...base.community, websiteUrl: 'https://kube sphere.io' } })],
    ['blank-node id', { ...(buildCredential(base) as object), id: '_:b0' }],
    ['issuer id equal to the credential id', buildCredential({ ...base, issuerDid: 'https://ambassadors.example.org/credentials/6b1f4a0e-8a62-4f55-9d5e-3f0f3f6e0a11' })],
    ['duplicate identifiers', { ...(buildCredential(base) as Record<string, unknown>), credentialSubject: { ...((buildCredential(base) as { credentialSubject: object }).credentialSubject), identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'x' }, { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'x' }] } }],
    ['a vocabulary value in a kept position changed', { ...(buildCredential(base) as object), type: ['VerifiableCredential', 'AchievementCredential'] }],
    ['an undefined property (safe mode refuses)', { ...(buildCredential(base) as object), somethingElse: 'x' }],
  ]

  for (const [name, doc] of variants) {
    it(`gives the standard result: ${name}`, async () => {
      const [standard, cached] = await both(doc)
      expect(cached).toBe(standard)
      // A second time (template now cached) too.
      expect((await both(doc))[1]).toBe(standard)
    })
  }

  it('gives the standard result for status lists and proof configurations', async () => {
    for (const revoked of [[], [1, 2, 3], [131071]]) {
      const list = await buildStatusListCredential({ url: 'https://a.example/credentials/status/x', issuerDid: 'did:web:a.example', size: 131072, revokedPositions: revoked, validFrom: new Date('2024-01-01T00:00:00Z') })
      const [standard, cached] = await both(list)
      expect(cached).toBe(standard)
    }
    for (const created of ['2024-01-01T00:00:00Z', '2024-05-05T10:11:12Z']) {
      const proof = {
        '@context': buildCredential(base)['@context'],
        type: 'DataIntegrityProof',
        cryptosuite: 'eddsa-rdfc-2022',
        created,
        verificationMethod: 'did:web:ambassadors.example.org#key-20261122-abcdef',
        proofPurpose: 'assertionMethod',
      }
      const [standard, cached] = await both(proof)
      expect(cached).toBe(standard)
    }
  })
})
