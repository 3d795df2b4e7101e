import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

// A dedicated key per purpose: the cookie-signing HMACs and this encryption never share key material.
const PURPOSE = 'embassy credential signing keys v1'

function derive(secretKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'embassy', PURPOSE, 32))
}

/** Encrypts a secret (an issuer's private key) under SECRET_KEY with AES-256-GCM: "v1.iv.tag.ciphertext". */
export function encryptSecret(secretKey: string, plaintext: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', derive(secretKey), iv)
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.')
}

/** Raised when a stored key cannot be decrypted: SECRET_KEY changed since the key was made. */
export class KeyDecryptionError extends Error {
  override name = 'KeyDecryptionError'
}

/** Decrypts what encryptSecret produced; throws KeyDecryptionError under another SECRET_KEY. */
export function decryptSecret(secretKey: string, sealed: string): string {
  const [version, iv, tag, ct] = sealed.split('.')
  if (version !== 'v1' || !iv || !tag || ct === undefined) throw new KeyDecryptionError('unknown key encryption format')
  try {
    const decipher = createDecipheriv('aes-256-gcm', derive(secretKey), Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    throw new KeyDecryptionError('the signing key cannot be decrypted: SECRET_KEY differs from the one it was stored with')
  }
}
