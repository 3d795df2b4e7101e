// A PNG encoder for pages whose background never changes: the image data (one zlib stream) is cut into
// bands of rows, each band compressed on its own and ended with a sync flush, so the compressed bytes of the
// background's bands are reused as they are and only bands that a variable region touches are compressed
// again. Deflate allows such concatenation; the zlib Adler-32 is combined from the bands' checksums.
import zlib from 'node:zlib'

/** Rows per independently compressed band. */
export const BAND_ROWS = 16
const ADLER_MOD = 65521
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
// A final empty stored block closes the deflate stream after the sync-flushed bands.
const FINAL_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff])

/** Adler-32 of bytes (zlib's checksum), computed in chunks that cannot overflow. */
export function adler32(data: Uint8Array, start = 0, end = data.length): number {
  let a = 1
  let b = 0
  let i = start
  while (i < end) {
    const stop = Math.min(end, i + 5552)
    for (; i < stop; i++) {
      a += data[i]!
      b += a
    }
    a %= ADLER_MOD
    b %= ADLER_MOD
  }
  return ((b << 16) | a) >>> 0
}

/** Adler-32 of A+B from those of A and B and B's length (zlib's adler32_combine). */
export function adler32Combine(adler1: number, adler2: number, length2: number): number {
  const rem = length2 % ADLER_MOD
  let sum1 = adler1 & 0xffff
  let sum2 = (rem * sum1) % ADLER_MOD
  sum1 += (adler2 & 0xffff) + ADLER_MOD - 1
  sum2 += (adler1 >>> 16) + (adler2 >>> 16) + ADLER_MOD - rem
  if (sum1 >= ADLER_MOD) sum1 -= ADLER_MOD
  if (sum1 >= ADLER_MOD) sum1 -= ADLER_MOD
  if (sum2 >= ADLER_MOD * 2) sum2 -= ADLER_MOD * 2
  if (sum2 >= ADLER_MOD) sum2 -= ADLER_MOD
  return ((sum2 << 16) | sum1) >>> 0
}

/** A PNG chunk: length, type, data, CRC-32 of type and data. */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(data, zlib.crc32(head.subarray(4, 8))) >>> 0, 0)
  return Buffer.concat([head, data, crc])
}

/** One compressed band of rows. */
export interface Band {
  deflated: Buffer
  adler: number
  length: number
}

/** Encodes opaque RGB images of one size that differ from a background only in some rows. */
export class BandedPngEncoder {
  readonly rowBytes: number
  private readonly background: Band[]
  private readonly header: Buffer

  /**
   * `background` is the filtered image data: per row a filter byte (0) and width×3 RGB bytes; or the bands
   * of an encoder built earlier (its `bands()`), which skips compressing them again (a new worker thread).
   */
  constructor(
    readonly width: number,
    readonly height: number,
    background: Buffer | readonly Band[],
    private readonly level = 1,
  ) {
    this.rowBytes = 1 + width * 3
    if (Buffer.isBuffer(background)) {
      if (background.length !== this.rowBytes * height) throw new Error('background size does not match the image')
      this.background = []
      for (let first = 0; first < height; first += BAND_ROWS) this.background.push(this.band(background, first, 9))
    } else {
      if (background.length !== Math.ceil(height / BAND_ROWS)) throw new Error('background bands do not match the image')
      // Bands that crossed a thread arrive as Uint8Arrays.
      this.background = background.map((b) => ({ deflated: Buffer.from(b.deflated.buffer, b.deflated.byteOffset, b.deflated.byteLength), adler: b.adler, length: b.length }))
    }
    const ihdr = Buffer.alloc(13)
    ihdr.writeUInt32BE(width, 0)
    ihdr.writeUInt32BE(height, 4)
    ihdr[8] = 8 // bit depth
    ihdr[9] = 2 // colour type: RGB
    // 10–12: deflate, adaptive filtering, no interlace (all zero)
    this.header = Buffer.concat([SIGNATURE, pngChunk('IHDR', ihdr)])
  }

  /** The compressed background bands, to build the same encoder elsewhere without compressing them again. */
  bands(): readonly Band[] {
    return this.background
  }

  private band(data: Buffer, firstRow: number, level: number): Band {
    const start = firstRow * this.rowBytes
    const end = Math.min(this.height, firstRow + BAND_ROWS) * this.rowBytes
    const slice = data.subarray(start, end)
    const deflated = zlib.deflateRawSync(slice, { level, finishFlush: zlib.constants.Z_SYNC_FLUSH })
    return { deflated, adler: adler32(data, start, end), length: end - start }
  }

  /** A complete PNG of `image` (same layout as the background), recompressing only bands touching `dirtyRows`. */
  encode(image: Buffer, dirtyRows: Array<[first: number, lastExclusive: number]>): Buffer {
    const dirty = new Set<number>()
    for (const [first, last] of dirtyRows) {
      for (let b = Math.floor(Math.max(0, first) / BAND_ROWS); b * BAND_ROWS < Math.min(last, this.height); b++) dirty.add(b)
    }
    const parts: Buffer[] = [Buffer.from([0x78, 0x01])]
    let adler = 1
    this.background.forEach((bg, i) => {
      const band = dirty.has(i) ? this.band(image, i * BAND_ROWS, this.level) : bg
      parts.push(band.deflated)
      adler = adler32Combine(adler, band.adler, band.length)
    })
    const tail = Buffer.alloc(4)
    tail.writeUInt32BE(adler, 0)
    parts.push(FINAL_BLOCK, tail)
    return Buffer.concat([this.header, pngChunk('IDAT', Buffer.concat(parts)), pngChunk('IEND', Buffer.alloc(0))])
  }
}

/** Filtered RGB image data (filter byte 0 per row) from opaque RGBA pixels. */
export function rgbaToFilteredRgb(rgba: Uint8Array, width: number, height: number): Buffer {
  const rowBytes = 1 + width * 3
  const out = Buffer.alloc(rowBytes * height)
  for (let y = 0; y < height; y++) {
    let o = y * rowBytes + 1
    let i = y * width * 4
    for (let x = 0; x < width; x++, i += 4) {
      out[o++] = rgba[i]!
      out[o++] = rgba[i + 1]!
      out[o++] = rgba[i + 2]!
    }
  }
  return out
}

/**
 * Lays premultiplied RGBA pixels (resvg's output) of a w×h region over filtered RGB image data at (x, y):
 * out = src + out × (1 − α), which is "source over" on an opaque page.
 */
export function compositeOver(image: Buffer, rowBytes: number, src: Uint8Array, x: number, y: number, w: number, h: number): void {
  for (let row = 0; row < h; row++) {
    let s = row * w * 4
    let o = (y + row) * rowBytes + 1 + x * 3
    for (let col = 0; col < w; col++, s += 4, o += 3) {
      const a = src[s + 3]!
      if (a === 0) continue
      if (a === 255) {
        image[o] = src[s]!
        image[o + 1] = src[s + 1]!
        image[o + 2] = src[s + 2]!
        continue
      }
      const k = 255 - a
      image[o] = src[s]! + Math.round((image[o]! * k) / 255)
      image[o + 1] = src[s + 1]! + Math.round((image[o + 1]! * k) / 255)
      image[o + 2] = src[s + 2]! + Math.round((image[o + 2]! * k) / 255)
    }
  }
}
