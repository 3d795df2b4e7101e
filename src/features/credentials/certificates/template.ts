// The certificate template: an SVG page of 1600×1131 (the proportions of A4 landscape) in two layers, a
// background that is the same for every certificate of a program (frame, emblem, headings, program) and a
// few small variable regions (name, term, QR code, id). The PNG renderer rasterises the background once and
// only the regions per certificate; the PDF draws the whole page as vectors.
import { estimateWidthEm, SANS_STACK, SERIF_STACK } from './fonts.ts'
import { qrPath } from './qr.ts'
import { outlinedText, type OutlineSpec } from './text-outlines.ts'

/** Page size in SVG user units (= PNG pixels). */
export const PAGE = { width: 1600, height: 1131 } as const

/** What a certificate shows; plain JSON so it crosses worker threads and hashes into a cache key. */
export interface CertificateInput {
  /** The certificate id (= the credential id). */
  certificateId: string
  /** The person's name exactly as entered (NFC or NFD: drawn the same). */
  recipientName: string
  programName: string
  communityName: string
  /** The cohort, e.g. "2023"; shown next to the term. */
  cohortTitle?: string
  /** Start and end of the term, ISO 8601 instants. */
  validFrom: string
  validUntil: string
  /** IANA zone the term's days are meant in (the cohort's zone). */
  timeZone: string
  /** Where the QR code leads: `${baseUrl}/credentials/<id>`. */
  verificationUrl: string
  design?: CertificateDesign
}

/** The program's look: community colours and logo. */
export interface CertificateDesign {
  /** #rrggbb; anything else falls back to the default. */
  primaryColor?: string
  accentColor?: string
  /** A PNG or JPEG data: URI (never a remote URL: rendering never touches the network). */
  logoDataUri?: string | null
  /** Heading; defaults to "Certificate of Membership". */
  title?: string
}

/**
 * Text weight of a layer. resvg's font fallback (a Chinese name in a Latin font stack) takes the first face
 * that has the glyph whatever its weight, so each layer loads the faces of one weight only.
 */
export type Weight = 400 | 700

/** A part of the page drawn with fonts of one weight. */
export interface Layer {
  /** SVG elements in page coordinates. */
  content: string
  /** The text it draws (chooses which fonts to load). */
  text: string
  weight: Weight
  /** First families of the font stacks it uses (default: Noto Serif). */
  families?: string[]
}

/** A variable part of the page, rendered on its own and laid over the background at (x, y). */
export interface Region extends Layer {
  x: number
  y: number
  width: number
  height: number
  /** The same for many certificates (the term line of a cohort): renderers may keep its rendering. */
  repeats?: boolean
  /**
   * The QR code's modules, so the PNG renderer can fill them straight into the pixels (whole-pixel squares on a
   * white square, exactly what resvg draws for `content` with crispEdges) without a resvg render.
   */
  qr?: { x: number; y: number; module: number; size: number; modules: Uint8Array }
}

/** The two layers of one certificate. */
export interface CertificateLayers {
  /** Background parts, drawn in order: identical for every certificate of the same design and program. */
  background: Layer[]
  regions: Region[]
}

const HEX = /^#[0-9a-f]{6}$/i
const LOGO = /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/
/** Largest logo accepted (as a data: URI); a certificate page is no place for a photograph. */
export const MAX_LOGO_CHARS = 700_000

/** Escapes text for SVG character data and attribute values. */
export function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
}

