import zlib from 'node:zlib'
import { Resvg } from '@resvg/resvg-js'
import { describe, expect, it } from 'vitest'
import { fontFilesFor, missingCodePoints, SERIF_STACK } from './fonts.ts'
import { renderCertificate } from './render-certificate.ts'
import { kubesphereCertificate } from '../../../../tests/support/certificates.ts'
import { allLayers, certificateLayers, certificateSvg, page, termLine, xml } from './template.ts'

const base = kubesphereCertificate('0b5d3c1e-8f7a-4c1d-9e2b-3a4f5c6d7e8f', 'Onur Canoğlu')

/** The names of the issue: NFD forms, Turkish dotted and dotless i, Chinese, Arabic and Hebrew. */
const names = [
  'Onur Canog\u0306lu',
  'I\u0307remnur O\u0308nder',
  'İremnur Önder ılık',
  '尹敏',
  '张海立',
  'محمد عبد الله',
  'דוד בן־גוריון',
  'Zoë Ångström-Łukasiewicz',
]

/** RGB rows of one of our PNGs (one IDAT, filter 0 on every row, as our encoder writes them). */
function pixelsOf(png: Buffer): { width: number; height: number; rgb: Buffer } {
  const width = png.readUInt32BE(16)
  const height = png.readUInt32BE(20)
  const idat: Buffer[] = []
  for (let at = 8; at < png.length; at += 12 + png.readUInt32BE(at)) {
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + png.readUInt32BE(at)))
  }
  const raw = zlib.inflateSync(Buffer.concat(idat)) // checks the Adler-32 the encoder combined from its bands
  const rgb = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    expect(raw[y * (1 + width * 3)]).toBe(0)
    raw.copy(rgb, y * width * 3, y * (1 + width * 3) + 1, (y + 1) * (1 + width * 3))
  }
  return { width, height, rgb }
}

