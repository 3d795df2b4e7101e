// The bundled fonts of certificates: Noto families shipped as TTF in npm packages (resvg reads TTF/OTF,
// not woff2), so every deployment renders the same glyphs whatever fonts the machine has.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import * as fontkit from 'fontkit'

const require = createRequire(import.meta.url)

/** A file inside an npm package, found from the package's entry point (some packages export no font paths). */
function file(spec: string): string {
  const [scope, name, ...rest] = spec.split('/')
  const pkg = `${scope}/${name}`
  let dir = path.dirname(require.resolve(pkg))
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir)
  return path.join(dir, ...rest)
}

/** One bundled face: the family name SVG text asks for, its file, and which text it is loaded for. */
export interface BundledFont {
  family: string
  weight: 400 | 700
  file: string
}

/** Every face a certificate may use; order is the fallback order of the name's font stack. */
export const BUNDLED_FONTS: readonly BundledFont[] = [
  { family: 'Noto Serif', weight: 400, file: file('@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf') },
  { family: 'Noto Serif', weight: 700, file: file('@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf') },
  { family: 'Noto Sans', weight: 400, file: file('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf') },
  { family: 'Noto Naskh Arabic', weight: 400, file: file('@expo-google-fonts/noto-naskh-arabic/400Regular/NotoNaskhArabic_400Regular.ttf') },
  { family: 'Noto Naskh Arabic', weight: 700, file: file('@expo-google-fonts/noto-naskh-arabic/700Bold/NotoNaskhArabic_700Bold.ttf') },
  { family: 'Noto Sans Hebrew', weight: 400, file: file('@embedpdf/fonts-hebrew/fonts/NotoSansHebrew-Regular.ttf') },
  { family: 'Noto Sans Hebrew', weight: 700, file: file('@embedpdf/fonts-hebrew/fonts/NotoSansHebrew-Bold.ttf') },
  { family: 'Noto Serif SC', weight: 400, file: file('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf') },
  { family: 'Noto Serif SC', weight: 700, file: file('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf') },
]

/** The font-family list of serif text (names, headings): Latin first, then the scripts it lacks. */
export const SERIF_STACK = "'Noto Serif', 'Noto Naskh Arabic', 'Noto Sans Hebrew', 'Noto Serif SC'"
/** The font-family list of small print (ids, URLs). */
export const SANS_STACK = "'Noto Sans', 'Noto Naskh Arabic', 'Noto Sans Hebrew', 'Noto Serif SC'"

const families = [...new Set(BUNDLED_FONTS.map((f) => f.family))]

// Parsed lazily: fontkit reads the cmap of a 15 MB CJK face in a few milliseconds, once per process.
const parsed = new Map<string, fontkit.Font>()
function face(family: string): fontkit.Font {
  let font = parsed.get(family)
  if (!font) {
    const entry = BUNDLED_FONTS.find((f) => f.family === family && f.weight === 700) ?? BUNDLED_FONTS.find((f) => f.family === family)!
    font = fontkit.openSync(entry.file) as fontkit.Font
    parsed.set(family, font)
  }
  return font
}

// Code points that draw nothing and need no glyph of their own (joiners, bidi marks, variation selectors).
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFE00-\uFE0F\uFEFF]/u

/** The first bundled family that has a glyph for this code point, or null when none has. */
export function familyFor(codePoint: number): string | null {
  for (const family of families) if (face(family).hasGlyphForCodePoint(codePoint)) return family
  return null
}

/** Code points of `text` (after NFC, as certificates draw it) that no bundled font can draw. */
export function missingCodePoints(text: string): number[] {
  const missing: number[] = []
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!
    if (/\s/u.test(ch) || INVISIBLE.test(ch)) continue
    if (familyFor(cp) === null) missing.push(cp)
  }
  return missing
}

/**
 * Font files resvg should load to draw `text`: the families its characters need (and `primary`, the first
 * family of the layer's stacks, which draws spaces, digits and punctuation), nothing else; parsing a face
 * costs milliseconds on every render. resvg copies every loaded file into each renderer, and
 * that native memory is freed only when V8 collects the renderer: loading the 15 MB CJK face for a Latin
 * name would cost 30 MB per render for nothing.
 */
export function fontFilesFor(text: string, weight: 400 | 700 = 400, primary: readonly string[] = ['Noto Serif']): string[] {
  if (!text.trim()) return []
  const wanted = new Set(primary)
  for (const ch of text.normalize('NFC')) {
    const family = familyFor(ch.codePointAt(0)!)
    if (family) wanted.add(family)
  }
  // One weight per family (the nearest one it has): resvg's fallback ignores the requested weight.
  const files: string[] = []
  for (const family of wanted) {
    const faces = BUNDLED_FONTS.filter((f) => f.family === family)
    const best = faces.reduce((a, b) => (Math.abs(b.weight - weight) < Math.abs(a.weight - weight) ? b : a))
    files.push(best.file)
  }
  return files
}

/** Width of `text` in em at the bold serif stack, for fitting a name on one line (estimate: no kerning). */
export function estimateWidthEm(text: string): number {
  let units = 0
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!
    const family = familyFor(cp) ?? 'Noto Serif'
    const font = face(family)
    units += font.glyphForCodePoint(cp).advanceWidth / font.unitsPerEm
  }
  return units
}