// First strong character decides the paragraph direction, as dir="auto" does in HTML.
const STRONG_RTL = /^[^\p{L}]*[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u
function directionOf(text: string): string {
  return STRONG_RTL.test(text) ? ' direction="rtl"' : ''
}

/** Font size that fits `text` in `maxWidth` px, at most `max` px. */
function fitSize(text: string, max: number, maxWidth: number): number {
  const em = estimateWidthEm(text)
  return em > 0 ? Math.max(24, Math.min(max, Math.floor(maxWidth / em))) : max
}

function initials(name: string): string {
  const words = name.normalize('NFC').split(/\s+/u).filter(Boolean)
  const letters = words.slice(0, 2).map((w) => [...w][0]!.toLocaleUpperCase('en'))
  return letters.join('') || '★'
}

/** A readable day ("1 January 2023") of an instant in a zone. */
export function formatTermDay(iso: string, timeZone: string): string {
  let format = dayFormats.get(timeZone)
  if (!format) {
    // Building a formatter costs milliseconds; a deployment has a handful of zones.
    format = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone })
    if (dayFormats.size > 100) dayFormats.clear()
    dayFormats.set(timeZone, format)
  }
  return format.format(new Date(iso))
}
const dayFormats = new Map<string, Intl.DateTimeFormat>()

/**
 * The term line: "Cohort 2023 · 1 January 2023 – 31 December 2023". `validUntil` is the instant the term ends
 * (the start of the day after its last one, in the cohort's zone), so the last day shown is the day before it,
 * as the profile and verification pages show it.
 */
export function termLine(input: CertificateInput): string {
  const lastInstant = new Date(Date.parse(input.validUntil) - 1).toISOString()
  const term = `${formatTermDay(input.validFrom, input.timeZone)} – ${formatTermDay(lastInstant, input.timeZone)}`
  return input.cohortTitle ? `Cohort ${input.cohortTitle} · ${term}` : `Term ${term}`
}

function colours(design: CertificateDesign | undefined) {
  return {
    primary: design?.primaryColor && HEX.test(design.primaryColor) ? design.primaryColor : '#1f4e79',
    accent: design?.accentColor && HEX.test(design.accentColor) ? design.accentColor : '#b08d3c',
  }
}

function emblem(input: CertificateInput, primary: string, accent: string): string {
  const logo = input.design?.logoDataUri
  if (logo && logo.length <= MAX_LOGO_CHARS && LOGO.test(logo)) {
    return `<image x="640" y="80" width="320" height="130" preserveAspectRatio="xMidYMid meet" href="${logo}"/>`
  }
  // The community's initials are drawn on this disc by the bold text layer.
  return `<circle cx="800" cy="148" r="66" fill="${primary}"/><circle cx="800" cy="148" r="57" fill="none" stroke="${accent}" stroke-width="3"/>`
}

function frame(primary: string, accent: string): string {
  const corner = (x: number, y: number) => `<path d="M${x} ${y - 14}L${x + 14} ${y}L${x} ${y + 14}L${x - 14} ${y}Z" fill="${accent}"/>`
  return (
    `<rect width="1600" height="1131" fill="#fdfbf6"/>` +
    `<rect x="30" y="30" width="1540" height="1071" fill="none" stroke="${primary}" stroke-width="12"/>` +
    `<rect x="56" y="56" width="1488" height="1019" fill="none" stroke="${accent}" stroke-width="2.5"/>` +
    corner(56, 56) + corner(1544, 56) + corner(56, 1075) + corner(1544, 1075)
  )
}

/** How to build the layers. */
export interface LayerOptions {
  /** Draw the variable text as glyph outlines where possible (default true); false keeps <text> elements. */
  outlineText?: boolean
}