/** Renders one piece of text alone (black on transparent) with the name's font stack and the fonts of `fontsFor`. */
function glyphRun(text: string, fontsFor = text): Uint8Array {
  // Bold, as names are drawn, with the bold faces only (see Weight in template.ts).
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="100"><text x="80" y="70" text-anchor="middle" font-family="${SERIF_STACK}" font-weight="700" font-size="60">${xml(text)}</text></svg>`
  return new Resvg(svg, { font: { fontFiles: fontFilesFor(fontsFor, 700), loadSystemFonts: false, defaultFontFamily: 'Noto Serif' } }).render().pixels
}
const ink = (pixels: Uint8Array) => pixels.some((v, i) => i % 4 === 3 && v > 0)
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))

describe('certificate rendering', { timeout: 120_000 }, () => {
  it('draws NFD names pixel for pixel like their NFC forms', async () => {
    for (const name of names.filter((n) => n !== n.normalize('NFC'))) {
      const nfd = pixelsOf(await renderCertificate({ ...base, recipientName: name }, 'png'))
      const nfc = pixelsOf(await renderCertificate({ ...base, recipientName: name.normalize('NFC') }, 'png'))
      expect(nfd.rgb.equals(nfc.rgb), name).toBe(true)
    }
    // …and the comparison can fail: another name changes the pixels.
    const other = pixelsOf(await renderCertificate({ ...base, recipientName: 'Onur Canoglu' }, 'png'))
    const nfc = pixelsOf(await renderCertificate({ ...base, recipientName: 'Onur Canoğlu' }, 'png'))
    expect(other.rgb.equals(nfc.rgb)).toBe(false)
  })

  it('has a glyph for every character of every name in the bundled fonts', () => {
    for (const name of names) expect(missingCodePoints(name), name).toEqual([])
    // The check can fail: Javanese and a private-use character are in no bundled font.
    expect(missingCodePoints('ꦧ\uE000')).toEqual([0xa9a7, 0xe000])
  })

  it('draws no .notdef box: each character of each name draws ink unlike a character no font has', () => {
    for (const name of names) {
      // What "missing" looks like with the fonts this name loads; the same for any missing character.
      const notdef = glyphRun('\uE000', name)
      expect(same(glyphRun('\uE001', name), notdef)).toBe(true)
      const clusters = [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(name.normalize('NFC'))].map((s) => s.segment).filter((s) => s.trim())
      for (const cluster of clusters) {
        const run = glyphRun(cluster, name)
        expect(ink(run), `${name}: ${cluster}`).toBe(true)
        expect(same(run, notdef), `${name}: ${cluster} draws the missing-glyph box`).toBe(false)
      }
    }
  })

  it('gives the same bytes for the same input, PNG and PDF, with no date of today in them', async () => {
    const input = { ...base, recipientName: '张海立' }
    const png = await renderCertificate(input, 'png')
    expect((await renderCertificate(input, 'png')).equals(png)).toBe(true)
    const pdf = await renderCertificate(input, 'pdf')
    expect((await renderCertificate(input, 'pdf')).equals(pdf)).toBe(true)
    expect(pdf.toString('latin1').includes('(D:20221231160000Z)'), 'creation date = start of the term').toBe(true)
    expect(png.toString('latin1')).not.toMatch(/tIME|tEXt/)
  })

  it('lays the variable regions over the pre-rendered background exactly where a one-piece rendering draws them', async () => {
    for (const name of ['Onur Canog\u0306lu', 'محمد عبد الله']) {
      const input = { ...base, recipientName: name }
      const layered = pixelsOf(await renderCertificate(input, 'png'))
      // Each layer drawn on the full page on its own, blended by resvg itself (as an <image> stack).
      const images = allLayers(certificateLayers(input)).map((layer) => {
        const png = new Resvg(page(layer.content), { font: { fontFiles: fontFilesFor(layer.text, layer.weight, layer.families), loadSystemFonts: false } }).render().asPng()
        return `<image width="1600" height="1131" href="data:image/png;base64,${Buffer.from(png).toString('base64')}"/>`
      })
      const whole = new Resvg(page(images.join(''))).render()
      expect([layered.width, layered.height]).toEqual([whole.width, whole.height])
      const reference = whole.pixels // a getter that copies the whole image: read it once
      let worst = 0
      for (let p = 0, q = 0; p < layered.rgb.length; p += 3, q += 4) {
        for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(layered.rgb[p + c]! - reference[q + c]!))
      }
      expect(worst, name).toBeLessThanOrEqual(2) // rounding of the premultiplied blend only
    }
  })

  it('writes an A4 landscape PDF with the QR code as a link to the verification page', async () => {
    const pdf = (await renderCertificate(base, 'pdf')).toString('latin1')
    expect(pdf.startsWith('%PDF-')).toBe(true)
    expect(pdf.includes('/MediaBox [0 0 841.89 595.28]')).toBe(true)
    expect(pdf.includes(`/URI (${base.verificationUrl})`)).toBe(true)
  })

  it('names the term’s last day, the day before the instant it ends, in the cohort’s zone', () => {
    // A Tokyo term of 2027: it starts at midnight on January 10 and ends at midnight on January 1, 2028 (local).
    const input = { ...kubesphereCertificate('c-2027', 'Aiko Tanaka'), cohortTitle: '2027', validFrom: '2027-01-09T15:00:00Z', validUntil: '2027-12-31T15:00:00Z', timeZone: 'Asia/Tokyo' }
    expect(termLine(input)).toBe('Cohort 2027 · 10 January 2027 – 31 December 2027')
  })

  it('keeps untrusted text out of the SVG markup', () => {
    const input = { ...base, recipientName: '<script>"&', design: { primaryColor: 'red" onload="x', logoDataUri: 'https://evil.example/x.png' } }
    // Names are drawn as outlines (no text in the markup at all); as <text>, escaped.
    expect(certificateSvg(certificateLayers(input))).not.toContain('script')
    const layers = certificateLayers(input, { outlineText: false })
    const svg = certificateSvg(layers)
    expect(svg).not.toContain('<script>')
    expect(svg).toContain('&#60;script&#62;&#34;&#38;')
    expect(svg).not.toContain('onload')
    expect(svg).not.toContain('evil.example')
  })
})
