import { describe, expect, it } from 'vitest'
import { decryptSecret, encryptSecret, KeyDecryptionError } from './key-encryption.ts'
import { didKeyDocument, didWebFromBaseUrl } from './issuer.ts'
import { positionOf, STATUS_LIST_SIZE } from './status-list.ts'

describe('issuer identifiers, key encryption, status positions', () => {
  it('encodes the port and path of BASE_URL as did:web requires', () => {
    expect(didWebFromBaseUrl('https://ambassadors.example.org')).toBe('did:web:ambassadors.example.org')
    expect(didWebFromBaseUrl('http://localhost:3000/')).toBe('did:web:localhost%3A3000')
    expect(didWebFromBaseUrl('https://example.org/embassy/app')).toBe('did:web:example.org:embassy:app')
  })

  it('dereferences did:key documents offline and refuses malformed ones', () => {
    const mb = 'z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'
    expect(didKeyDocument(`did:key:${mb}#${mb}`)).toMatchObject({ type: 'Multikey', publicKeyMultibase: mb, controller: `did:key:${mb}` })
    expect(didKeyDocument(`did:key:${mb}`)).toMatchObject({ id: `did:key:${mb}`, assertionMethod: [`did:key:${mb}#${mb}`] })
    expect(didKeyDocument('did:key:zNotAKey')).toBeUndefined()
    expect(didKeyDocument(`did:key:${mb}#other`)).toBeUndefined()
  })

  it('encrypts signing keys under SECRET_KEY and refuses another secret', () => {
    const sealed = encryptSecret('secret-one-0123456789-0123456789', 'zSecretMultibase')
    expect(sealed).not.toContain('zSecretMultibase')
    expect(decryptSecret('secret-one-0123456789-0123456789', sealed)).toBe('zSecretMultibase')
    expect(() => decryptSecret('secret-two-0123456789-0123456789', sealed)).toThrow(KeyDecryptionError)
  })

  it('hands out every status-list position exactly once, in scattered order', () => {
    const seen = new Set<number>()
    for (let n = 0; n < STATUS_LIST_SIZE; n++) seen.add(positionOf(n))
    expect(seen.size).toBe(STATUS_LIST_SIZE)
    expect(Math.abs(positionOf(1) - positionOf(0))).toBeGreaterThan(1000)
  })
})
