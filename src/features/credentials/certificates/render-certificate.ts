// renderCertificate(input, format): the certificate as PNG or PDF bytes, a pure function of its input
// (same input, same bytes: no dates of today in either file).
import { createHash } from 'node:crypto'
import zlib from 'node:zlib'
import { Resvg } from '@resvg/resvg-js'
import PDFDocument from 'pdfkit'
import { fontFilesFor } from './fonts.ts'
import { drawUsvg } from './pdf-from-usvg.ts'
import { BAND_ROWS, BandedPngEncoder, compositeOver, rgbaToFilteredRgb, type Band } from './png-encoder.ts'
import { certificateLayers, page, PAGE, type CertificateInput, type CertificateLayers, type Layer, type Region } from './template.ts'

/** Bumped whenever the template, fonts or encoders change what a certificate looks like (part of cache keys). */
export const RENDERER_VERSION = 5

/** The file formats of a certificate. */
export type CertificateFormat = 'png' | 'pdf'

function resvg(svg: string, layer: Pick<Layer, 'text' | 'weight' | 'families'>): Resvg {
  return new Resvg(svg, {
    font: { fontFiles: fontFilesFor(layer.text, layer.weight, layer.families), loadSystemFonts: false, defaultFontFamily: 'Noto Serif' },
    shapeRendering: 2,
    textRendering: 1,
    imageRendering: 0,
  })
}

// Every cache below is per thread; a new render worker starts from what an earlier one computed
// (exportRendererState / importRendererState), since a background costs a third of a second to compute.
let stateVersion = 0

// The rasterised background of each design (a few per process), kept as an encoder holding its compressed bands.
const backgrounds = new Map<string, { encoder: BandedPngEncoder; image: Buffer }>()
const MAX_BACKGROUNDS = 16

function backgroundKey(layers: CertificateLayers): string {
  return createHash('sha256').update(JSON.stringify(layers.background)).digest('hex')
}

function backgroundOf(layers: CertificateLayers) {
  const key = backgroundKey(layers)
  let bg = backgrounds.get(key)
  if (!bg) {
    const [first, ...rest] = layers.background
    const base = resvg(page(first!.content), first!).render()
    const image = rgbaToFilteredRgb(base.pixels, base.width, base.height)
    const rowBytes = 1 + base.width * 3
    for (const layer of rest) {
      const rendered = resvg(page(layer.content), layer).render()
      compositeOver(image, rowBytes, rendered.pixels, 0, 0, rendered.width, rendered.height)
    }
    bg = { encoder: new BandedPngEncoder(base.width, base.height, image), image }
    if (backgrounds.size >= MAX_BACKGROUNDS) backgrounds.delete(backgrounds.keys().next().value!)
    backgrounds.set(key, bg)
    stateVersion++
  }
  return bg
}

let scratch = Buffer.alloc(0)

// Regions whose content repeats (the term line is the same for a whole cohort) are rendered once.
const regionCache = new Map<string, { pixels: Buffer; width: number; height: number }>()
const MAX_CACHED_REGIONS = 64
const regionRepeats = (r: Region) => r.repeats === true

function regionPixels(r: Region): { pixels: Buffer; width: number; height: number } {
  const svg = page(r.content, `${r.x} ${r.y} ${r.width} ${r.height}`, r.width, r.height)
  const key = `${r.weight}${r.text}${r.families ?? ''}${svg}`
  const cached = regionCache.get(key)
  if (cached) return cached
  const rendered = resvg(svg, r).render()
  const out = { pixels: rendered.pixels, width: rendered.width, height: rendered.height }
  // Only small keys are worth keeping: the term line, not names and ids (different on every certificate).
  if (regionRepeats(r)) {
    if (regionCache.size >= MAX_CACHED_REGIONS) regionCache.delete(regionCache.keys().next().value!)
    regionCache.set(key, out)
    stateVersion++
  }
  return out
}

/**
 * The QR code region filled straight into the image: its white square, then each dark module as a
 * module×module square (#1d1d1f), the pixels resvg draws for the region's crispEdges path. resvg-js keeps the
 * native memory of every rendered image until its worker ends, so a render fewer per certificate also lets
 * the pool keep its workers longer.
 */
function drawQr(image: Buffer, rowBytes: number, r: Region): void {
  const qr = r.qr!
  const fill = (x: number, y: number, w: number, h: number, rgb: readonly [number, number, number]) => {
    for (let row = y; row < y + h; row++) {
      let o = row * rowBytes + 1 + x * 3
      for (let col = 0; col < w; col++, o += 3) {
        image[o] = rgb[0]
        image[o + 1] = rgb[1]
        image[o + 2] = rgb[2]
      }
    }
  }
  fill(r.x, r.y, r.width, r.height, [0xff, 0xff, 0xff])
  for (let my = 0; my < qr.size; my++) {
    for (let mx = 0; mx < qr.size; mx++) {
      if (qr.modules[my * qr.size + mx]) fill(qr.x + mx * qr.module, qr.y + my * qr.module, qr.module, qr.module, [0x1d, 0x1d, 0x1f])
    }
  }
}

