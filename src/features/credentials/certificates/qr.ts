import QRCode from 'qrcode'

/** A QR code as one SVG path of whole-pixel squares (crisp at any size we draw, no seams between modules). */
export interface QrPath {
  /** Path data in module units (one module = 1). */
  d: string
  /** Modules per side, without the quiet zone. */
  size: number
  /** The modules row by row (1 = dark), for drawing them straight into pixels. */
  modules: Uint8Array
}

/** The QR code of `text` (error correction M, enough for a printed page that gets folded). */
export function qrPath(text: string): QrPath {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const { size, data } = qr.modules
  const parts: string[] = []
  for (let y = 0; y < size; y++) {
    let x = 0
    while (x < size) {
      if (!data[y * size + x]) {
        x++
        continue
      }
      // One rectangle per horizontal run keeps the path short and the edges exact.
      const start = x
      while (x < size && data[y * size + x]) x++
      parts.push(`M${start} ${y}h${x - start}v1h${start - x}z`)
    }
  }
  return { d: parts.join(''), size, modules: Uint8Array.from(data as ArrayLike<number>) }
}