/** Splits a certificate into its background and variable regions (pure; no I/O). */
export function certificateLayers(input: CertificateInput, options: LayerOptions = {}): CertificateLayers {
  const { primary, accent } = colours(input.design)
  const title = (input.design?.title ?? 'Certificate of Membership').normalize('NFC').toLocaleUpperCase('en')
  const community = input.communityName.normalize('NFC')
  const program = input.programName.normalize('NFC')
  const programSize = fitSize(program, 50, 1300)
  const titleSize = fitSize(title, 60, 1200 / 1.1)

  const shapes =
    frame(primary, accent) +
    emblem(input, primary, accent) +
    `<path d="M560 378H780M820 378H1040" fill="none" stroke="${accent}" stroke-width="2"/><path d="M800 368L810 378L800 388L790 378Z" fill="${accent}"/>` +
    `<path d="M330 612H1270" fill="none" stroke="#c9c4b8" stroke-width="1.5"/>` +
    `<circle cx="800" cy="968" r="74" fill="none" stroke="${accent}" stroke-width="3"/>` +
    `<circle cx="800" cy="968" r="64" fill="${accent}" fill-opacity="0.12" stroke="${accent}" stroke-width="1.5"/>` +
    `<path d="M768 970L792 994L836 944" fill="none" stroke="${accent}" stroke-width="9" stroke-linecap="round" stroke-linejoin="round"/>`
  const regular =
    `<text x="800" y="260" text-anchor="middle" font-family="${SANS_STACK}" font-size="24" letter-spacing="5" fill="${primary}"${directionOf(community)}>${xml(community.toLocaleUpperCase('en'))}</text>` +
    `<text x="800" y="450" text-anchor="middle" font-family="${SERIF_STACK}" font-size="30" fill="#55565a">This certifies that</text>` +
    `<text x="800" y="676" text-anchor="middle" font-family="${SERIF_STACK}" font-size="30" fill="#55565a">served as a member of the</text>` +
    `<text x="800" y="1068" text-anchor="middle" font-family="${SANS_STACK}" font-size="17" fill="#55565a"${directionOf(community)}>${xml(`Issued by ${community}`)}</text>` +
    `<text x="232" y="1068" text-anchor="middle" font-family="${SANS_STACK}" font-size="17" fill="#55565a">Scan to verify</text>` +
    `<text x="1480" y="944" text-anchor="end" font-family="${SANS_STACK}" font-size="17" letter-spacing="2" fill="#55565a">CERTIFICATE ID</text>`
  const mark = initials(input.communityName)
  const logo = input.design?.logoDataUri
  const bold =
    (logo && logo.length <= MAX_LOGO_CHARS && LOGO.test(logo)
      ? ''
      : `<text x="800" y="166" text-anchor="middle" font-family="${SERIF_STACK}" font-weight="700" font-size="${mark.length > 1 ? 46 : 56}" fill="#ffffff">${xml(mark)}</text>`) +
    `<text x="800" y="342" text-anchor="middle" font-family="${SERIF_STACK}" font-weight="700" font-size="${titleSize}" letter-spacing="4" fill="#1d1d1f">${xml(title)}</text>` +
    `<text x="800" y="748" text-anchor="middle" font-family="${SERIF_STACK}" font-weight="700" font-size="${programSize}" fill="${primary}"${directionOf(program)}>${xml(program)}</text>`
  const background: Layer[] = [
    { content: shapes, text: '', weight: 400 },
    { content: regular, text: `${community.toLocaleUpperCase('en')}${community}This certifies that served as a member of the Issued by Scan to verify CERTIFICATE ID`, weight: 400, families: ['Noto Serif', 'Noto Sans'] },
    { content: bold, text: `${mark}${title}${program}`, weight: 700 },
  ]

  const name = input.recipientName.normalize('NFC')
  const nameSize = fitSize(name, 96, 1180)
  const term = termLine(input)
  const id = input.certificateId.normalize('NFC')
  const url = input.verificationUrl.normalize('NFC')
  const qr = qrPath(url)
  const module = Math.max(2, Math.floor(176 / qr.size))
  const qrSide = module * qr.size
  const qrX = 232 - Math.floor(qrSide / 2)
  const qrY = 1040 - qrSide

  // Variable text as glyph outlines where it can be (no font files for resvg to parse per certificate), as
  // <text> where it needs resvg's layout (right-to-left text) or when the caller asks for real text.
  const fontsNeeded: string[] = []
  const draw = (spec: OutlineSpec, stack: string, extra = '', bounds?: { minX: number; maxX: number }): string => {
    const outlines = options.outlineText === false ? null : outlinedText(spec, bounds)
    if (outlines !== null) return outlines
    fontsNeeded.push(spec.text)
    const anchor = spec.anchor === 'start' ? '' : ` text-anchor="${spec.anchor}"`
    const weight = spec.weight === 700 ? ' font-weight="700"' : ''
    return `<text x="${spec.x}" y="${spec.y}"${anchor} font-family="${stack}"${weight} font-size="${spec.size}"${extra} fill="${spec.fill}"${directionOf(spec.text)}>${xml(spec.text)}</text>`
  }
  const regionText = () => fontsNeeded.splice(0).join('')

  const nameBounds = { minX: Infinity, maxX: -Infinity }
  const nameContent = draw({ text: name, x: 800, y: 566 - Math.round((96 - nameSize) / 3), size: nameSize, weight: 700, anchor: 'middle', families: ['Noto Serif'], fill: '#1d1d1f' }, SERIF_STACK, '', nameBounds)
  const nameText = regionText()
  // An outlined name's region is only as wide as its ink (and a margin for anti-aliasing): fewer pixels to
  // render, lay over and keep (resvg-js holds each image's memory until the worker ends).
  const nameX = nameText || !Number.isFinite(nameBounds.minX) ? 80 : Math.max(80, Math.floor(nameBounds.minX) - 4)
  const nameRight = nameText || !Number.isFinite(nameBounds.maxX) ? 1520 : Math.min(1520, Math.ceil(nameBounds.maxX) + 4)
  const termContent = draw({ text: term, x: 800, y: 812, size: 28, weight: 400, anchor: 'middle', families: ['Noto Serif'], fill: '#1d1d1f' }, SERIF_STACK)
  const termText = regionText()
  const idContent =
    draw({ text: id, x: 1480, y: 980, size: 21, weight: 400, anchor: 'end', families: ['Noto Sans'], fill: '#1d1d1f' }, SANS_STACK) +
    draw({ text: url, x: 1480, y: 1012, size: 16, weight: 400, anchor: 'end', families: ['Noto Sans'], fill: '#55565a' }, SANS_STACK)
  const idText = regionText()

  const regions: Region[] = [
    { x: nameX, y: 462, width: Math.max(1, nameRight - nameX), height: 146, text: nameText, weight: 700, content: nameContent },
    { x: 200, y: 772, width: 1200, height: 56, text: termText, weight: 400, content: termContent, repeats: true },
    {
      x: qrX - 12, y: qrY - 12, width: qrSide + 24, height: qrSide + 24, text: '', weight: 400,
      qr: { x: qrX, y: qrY, module, size: qr.size, modules: qr.modules },
      content:
        `<rect x="${qrX - 12}" y="${qrY - 12}" width="${qrSide + 24}" height="${qrSide + 24}" fill="#ffffff"/>` +
        `<path transform="translate(${qrX} ${qrY}) scale(${module})" d="${qr.d}" fill="#1d1d1f" shape-rendering="crispEdges"/>`,
    },
    { x: 880, y: 952, width: 620, height: 96, text: idText, weight: 400, families: ['Noto Sans'], content: idContent },
  ]
  return { background, regions }
}

/** A complete SVG document of the page from its elements. */
export function page(content: string, viewBox = `0 0 ${PAGE.width} ${PAGE.height}`, width: number = PAGE.width, height: number = PAGE.height): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${viewBox}">${content}</svg>`
}

/** Every part of the certificate in drawing order (background parts, then the regions). */
export function allLayers(layers: CertificateLayers): Layer[] {
  return [...layers.background, ...layers.regions]
}

/** The whole certificate as one SVG document, for looking at (its fonts are not split by weight). */
export function certificateSvg(layers: CertificateLayers): string {
  return page(allLayers(layers).map((l) => l.content).join(''))
}
