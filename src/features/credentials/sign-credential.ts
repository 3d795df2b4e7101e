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

/**
 * Adds an eddsa-rdfc-2022 Data Integrity proof (@digitalbazaar/vc with the cached cryptosuite) and returns the
 * credential with `proof` as an array, as the 1EdTech schema wants.
 */
export async function signCredential(credential: Record<string, unknown>, o: SignOptions): Promise<Record<string, unknown>> {
  const keyPair = await Ed25519Multikey.from({
    id: verificationMethodId(o.issuerDid, o.key),
    controller: o.issuerDid,
    publicKeyMultibase: o.key.publicKeyMultibase,
    secretKeyMultibase: o.key.secretKeyMultibase,
  })
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: cachedEddsaRdfc2022, date: o.created })
  const signed = await vc.issue({ credential: structuredClone(credential), suite, documentLoader: o.documentLoader })
  const proof = signed.proof
  return { ...signed, proof: Array.isArray(proof) ? proof : [proof] }
}
