// Draws the simplified SVG that resvg (usvg) writes — paths with fill/stroke, groups with a matrix, images —
// into a pdfkit page. Text arrives as outlines, so the PDF shows exactly the glyphs the PNG shows. It is ≈ 10×
// faster than a general SVG converter (svg-to-pdfkit) because it understands only this closed vocabulary,
// and it refuses anything else rather than drawing it wrong.

/** The part of a pdfkit document this writer uses. */
type Doc = PDFKit.PDFDocument

const TAG = /<(\/?)([a-zA-Z]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/g
const ATTR = /([\w:-]+)="([^"]*)"/g

function attributes(raw: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of raw.matchAll(ATTR)) out[m[1]!] = m[2]!
  return out
}

function matrix(value: string): [number, number, number, number, number, number] {
  const m = /^matrix\(([^)]*)\)$/.exec(value.trim())
  const n = m ? m[1]!.split(/[\s,]+/).map(Number) : []
  if (n.length !== 6 || n.some((x) => !Number.isFinite(x))) throw new Error(`unsupported transform: ${value}`)
  return n as [number, number, number, number, number, number]
}

// A tenth of a unit (0.05 pt on the page) is finer than any printer; fewer digits compress faster.
const r = (n: number) => String(Math.round(n * 10) / 10)

/**
 * PDF path operators of usvg path data (absolute M, L, Q, C, Z with numbers separated by spaces: usvg writes
 * nothing else); quadratic segments become cubic ones, which PDF has.
 */
export function pathOperators(d: string): string {
  const t = d.trim().split(/[\s,]+/)
  const out: string[] = []
  let i = 0
  let x = 0
  let y = 0
  let sx = 0
  let sy = 0
  const num = () => {
    const n = Number(t[i++])
    if (!Number.isFinite(n)) throw new Error('bad number in path data')
    return n
  }
  while (i < t.length) {
    const cmd = t[i++]
    if (cmd === 'M') {
      x = sx = num()
      y = sy = num()
      out.push(`${r(x)} ${r(y)} m`)
    } else if (cmd === 'L') {
      x = num()
      y = num()
      out.push(`${r(x)} ${r(y)} l`)
    } else if (cmd === 'Q') {
      const qx = num()
      const qy = num()
      const ex = num()
      const ey = num()
      const c1x = x + (2 / 3) * (qx - x)
      const c1y = y + (2 / 3) * (qy - y)
      const c2x = ex + (2 / 3) * (qx - ex)
      const c2y = ey + (2 / 3) * (qy - ey)
      out.push(`${r(c1x)} ${r(c1y)} ${r(c2x)} ${r(c2y)} ${r(ex)} ${r(ey)} c`)
      x = ex
      y = ey
    } else if (cmd === 'C') {
      const n = [num(), num(), num(), num(), num(), num()]
      out.push(`${n.map(r).join(' ')} c`)
      x = n[4]!
      y = n[5]!
    } else if (cmd === 'Z') {
      out.push('h')
      x = sx
      y = sy
    } else if (cmd !== '') throw new Error(`unsupported path command: ${cmd}`)
  }
  return out.join('\n')
}

// Backgrounds repeat on every certificate of a program: their converted paths are reused.
// Kept as bytes: pdfkit converts string content character by character, but appends bytes as they are.
const converted = new Map<string, Buffer>()
function operatorsOf(d: string): Buffer {
  let ops = converted.get(d)
  if (ops === undefined) {
    ops = Buffer.from(`${pathOperators(d)}\n`, 'latin1')
    if (converted.size > 2000) converted.clear()
    converted.set(d, ops)
  }
  return ops
}

const HANDLED_PATH = new Set(['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-linecap', 'stroke-linejoin', 'd', 'shape-rendering', 'transform', 'fill-rule'])

function drawPath(doc: Doc, a: Record<string, string>): void {
  for (const k of Object.keys(a)) if (!HANDLED_PATH.has(k)) throw new Error(`unsupported path attribute: ${k}`)
  const fill = a.fill && a.fill !== 'none' ? a.fill : null
  const stroke = a.stroke && a.stroke !== 'none' ? a.stroke : null
  if (!fill && !stroke) return
  doc.save()
  if (a.transform) doc.transform(...matrix(a.transform))
  doc.addContent(operatorsOf(a.d ?? '') as unknown as string)
  if (fill) doc.fillColor(fill, Number(a['fill-opacity'] ?? 1))
  if (stroke) {
    doc.strokeColor(stroke, Number(a['stroke-opacity'] ?? 1)).lineWidth(Number(a['stroke-width'] ?? 1))
    if (a['stroke-linecap']) doc.lineCap(a['stroke-linecap'] as 'round' | 'butt' | 'square')
    if (a['stroke-linejoin']) doc.lineJoin(a['stroke-linejoin'] as 'round' | 'miter' | 'bevel')
  }
  const rule = a['fill-rule'] === 'evenodd' ? 'even-odd' : 'non-zero'
  if (fill && stroke) doc.fillAndStroke(rule)
  else if (fill) doc.fill(rule)
  else doc.stroke()
  doc.restore()
}

function drawImage(doc: Doc, a: Record<string, string>): void {
  const href = (a['xlink:href'] ?? a.href ?? '').replace(/\s+/g, '')
  const m = /^data:image\/(png|jpeg);base64,(.*)$/.exec(href)
  if (!m) throw new Error('unsupported image (only PNG and JPEG data: URIs)')
  const x = Number(a.x ?? 0)
  const y = Number(a.y ?? 0)
  const w = Number(a.width)
  const h = Number(a.height)
  doc.save()
  if (a.transform) doc.transform(...matrix(a.transform))
  doc.image(Buffer.from(m[2]!, 'base64'), x, y, { fit: [w, h], align: 'center', valign: 'center' })
  doc.restore()
}

/** Draws usvg output `svg` on the current page, scaled by `scale` (SVG user units → PDF points). */
export function drawUsvg(doc: Doc, svg: string, scale: number): void {
  doc.save()
  doc.scale(scale)
  let depth = 0
  for (const m of svg.matchAll(TAG)) {
    const [, closing, name, raw, selfClosing] = m
    const a = attributes(raw ?? '')
    if (name === 'svg' || name === 'defs') continue
    if (name === 'g') {
      if (closing) {
        doc.restore()
        depth--
      } else if (!selfClosing) {
        doc.save()
        depth++
        if (a.transform) doc.transform(...matrix(a.transform))
        if (a.opacity) doc.opacity(Number(a.opacity))
      }
      continue
    }
    if (closing) continue
    if (name === 'path') drawPath(doc, a)
    else if (name === 'image') drawImage(doc, a)
    else throw new Error(`unsupported SVG element in a certificate: <${name}>`)
  }
  if (depth !== 0) throw new Error('unbalanced groups in the simplified SVG')
  doc.restore()
}
