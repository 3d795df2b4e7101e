// Left-to-right text of the variable regions as glyph outlines (SVG paths), shaped with fontkit from the
// bundled faces, so resvg renders a certificate's name, term and id without loading and parsing font files
// for every certificate: with the 15 MB CJK face that was most of a certificate's cost (resvg-js has no
// long-lived font database). Text that needs the bidi algorithm (Arabic, Hebrew, …) or has a character no
// bundled face has is left to resvg's own text layout (the caller falls back to a <text> element).
import * as fontkit from 'fontkit'
import { BUNDLED_FONTS, type BundledFont } from './fonts.ts'

/** What to draw: like an SVG <text> element with x, y, text-anchor, font-size, font-weight and fill. */
export interface OutlineSpec {
  text: string
  x: number
  y: number
  size: number
  weight: 400 | 700
  anchor: 'start' | 'middle' | 'end'
  /** Font stack in order (family names of BUNDLED_FONTS); other bundled families are the fallback, as in resvg. */
  families: readonly string[]
  fill: string
}

// Right-to-left scripts and explicit direction controls: these need the bidi algorithm, left to resvg.
const NEEDS_BIDI = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\u200E\u200F\u202A-\u202E\u2066-\u2069]/u

const faces = new Map<string, fontkit.Font>()
function faceOf(font: BundledFont): fontkit.Font {
  let face = faces.get(font.file)
  if (!face) {
    face = fontkit.openSync(font.file) as fontkit.Font
    faces.set(font.file, face)
  }
  return face
}

/** The face of `family` nearest to `weight` (resvg's matching picks the nearest weight too). */
function bundled(family: string, weight: number): BundledFont | undefined {
  const candidates = BUNDLED_FONTS.filter((f) => f.family === family)
  if (!candidates.length) return undefined
  return candidates.reduce((a, b) => (Math.abs(b.weight - weight) < Math.abs(a.weight - weight) ? b : a))
}

const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' })

/** The first face of the stack (then of the other bundled families) that has every code point of `cluster`. */
function faceFor(cluster: string, stack: readonly BundledFont[]): BundledFont | undefined {
  const cps = [...cluster].map((c) => c.codePointAt(0)!)
  return stack.find((f) => cps.every((cp) => faceOf(f).hasGlyphForCodePoint(cp)))
}

// Glyph outlines in font units, per face and glyph: a cohort's names share most of their glyphs.
type Command = { command: string; args: number[] }
const glyphPaths = new Map<string, Command[]>()
function glyphCommands(font: BundledFont, glyph: fontkit.Glyph): Command[] {
  const key = `${font.file}\u0000${glyph.id}`
  let commands = glyphPaths.get(key)
  if (commands === undefined) {
    commands = (glyph.path.commands as Command[]).map((c) => ({ command: c.command, args: [...c.args] }))
    if (glyphPaths.size > 20_000) glyphPaths.clear()
    glyphPaths.set(key, commands)
  }
  return commands
}

const LETTER: Record<string, string> = { moveTo: 'M', lineTo: 'L', quadraticCurveTo: 'Q', bezierCurveTo: 'C', closePath: 'Z' }
// Hundredths of a pixel; the points are in page coordinates (as resvg's own text outlines are), so a region
// rendered on its own draws the same pixels as the whole page.
const fixed = (n: number) => String(Math.round(n * 100) / 100)

/**
 * SVG elements drawing `spec.text` as outlines, or null when the text needs resvg's own layout (bidi, or a
 * character without a glyph in any bundled face: resvg then draws its missing-glyph box, as before).
 * `bounds`, when given, receives the horizontal extent of the outlines' points (which contain the curves).
 */
export function outlinedText(spec: OutlineSpec, bounds?: { minX: number; maxX: number }): string | null {
  const text = spec.text.normalize('NFC')
  if (NEEDS_BIDI.test(text)) return null
  const stack: BundledFont[] = []
  for (const family of [...spec.families, ...new Set(BUNDLED_FONTS.map((f) => f.family))]) {
    const font = bundled(family, spec.weight)
    if (font && !stack.includes(font)) stack.push(font)
  }
  // Runs of clusters drawn by the same face, shaped together (kerning, ligatures and marks within a run).
  const runs: Array<{ font: BundledFont; text: string }> = []
  for (const { segment } of segmenter.segment(text)) {
    const font = faceFor(segment, stack)
    if (!font) return null
    const last = runs[runs.length - 1]
    if (last && last.font === font) last.text += segment
    else runs.push({ font, text: segment })
  }
  // Layout first (the anchor needs the total advance), then the outlines at their page positions.
  const placed: Array<{ commands: Command[]; x: number; y: number; scale: number }> = []
  let pen = 0 // in px
  for (const run of runs) {
    const face = faceOf(run.font)
    const scale = spec.size / face.unitsPerEm
    const laid = face.layout(run.text)
    // A .notdef from shaping (never expected: every cluster's face has its code points) goes to resvg's path.
    if (laid.glyphs.some((g) => g.id === 0)) return null
    laid.glyphs.forEach((glyph, i) => {
      const pos = laid.positions[i]!
      placed.push({ commands: glyphCommands(run.font, glyph), x: pen + pos.xOffset * scale, y: pos.yOffset * scale, scale })
      pen += pos.xAdvance * scale
    })
  }
  const start = spec.anchor === 'middle' ? spec.x - pen / 2 : spec.anchor === 'end' ? spec.x - pen : spec.x
  const d: string[] = []
  for (const g of placed) {
    const ox = start + g.x
    const oy = spec.y - g.y
    for (const c of g.commands) {
      d.push(LETTER[c.command] ?? '')
      for (let j = 0; j < c.args.length; j += 2) {
        const x = ox + c.args[j]! * g.scale
        if (bounds) {
          bounds.minX = Math.min(bounds.minX, x)
          bounds.maxX = Math.max(bounds.maxX, x)
        }
        d.push(fixed(x), fixed(oy - c.args[j + 1]! * g.scale))
      }
    }
  }
  return d.length ? `<path fill="${spec.fill}" d="${d.join(' ')}"/>` : ''
}
