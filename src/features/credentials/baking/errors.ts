/** Why an image could not be baked or unbaked; each has its own code so callers can say which. */
export type BakingErrorCode =
  | 'not_png'
  | 'corrupt_png'
  | 'not_svg'
  | 'no_credential'
  | 'multiple_credentials'
  | 'invalid_credential'
  | 'too_large'

/** A refusal to bake or unbake, with a message safe to show to the person who uploaded the image. */
export class BakingError extends Error {
  override name = 'BakingError'
  constructor(
    readonly code: BakingErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/** Largest image accepted for baking or unbaking (a certificate PNG is ≈ 100–300 KB). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024
/** Largest credential accepted (a signed OpenBadgeCredential is a few KB). */
export const MAX_CREDENTIAL_BYTES = 256 * 1024

/** The credential as the text that is baked: JSON as given (kept byte for byte) or a compact JWS/JWT. */
export function credentialText(credential: string | object): string {
  const text = typeof credential === 'string' ? credential.trim() : JSON.stringify(credential)
  if (Buffer.byteLength(text, 'utf8') > MAX_CREDENTIAL_BYTES) throw new BakingError('too_large', `The credential is larger than ${MAX_CREDENTIAL_BYTES / 1024} KB.`)
  if (!isJwt(text)) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new BakingError('invalid_credential', 'The credential is neither JSON nor a compact JWT.')
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BakingError('invalid_credential', 'The credential must be a JSON object.')
  }
  return text
}

/** Whether text is a compact JWS (three base64url parts), the VC-JWT form of a credential. */
export function isJwt(text: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(text)
}
