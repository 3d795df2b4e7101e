import { createHash } from 'node:crypto'
import { Resvg } from '@resvg/resvg-js'
import { fontFilesFor } from '../../credentials/certificates/fonts.ts'

/** Width and height of an OpenGraph card (the size link previews expect). */
export const OG_WIDTH = 1200
export const OG_HEIGHT = 630

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** Splits text into at most `max` lines of about `width` characters (CJK counts double), ending with … when cut. */
function wrap(text: string, width: number, max: number): string[] {
  const lines: string[] = []
  let line = ''
  let size = 0
  for (const ch of text.trim()) {
    const w = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/.test(ch) ? 2 : 1
    if (size + w > width && (ch === ' ' || w === 2 || line.length > width)) {
      const cut = w === 1 && line.includes(' ') ? line.lastIndexOf(' ') : line.length
      lines.push(line.slice(0, cut).trimEnd())
      line = line.slice(cut).trimStart()
      size = [...line].length
      if (lines.length === max) return [...lines.slice(0, -1), `${lines[max - 1]}…`]
    }
    line += ch
    size += w
  }
  if (line.trim()) lines.push(line.trim())
  return lines.slice(0, max)
}

/** The SVG of a card: the community's name above the program's name and summary, in the community colour. */
export function ogCardSvg(card: { community: string; title: string; summary: string; colour?: string | undefined }): string {
  const colour = /^#[0-9a-fA-F]{6}$/.test(card.colour ?? '') ? card.colour! : '#1f4e79'
  const title = wrap(card.title, 28, 2)
  const summary = wrap(card.summary, 56, 3)
  const text = (lines: string[], y: number, step: number, size: number, weight: number, fill: string) =>
    lines.map((l, i) => `<text x="80" y="${y + i * step}" font-family="Noto Serif" font-size="${size}" font-weight="${weight}" fill="${fill}">${escapeXml(l)}</text>`).join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${OG_WIDTH}" height="${OG_HEIGHT}" viewBox="0 0 ${OG_WIDTH} ${OG_HEIGHT}">
<rect width="100%" height="100%" fill="#ffffff"/><rect width="100%" height="24" fill="${colour}"/><rect y="${OG_HEIGHT - 24}" width="100%" height="24" fill="${colour}"/>
${text([card.community], 130, 0, 40, 400, colour)}${text(title, 250, 84, 72, 700, '#111111')}${text(summary, 250 + title.length * 84 + 10, 46, 32, 400, '#444444')}
</svg>`
}

/** Rendered cards by content hash: a card is drawn once per wording and served from memory after. */
const cache = new Map<string, Buffer>()
const CACHE_LIMIT = 200

/** The PNG of a card and its ETag; rendered on first use, then cached in the process. */
export function ogCardPng(card: Parameters<typeof ogCardSvg>[0]): { png: Buffer; etag: string } {
  const svg = ogCardSvg(card)
  const etag = `"og-${createHash('sha256').update(svg).digest('base64url').slice(0, 27)}"`
  let png = cache.get(etag)
  if (!png) {
    const allText = `${card.community} ${card.title} ${card.summary}`
    png = new Resvg(svg, { font: { fontFiles: [...new Set([...fontFilesFor(allText, 400), ...fontFilesFor(allText, 700)])], loadSystemFonts: false, defaultFontFamily: 'Noto Serif' } }).render().asPng()
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!)
    cache.set(etag, png)
  }
  return { png, etag }
}
