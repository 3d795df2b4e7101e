import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

/** The AES-256 key for sealed benefit data, derived from the deployment's secret (a separate purpose from CSRF and sessions). */
function keyOf(secret: string): Buffer {
  return createHash('sha256').update(`embassy:benefits:v1:${secret}`).digest()
}

/** Seals a value with AES-256-GCM: "v1.<iv>.<tag>.<ciphertext>" (base64url); the database never holds it in clear. */
export function seal(secret: string, value: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv)
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()])
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')
}

/** Opens a sealed value; throws when it was tampered with or sealed under another key. */
export function unseal(secret: string, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.')
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed value')
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
}
