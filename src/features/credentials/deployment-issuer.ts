import type { AppDeps } from '../../deps.ts'
import { offlineDocumentLoader, type DocumentLoader } from './document-loader.ts'
import { baseUrlOf, deploymentDid, dereferenceDidUrl, didWebDocument } from './issuer.ts'
import { listSigningKeys } from './keys.ts'
import { signedStatusList } from './get-status-list.ts'

/** The deployment's DID document with every key ever created (served at /.well-known/did.json). */
export async function deploymentDidDocument(deps: Pick<AppDeps, 'db' | 'config'>) {
  return didWebDocument(deploymentDid(deps.config), await listSigningKeys(deps.db))
}

const STATUS_PATH = /^\/credentials\/status\/([0-9a-f-]{36})(?:\/([A-Za-z0-9-]+))?$/

/**
 * The server's offline loader: bundled contexts, did:key, and this deployment's own did:web document and status
 * lists read from the database. Other deployments' did:web documents are not fetched: their credentials are
 * reported as having an issuer that cannot be resolved.
 */
export function serverDocumentLoader(deps: Pick<AppDeps, 'db' | 'config' | 'secretKey' | 'clock'>): DocumentLoader {
  const did = deploymentDid(deps.config)
  const base = baseUrlOf(deps.config)
  let didDocument: Promise<ReturnType<typeof didWebDocument>> | undefined
  return offlineDocumentLoader(async (url) => {
    if (url === did || url.startsWith(`${did}#`)) {
      didDocument ??= deploymentDidDocument(deps)
      return dereferenceDidUrl(await didDocument, url)
    }
    if (url.startsWith(`${base}/credentials/status/`)) {
      const m = STATUS_PATH.exec(url.slice(base.length))
      const list = m ? await signedStatusList(deps, m[1]!, m[2]) : null
      return list ? JSON.parse(list.json) : undefined
    }
    return undefined
  })
}
