import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

/** What a sealed value is for: each purpose gets its own key derived from SECRET_KEY, never shared. */
export type SealPurpose = 'credential signing keys' | 'benefits' | 'webhook secrets'

/** Raised when a sealed value cannot be opened: tampered with, or sealed under another SECRET_KEY. */
export class UnsealError extends Error {
  override name = 'UnsealError'
}

function keyOf(secretKey: string, purpose: SealPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'embassy', `embassy ${purpose} v1`, 32))
}

/** Encrypts a secret at rest with AES-256-GCM under a key derived from SECRET_KEY: "v1.iv.tag.ciphertext". */
export function seal(secretKey: string, purpose: SealPurpose, plaintext: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyOf(secretKey, purpose), iv)
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')
}

/** Opens what seal produced; throws UnsealError when it was tampered with or sealed under another key. */
export function unseal(secretKey: string, purpose: SealPurpose, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.')
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new UnsealError('not a sealed value')
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secretKey, purpose), Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    throw new UnsealError(`a sealed ${purpose} value cannot be opened: SECRET_KEY differs from the one it was sealed with, or it was altered`)
  }
}
