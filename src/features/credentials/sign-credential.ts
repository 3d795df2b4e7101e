import * as vc from '@digitalbazaar/vc'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { cachedEddsaRdfc2022 } from './cryptosuite.ts'
import type { DocumentLoader } from './document-loader.ts'
import { verificationMethodId } from './issuer.ts'
import type { SigningKey } from './keys.ts'

/** How to sign: the key, the issuer DID it belongs to, the proof's creation instant and the offline loader. */
export interface SignOptions {
  key: SigningKey
  issuerDid: string
  created: Date
  documentLoader: DocumentLoader
}

// Importing the secret key costs more than the signature itself: one signer per key and issuer DID, kept
// while the process lives (a handful: keys are rotated rarely).
const signers = new Map<string, ReturnType<Awaited<ReturnType<typeof Ed25519Multikey.from>>['signer']>>()
async function signerOf(o: SignOptions) {
  const id = verificationMethodId(o.issuerDid, o.key)
  const cacheKey = `${id}\u0000${o.key.publicKeyMultibase}\u0000${o.key.secretKeyMultibase}`
  let signer = signers.get(cacheKey)
  if (!signer) {
    const keyPair = await Ed25519Multikey.from({ id, controller: o.issuerDid, publicKeyMultibase: o.key.publicKeyMultibase, secretKeyMultibase: o.key.secretKeyMultibase })
    signer = keyPair.signer()
    if (signers.size >= 16) signers.clear()
    signers.set(cacheKey, signer)
  }
  return signer
}

/**
 * Adds an eddsa-rdfc-2022 Data Integrity proof (@digitalbazaar/vc with the cached cryptosuite) and returns the
 * credential with `proof` as an array, as the 1EdTech schema wants.
 */
export async function signCredential(credential: Record<string, unknown>, o: SignOptions): Promise<Record<string, unknown>> {
  const suite = new DataIntegrityProof({ signer: await signerOf(o), cryptosuite: cachedEddsaRdfc2022, date: o.created })
  const signed = await vc.issue({ credential: structuredClone(credential), suite, documentLoader: o.documentLoader })
  const proof = signed.proof
  return { ...signed, proof: Array.isArray(proof) ? proof : [proof] }
}
