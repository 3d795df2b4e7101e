// Open Badges 3.0 baking in PNG: one iTXt chunk with the keyword "openbadgecredential", uncompressed, whose
// text is the credential (JSON with an embedded proof, or a compact JWT).
import zlib from 'node:zlib'
import { BakingError, credentialText, MAX_IMAGE_BYTES } from './errors.ts'

/** The iTXt keyword of an OB 3.0 credential. */
export const PNG_KEYWORD = 'openbadgecredential'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

interface Chunk {
  type: string
  /** The whole chunk (length, type, data, CRC) as it is in the file. */
  bytes: Buffer
  data: Buffer
}

/** Splits a PNG into its chunks, checking the signature, every CRC and the IEND end. */
function chunks(png: Uint8Array): Chunk[] {
  if (png.length > MAX_IMAGE_BYTES) throw new BakingError('too_large', `The image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`)
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength)
  if (buf.length < 8 || !buf.subarray(0, 8).equals(SIGNATURE)) throw new BakingError('not_png', 'This file is not a PNG image.')
  const out: Chunk[] = []
  let at = 8
  while (at < buf.length) {
    if (at + 12 > buf.length) throw new BakingError('corrupt_png', 'The PNG is truncated.')
    const length = buf.readUInt32BE(at)
    const end = at + 12 + length
    if (length > 0x7fffffff || end > buf.length) throw new BakingError('corrupt_png', 'The PNG is truncated.')
    const type = buf.toString('latin1', at + 4, at + 8)
    if (!/^[A-Za-z]{4}$/.test(type)) throw new BakingError('corrupt_png', 'The PNG has an invalid chunk.')
    const data = buf.subarray(at + 8, at + 8 + length)
    const crc = zlib.crc32(data, zlib.crc32(buf.subarray(at + 4, at + 8))) >>> 0
    if (crc !== buf.readUInt32BE(at + 8 + length)) throw new BakingError('corrupt_png', `The PNG is damaged (bad checksum in its ${type} chunk).`)
    out.push({ type, bytes: buf.subarray(at, end), data })
    at = end
    if (type === 'IEND') break
  }
  if (out[0]?.type !== 'IHDR' || out.at(-1)?.type !== 'IEND') throw new BakingError('corrupt_png', 'The PNG is incomplete.')
  if (at !== buf.length) throw new BakingError('corrupt_png', 'The PNG has data after its end.')
  return out
}

function isCredentialChunk(c: Chunk): boolean {
  if (c.type !== 'iTXt') return false
  const nul = c.data.indexOf(0)
  return nul > 0 && c.data.toString('latin1', 0, nul) === PNG_KEYWORD
}

function itxt(text: string): Buffer {
  // keyword, NUL, compression flag 0, method 0, empty language tag + NUL, empty translated keyword + NUL, UTF-8 text
  const data = Buffer.concat([Buffer.from(PNG_KEYWORD, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')])
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write('iTXt', 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(data, zlib.crc32(head.subarray(4))) >>> 0, 0)
  return Buffer.concat([head, data, crc])
}

/** The PNG with exactly one openbadgecredential iTXt chunk holding `credential` (any earlier one is replaced). */
export function bakePng(png: Uint8Array, credential: string | object): Buffer {
  const text = credentialText(credential)
  const kept = chunks(png).filter((c) => !isCredentialChunk(c))
  // Right after IHDR, so readers that stop at the first matching chunk find it without reading the image data.
  return Buffer.concat([SIGNATURE, kept[0]!.bytes, itxt(text), ...kept.slice(1).map((c) => c.bytes)])
}

/** The credential text baked into a PNG; refuses a PNG with none or with more than one. */
export function unbakePng(png: Uint8Array): string {
  const found = chunks(png).filter(isCredentialChunk)
  if (found.length === 0) throw new BakingError('no_credential', 'This PNG carries no Open Badges credential.')
  if (found.length > 1) throw new BakingError('multiple_credentials', 'This PNG carries more than one Open Badges credential, so which one it certifies is ambiguous.')
  const data = found[0]!.data
  let at = PNG_KEYWORD.length + 1
  const compressed = data[at]
  at += 2
  if (compressed !== 0) throw new BakingError('invalid_credential', 'The credential in this PNG is compressed, which Open Badges forbids.')
  const lang = data.indexOf(0, at)
  const translated = lang < 0 ? -1 : data.indexOf(0, lang + 1)
  if (translated < 0) throw new BakingError('corrupt_png', 'The credential chunk of this PNG is malformed.')
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(translated + 1))
  } catch {
    throw new BakingError('invalid_credential', 'The credential in this PNG is not valid UTF-8 text.')
  }
  return credentialText(text)
}
