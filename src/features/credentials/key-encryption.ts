import { seal, unseal, UnsealError } from '../../lib/sealed.ts'

/** Encrypts an issuer's private key under SECRET_KEY (see lib/sealed.ts). */
export function encryptSecret(secretKey: string, plaintext: string): string {
  return seal(secretKey, 'credential signing keys', plaintext)
}

/** Raised when a stored key cannot be decrypted: SECRET_KEY changed since the key was made. */
export class KeyDecryptionError extends Error {
  override name = 'KeyDecryptionError'
}

/** Decrypts what encryptSecret produced; throws KeyDecryptionError under another SECRET_KEY. */
export function decryptSecret(secretKey: string, sealed: string): string {
  try {
    return unseal(secretKey, 'credential signing keys', sealed)
  } catch (err) {
    if (err instanceof UnsealError) {
      throw new KeyDecryptionError(sealed.startsWith('v1.') ? 'the signing key cannot be decrypted: SECRET_KEY differs from the one it was stored with' : 'unknown key encryption format')
    }
    throw err
  }
}