/** The PNG: background rendered once per design, the variable regions rendered and laid over it. */
function renderPng(layers: CertificateLayers): Buffer {
  const { encoder, image: background } = backgroundOf(layers)
  // Only the bands the regions touch are read by the encoder (the others reuse the background's compressed
  // bytes), so only those bands are copied into the process's scratch image.
  if (scratch.length !== background.length) scratch = Buffer.alloc(background.length)
  const image = scratch
  for (const r of layers.regions) {
    const first = Math.floor(r.y / BAND_ROWS) * BAND_ROWS
    const last = Math.min(encoder.height, Math.ceil((r.y + r.height) / BAND_ROWS) * BAND_ROWS)
    background.copy(image, first * encoder.rowBytes, first * encoder.rowBytes, last * encoder.rowBytes)
  }
  const dirty: Array<[number, number]> = []
  for (const r of layers.regions) {
    if (r.qr) drawQr(image, encoder.rowBytes, r)
    else {
      const rendered = regionPixels(r)
      compositeOver(image, encoder.rowBytes, rendered.pixels, r.x, r.y, rendered.width, rendered.height)
    }
    dirty.push([r.y, r.y + r.height])
  }
  return encoder.encode(image, dirty)
}

/** A4 landscape in PDF points. */
const A4 = { width: 841.89, height: 595.28 }

// The background of each design as usvg output (text already outlined), computed once per design.
const outlinedBackgrounds = new Map<string, string[]>()

function outlined(layer: Layer): string {
  return resvg(page(layer.content), layer).toString()
}

// The repeating regions' outlines (the term line), as for PNG.
const outlinedRegions = new Map<string, string>()
function outlinedRegion(r: Region): string {
  if (!regionRepeats(r)) return outlined(r)
  const key = `${r.weight}${r.text}${r.families ?? ''}${r.content}`
  let svg = outlinedRegions.get(key)
  if (svg === undefined) {
    svg = outlined(r)
    if (outlinedRegions.size >= MAX_CACHED_REGIONS) outlinedRegions.delete(outlinedRegions.keys().next().value!)
    outlinedRegions.set(key, svg)
    stateVersion++
  }
  return svg
}

function outlinedBackground(layers: CertificateLayers): string[] {
  const key = backgroundKey(layers)
  let svgs = outlinedBackgrounds.get(key)
  if (svgs === undefined) {
    svgs = layers.background.map(outlined)
    if (outlinedBackgrounds.size >= MAX_BACKGROUNDS) outlinedBackgrounds.delete(outlinedBackgrounds.keys().next().value!)
    outlinedBackgrounds.set(key, svgs)
    stateVersion++
  }
  return svgs
}

// pdfkit internals this module relies on (pinned by the determinism and PDF tests).
interface PdfkitPage {
  content: { buffer: Uint8Array[]; data: { Length?: number }; uncompressedLength: number }
  dictionary: { data: { Contents: unknown } }
}
const deflatedBackgrounds = new Map<string, Buffer>()

/**
 * Moves what was drawn so far (the background) into a content stream of its own, compressed once per design:
 * compressing the background's outlines was most of a PDF's cost. A page may have several content streams,
 * which readers concatenate, so the drawing state carries over to the variable layer.
 */
function splitOffBackground(doc: PDFKit.PDFDocument): void {
  const page = (doc as unknown as { page: PdfkitPage }).page
  const raw = Buffer.concat(page.content.buffer)
  const key = createHash('sha256').update(raw).digest('hex')
  let deflated = deflatedBackgrounds.get(key)
  if (!deflated) {
    deflated = zlib.deflateSync(raw, { level: 9 })
    if (deflatedBackgrounds.size >= MAX_BACKGROUNDS) deflatedBackgrounds.delete(deflatedBackgrounds.keys().next().value!)
    deflatedBackgrounds.set(key, deflated)
    stateVersion++
  }
  const stream = doc.ref({ Filter: 'FlateDecode' })
  stream.end(deflated as unknown as string)
  page.content.buffer = []
  page.content.data.Length = 0
  page.content.uncompressedLength = 0
  page.dictionary.data.Contents = [stream, page.content]
}

/**
 * Compresses the certificate's own content stream (its outlined name, id and QR code, ≈ 150 kB of path
 * operators) at zlib level 1 instead of pdfkit's default level: a third of the time, a few kB larger.
 */
