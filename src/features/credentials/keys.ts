import { randomBytes } from 'node:crypto'
import { desc, eq } from 'drizzle-orm'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import type { Db } from '../../db/client.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { decryptSecret, encryptSecret } from './key-encryption.ts'
import type { PublicIssuerKey } from './issuer.ts'
import { credentialKeys } from './schema.ts'

/** An issuer key ready to sign: its public half and the decrypted multibase secret. */
export interface SigningKey extends PublicIssuerKey {
  secretKeyMultibase: string
  createdAt: Date
}

/** Raised when credentials must be signed but `embassy keys init` was never run. */
export class NoSigningKeyError extends Error {
  override name = 'NoSigningKeyError'
  constructor() {
    super('no credential signing key: run `embassy keys init` first')
  }
}

/** Generates an Ed25519 key, stores it encrypted under SECRET_KEY and audits it; new credentials use the newest key. */
export async function createSigningKey(db: Db, secretKey: string, actor = 'system', now = new Date()): Promise<PublicIssuerKey> {
  const pair = await Ed25519Multikey.generate()
  const exported = await pair.export({ publicKey: true, secretKey: true })
  const id = `key-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`
  const publicKeyMultibase = exported.publicKeyMultibase!
  await db.transaction(async (tx) => {
    await tx.insert(credentialKeys).values({
      id,
      publicKeyMultibase,
      secretKeyEncrypted: encryptSecret(secretKey, exported.secretKeyMultibase!),
      createdAt: now,
    })
    await recordAudit(tx as unknown as Db, { actor, action: 'credential_key.create', entity: 'credential_key', entityId: id, after: { publicKeyMultibase } })
  })
  return { id, publicKeyMultibase }
}

/** Every issuer key, newest first (the DID document lists them all so old credentials stay verifiable). */
export async function listSigningKeys(db: Db): Promise<(PublicIssuerKey & { createdAt: Date })[]> {
  return db
    .select({ id: credentialKeys.id, publicKeyMultibase: credentialKeys.publicKeyMultibase, createdAt: credentialKeys.createdAt })
    .from(credentialKeys)
    .orderBy(desc(credentialKeys.createdAt), desc(credentialKeys.id))
}

/** The newest key, decrypted: the one new credentials and status lists are signed with. */
export async function currentSigningKey(db: Db, secretKey: string): Promise<SigningKey> {
  const [row] = await db.select().from(credentialKeys).orderBy(desc(credentialKeys.createdAt), desc(credentialKeys.id)).limit(1)
  if (!row) throw new NoSigningKeyError()
  return {
    id: row.id,
    publicKeyMultibase: row.publicKeyMultibase,
    secretKeyMultibase: decryptSecret(secretKey, row.secretKeyEncrypted),
    createdAt: row.createdAt,
  }
}

/** One key by id, decrypted (status lists of did:key credentials are signed by the key that signed them). */
export async function signingKeyById(db: Db, secretKey: string, id: string): Promise<SigningKey | null> {
  const [row] = await db.select().from(credentialKeys).where(eq(credentialKeys.id, id)).limit(1)
  if (!row) return null
  return { id: row.id, publicKeyMultibase: row.publicKeyMultibase, secretKeyMultibase: decryptSecret(secretKey, row.secretKeyEncrypted), createdAt: row.createdAt }
}
