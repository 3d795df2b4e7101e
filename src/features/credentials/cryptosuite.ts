import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { canonizeCached } from './canonize-cache.ts'

type Verifier = Awaited<ReturnType<Ed25519Multikey.Ed25519KeyPair['verifier']>>
const verifiers = new Map<string, Promise<Verifier>>()

/**
 * The eddsa-rdfc-2022 cryptosuite of @digitalbazaar with two caches: canonicalisation by document shape
 * (canonize-cache.ts) and one verifier per verification method. Same proofs, same verdicts, less work.
 */
export const cachedEddsaRdfc2022 = {
  ...eddsaRdfc2022,
  canonize: canonizeCached,
  createVerifier({ verificationMethod }: { verificationMethod: Record<string, unknown> }) {
    const key = JSON.stringify([verificationMethod.id, verificationMethod.controller, verificationMethod.publicKeyMultibase, verificationMethod.type])
    let v = verifiers.get(key)
    if (!v) {
      if (verifiers.size > 256) verifiers.clear()
      v = Ed25519Multikey.from(verificationMethod).then((k) => k.verifier())
      // A malformed key must not poison the cache for the next attempt.
      v.catch(() => verifiers.delete(key))
      verifiers.set(key, v)
    }
    return v
  },
}

/** A Data Integrity suite for verifying eddsa-rdfc-2022 proofs with the cached cryptosuite. */
export function verifyingSuite() {
  return new DataIntegrityProof({ cryptosuite: cachedEddsaRdfc2022 })
}
