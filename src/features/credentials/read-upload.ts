import { BakingError } from './baking/errors.ts'
import { unbakePng } from './baking/png.ts'
import { unbakeSvg } from './baking/svg.ts'
import { t, type Locale, type MessageKey } from '../../ui/i18n.ts'

/** Largest upload or posted credential accepted (a baked certificate PNG is a few hundred KB). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024

/**
 * A refused upload, with the status to answer and what to tell the person who sent it: `key` and `vars` in
 * the catalogue, for the page in its language; `message` is the English text (the baking library's own, more
 * precise, when it refused the image).
 */
export class UploadError extends Error {
  override name = 'UploadError'
  constructor(
    readonly status: 413 | 415 | 422,
    readonly key: MessageKey,
    readonly vars: Record<string, string | number> = {},
    message = t('en', key, vars),
  ) {
    super(message)
  }

  /** The refusal in `locale`. */
  text(locale: Locale): string {
    return t(locale, this.key, this.vars)
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47])
const TOO_LARGE = { mb: MAX_UPLOAD_BYTES / 1024 / 1024 }

/** The credential inside uploaded bytes: a baked PNG, a baked SVG, or a JSON credential. */
export function credentialFromBytes(bytes: Buffer): unknown {
  if (bytes.length > MAX_UPLOAD_BYTES) throw new UploadError(413, 'credential.verify.tooLarge', TOO_LARGE)
  try {
    let text: string
    if (bytes.subarray(0, 4).equals(PNG_SIGNATURE)) text = unbakePng(bytes)
    else {
      const s = bytes.toString('utf8').replace(/^\uFEFF/, '').trimStart()
      if (s.startsWith('<')) text = unbakeSvg(s)
      else if (s.startsWith('{')) text = s
      else throw new UploadError(415, 'credential.verify.notJson')
    }
    try {
      return JSON.parse(text)
    } catch {
      throw new UploadError(422, 'credential.upload.embeddedNotJson')
    }
  } catch (err) {
    if (err instanceof BakingError) throw new UploadError(err.code === 'too_large' ? 413 : 422, `credential.upload.${err.code}`, {}, err.message)
    throw err
  }
}

/** Reads the `file` field of a multipart upload (the body size is limited before this runs) and extracts its credential. */
export async function extractUploadedCredential(body: Record<string, unknown>): Promise<unknown> {
  const file = body.file
  if (!(file instanceof File) || file.size === 0) throw new UploadError(422, 'credential.verify.noFile')
  return credentialFromBytes(Buffer.from(await file.arrayBuffer()))
}
