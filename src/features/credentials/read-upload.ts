import { BakingError } from './baking/errors.ts'
import { unbakePng } from './baking/png.ts'
import { unbakeSvg } from './baking/svg.ts'
import { t, type Locale } from '../../ui/i18n.ts'

/** Largest upload or posted credential accepted (a baked certificate PNG is a few hundred KB). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024

/** A refused upload, with the status to answer and a message for the person who sent it. */
export class UploadError extends Error {
  override name = 'UploadError'
  constructor(
    readonly status: 413 | 415 | 422,
    message: string,
  ) {
    super(message)
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47])

/** The credential inside uploaded bytes: a baked PNG, a baked SVG, or a JSON credential. */
export function credentialFromBytes(bytes: Buffer, locale: Locale): unknown {
  if (bytes.length > MAX_UPLOAD_BYTES) throw new UploadError(413, t(locale, 'credential.verify.tooLarge', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 }))
  try {
    let text: string
    if (bytes.subarray(0, 4).equals(PNG_SIGNATURE)) text = unbakePng(bytes)
    else {
      const s = bytes.toString('utf8').replace(/^\uFEFF/, '').trimStart()
      if (s.startsWith('<')) text = unbakeSvg(s)
      else if (s.startsWith('{')) text = s
      else throw new UploadError(415, t(locale, 'credential.verify.notJson'))
    }
    try {
      return JSON.parse(text)
    } catch {
      throw new UploadError(422, 'The embedded credential is not valid JSON (a JWT-secured credential cannot be verified here).')
    }
  } catch (err) {
    if (err instanceof BakingError) throw new UploadError(err.code === 'too_large' ? 413 : 422, err.message)
    throw err
  }
}

/** Reads the `file` field of a multipart upload (the body size is limited before this runs) and extracts its credential. */
export async function extractUploadedCredential(body: Record<string, unknown>, locale: Locale): Promise<unknown> {
  const file = body.file
  if (!(file instanceof File) || file.size === 0) throw new UploadError(422, t(locale, 'credential.verify.noFile'))
  return credentialFromBytes(Buffer.from(await file.arrayBuffer()), locale)
}