function compressVariableContent(doc: PDFKit.PDFDocument): void {
  const content = (doc as unknown as { page: PdfkitPage }).page.content as PdfkitPage['content'] & { compress: boolean; data: { Filter?: string } }
  const raw = Buffer.concat(content.buffer)
  content.compress = false
  content.buffer = [zlib.deflateSync(raw, { level: 1 })]
  content.data.Filter = 'FlateDecode'
}

/** The PDF: the whole page as vectors (text becomes outlines shaped by resvg, so it matches the PNG glyph for glyph). */
async function renderPdf(input: CertificateInput, layers: CertificateLayers): Promise<Buffer> {
  // usvg's output has every text converted to paths: the PDF then needs no font and does no shaping.
  const background = outlinedBackground(layers)
  const variable = layers.regions.map(outlinedRegion)
  // A fixed creation date (the term's start) keeps the bytes and the file identifier stable.
  const date = new Date(input.validFrom)
  const doc = new PDFDocument({
    size: [A4.width, A4.height],
    margin: 0,
    autoFirstPage: true,
    compress: true,
    info: {
      Title: `Certificate: ${input.recipientName.normalize('NFC')}, ${input.programName.normalize('NFC')}`,
      Author: input.communityName.normalize('NFC'),
      Subject: `Certificate ${input.certificateId}; verify at ${input.verificationUrl}`,
      Creator: 'Embassy',
      Producer: 'Embassy',
      CreationDate: date,
      ModDate: date,
    },
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve())
    doc.on('error', reject)
  })
  // Regions that repeat (the term line) go with the background into its once-compressed stream.
  const repeating = layers.regions.map((r, i) => (regionRepeats(r) ? variable[i]! : null))
  for (const svg of background) drawUsvg(doc, svg, A4.width / PAGE.width)
  for (const svg of repeating) if (svg !== null) drawUsvg(doc, svg, A4.width / PAGE.width)
  splitOffBackground(doc)
  variable.forEach((svg, i) => repeating[i] === null && drawUsvg(doc, svg, A4.width / PAGE.width))
  compressVariableContent(doc)
  // The QR code (the third region) is also a link in the PDF.
  const qr = layers.regions[2]!
  const k = A4.width / PAGE.width
  doc.link(qr.x * k, qr.y * k, qr.width * k, qr.height * k, input.verificationUrl)
  doc.end()
  await done
  return Buffer.concat(chunks)
}

/** The certificate file of `input` in `format`; the same input gives the same bytes. */
export async function renderCertificate(input: CertificateInput, format: CertificateFormat): Promise<Buffer> {
  const layers = certificateLayers(input)
  return format === 'png' ? renderPng(layers) : renderPdf(input, layers)
}

/** Page size of the PNG in pixels. */
export const CERTIFICATE_SIZE = PAGE

/** What a renderer thread has computed once per design: backgrounds, outlines, the repeating regions. */
export interface RendererState {
  backgrounds: [key: string, { width: number; height: number; bands: readonly Band[]; image: Uint8Array }][]
  regions: [key: string, { pixels: Uint8Array; width: number; height: number }][]
  outlinedBackgrounds: [key: string, string[]][]
  outlinedRegions: [key: string, string][]
  deflatedBackgrounds: [key: string, Uint8Array][]
}

/** Changes whenever this thread's caches gain an entry (so a worker knows when to share them again). */
export function rendererStateVersion(): number {
  return stateVersion
}

/** This thread's caches as plain data (structured-cloneable, for another worker thread). */
export function exportRendererState(): RendererState {
  return {
    backgrounds: [...backgrounds].map(([k, bg]) => [k, { width: bg.encoder.width, height: bg.encoder.height, bands: bg.encoder.bands(), image: bg.image }]),
    regions: [...regionCache],
    outlinedBackgrounds: [...outlinedBackgrounds],
    outlinedRegions: [...outlinedRegions],
    deflatedBackgrounds: [...deflatedBackgrounds],
  }
}

/** Fills this thread's caches from another thread's export (the same bytes come out as if computed here). */
export function importRendererState(state: RendererState): void {
  const buffer = (a: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)
  for (const [k, bg] of state.backgrounds) {
    if (!backgrounds.has(k)) backgrounds.set(k, { encoder: new BandedPngEncoder(bg.width, bg.height, bg.bands), image: buffer(bg.image) })
  }
  for (const [k, r] of state.regions) if (!regionCache.has(k)) regionCache.set(k, { ...r, pixels: buffer(r.pixels) })
  for (const [k, v] of state.outlinedBackgrounds) if (!outlinedBackgrounds.has(k)) outlinedBackgrounds.set(k, v)
  for (const [k, v] of state.outlinedRegions) if (!outlinedRegions.has(k)) outlinedRegions.set(k, v)
  for (const [k, v] of state.deflatedBackgrounds) if (!deflatedBackgrounds.has(k)) deflatedBackgrounds.set(k, buffer(v))
  stateVersion++
}
