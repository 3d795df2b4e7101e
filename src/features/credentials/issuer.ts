import type { Config } from '../../config.ts'

/** A public issuer key as the DID document lists it. */
export interface PublicIssuerKey {
  /** Fragment of the verification method, e.g. "key-20261122-1a2b3c". */
  id: string
  publicKeyMultibase: string
}

const DID_V1 = 'https://www.w3.org/ns/did/v1'
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1'

/**
 * The did:web identifier of the deployment at `baseUrl`: the host with its port percent-encoded
 * ("localhost:3000" → "localhost%3A3000") and any path segments joined by ":", as did:web requires.
 */
export function didWebFromBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl)
  const segments = url.pathname.split('/').filter(Boolean).map(encodeURIComponent)
  return ['did:web', encodeURIComponent(url.host), ...segments].join(':')
}

/** The did:key identifier of an Ed25519 Multikey (its public multibase is the method-specific id). */
export function didKeyOf(publicKeyMultibase: string): string {
  return `did:key:${publicKeyMultibase}`
}

/** The verification method id a proof names for a key under an issuer DID. */
export function verificationMethodId(did: string, key: PublicIssuerKey): string {
  return did.startsWith('did:key:') ? `${did}#${key.publicKeyMultibase}` : `${did}#${key.id}`
}

/** The issuer's DID document: every key (current and retired) as a Multikey, all usable for assertions. */
export function didWebDocument(did: string, keys: PublicIssuerKey[]) {
  const methods = keys.map((k) => ({
    id: verificationMethodId(did, k),
    type: 'Multikey',
    controller: did,
    publicKeyMultibase: k.publicKeyMultibase,
  }))
  return {
    '@context': [DID_V1, MULTIKEY_V1],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
    authentication: methods.map((m) => m.id),
  }
}

/** The document a did:key URL dereferences to (the DID document, or the verification method for a fragment). */
export function didKeyDocument(url: string): unknown {
  const [did, fragment] = url.split('#') as [string, string | undefined]
  const multibase = did.slice('did:key:'.length)
  if (!/^z6Mk[1-9A-HJ-NP-Za-km-z]+$/.test(multibase)) return undefined
  const doc = didWebDocument(did, [{ id: multibase, publicKeyMultibase: multibase }])
  return fragment === undefined ? doc : fragment === multibase ? { '@context': MULTIKEY_V1, ...doc.verificationMethod[0] } : undefined
}

/** Dereferences a DID URL against one DID document: the document itself, or one of its verification methods. */
export function dereferenceDidUrl(doc: ReturnType<typeof didWebDocument>, url: string): unknown {
  if (url === doc.id) return doc
  const method = doc.verificationMethod.find((m) => m.id === url)
  return method ? { '@context': MULTIKEY_V1, ...method } : undefined
}

/** How a credential names its issuer: the deployment's did:web (default) or the signing key's did:key. */
export type DidMethod = 'web' | 'key'

/** The deployment's base URL without a trailing slash. */
export const baseUrlOf = (config: Pick<Config, 'baseUrl'>) => config.baseUrl.replace(/\/+$/, '')

/** The deployment's did:web identifier (from BASE_URL). */
export const deploymentDid = (config: Pick<Config, 'baseUrl'>) => didWebFromBaseUrl(baseUrlOf(config))

/** The issuer DID a credential signed with `key` carries under `method`. */
export function issuerDidFor(config: Pick<Config, 'baseUrl'>, key: PublicIssuerKey, method: DidMethod = 'web'): string {
  return method === 'key' ? didKeyOf(key.publicKeyMultibase) : deploymentDid(config)
}
