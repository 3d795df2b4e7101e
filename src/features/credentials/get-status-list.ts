import { createHash } from 'node:crypto'
import { and, eq, isNotNull, lt } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import { offlineDocumentLoader } from './document-loader.ts'
import { baseUrlOf, deploymentDid, didKeyOf } from './issuer.ts'
import { currentSigningKey, signingKeyById } from './keys.ts'
import { credentials, credentialStatusLists } from './schema.ts'
import { signCredential } from './sign-credential.ts'
import { buildStatusListCredential, statusListUrl } from './status-list.ts'
import { isUuid } from '../../lib/ids.ts'

/** A signed status list credential as served: its JSON text and an ETag for conditional requests. */
export interface SignedStatusList {
  json: string
  etag: string
  signedAt: Date
}

// did:key variants are rare (an option); they are kept in memory per list version rather than in the table.
const didKeyVariants = new Map<string, SignedStatusList>()

const etagOf = (json: string) => `"${createHash('sha256').update(json).digest('base64url').slice(0, 22)}"`

/**
 * The status list credential, signed: re-signed only when a revocation changed the list since the last
 * signature (the table keeps the signed copy), so serving it is one read. `didKeyId` asks for the variant
 * issued by that key's did:key, for credentials issued under did:key. Null when no such list (or key).
 */
export async function signedStatusList(
  deps: Pick<AppDeps, 'db' | 'config' | 'secretKey' | 'clock'>,
  listId: string,
  didKeyId?: string,
): Promise<SignedStatusList | null> {
  if (!isUuid(listId)) return null
  const [list] = await deps.db.select().from(credentialStatusLists).where(eq(credentialStatusLists.id, listId)).limit(1)
  if (!list) return null
  if (!didKeyId && list.signedVersion === list.version && list.signedCredential && list.signedAt) {
    return { json: list.signedCredential, etag: etagOf(list.signedCredential), signedAt: list.signedAt }
  }
  const variantKey = `${listId}:${didKeyId}:${list.version}`
  const cached = didKeyId ? didKeyVariants.get(variantKey) : undefined
  if (cached) return cached

  const key = didKeyId ? await signingKeyById(deps.db, deps.secretKey, didKeyId) : await currentSigningKey(deps.db, deps.secretKey)
  if (!key) return null
  const issuerDid = didKeyId ? didKeyOf(key.publicKeyMultibase) : deploymentDid(deps.config)
  const revoked = await deps.db
    .select({ index: credentials.statusListIndex })
    .from(credentials)
    .where(and(eq(credentials.statusListId, listId), isNotNull(credentials.revokedAt)))
  const now = deps.clock()
  const unsigned = await buildStatusListCredential({
    url: statusListUrl(baseUrlOf(deps.config), listId, didKeyId),
    issuerDid,
    size: list.size,
    revokedPositions: revoked.map((r) => r.index),
    validFrom: now,
  })
  const signed = await signCredential(unsigned, { key, issuerDid, created: now, documentLoader: offlineDocumentLoader() })
  const json = JSON.stringify(signed)
  const result = { json, etag: etagOf(json), signedAt: now }
  if (didKeyId) {
    if (didKeyVariants.size > 1000) didKeyVariants.clear()
    didKeyVariants.set(variantKey, result)
  } else {
    // Only moves forward: a slower signer of an older version never overwrites a newer signature.
    await deps.db
      .update(credentialStatusLists)
      .set({ signedVersion: list.version, signedCredential: json, signedAt: now })
      .where(and(eq(credentialStatusLists.id, listId), lt(credentialStatusLists.signedVersion, list.version)))
  }
  return result
}
