// Open Badges 3.0 baking in SVG: an <openbadges:credential> element right after the root <svg> start tag, in
// the namespace https://purl.imsglobal.org/ob/v3p0, holding the JSON credential in a CDATA section, or a
// compact JWT in its `verify` attribute.
import { XMLValidator } from 'fast-xml-parser'
import { BakingError, credentialText, isJwt, MAX_IMAGE_BYTES } from './errors.ts'

/** The Open Badges 3.0 namespace of baked SVG elements. */
export const OB_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0'

const ROOT = /<svg(?=[\s>/])[^>]*>/
const PREFIX_DECL = /\sxmlns:([A-Za-z_][\w.-]*)\s*=\s*("([^"]*)"|'([^']*)')/g

function check(svg: string): { root: RegExpExecArray; prefixes: string[] } {
  if (Buffer.byteLength(svg, 'utf8') > MAX_IMAGE_BYTES) throw new BakingError('too_large', `The image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`)
  // No DTDs: entity definitions are how XML files blow up their readers.
  if (/<!DOCTYPE|<!ENTITY/i.test(svg)) throw new BakingError('not_svg', 'SVG files with a DOCTYPE are not accepted.')
  const valid = XMLValidator.validate(svg)
  if (valid !== true) throw new BakingError('not_svg', `This file is not well-formed XML (line ${valid.err.line}).`)
  const root = ROOT.exec(svg)
  if (!root) throw new BakingError('not_svg', 'This file is not an SVG image.')
  const prefixes = [...root[0].matchAll(PREFIX_DECL)].filter((m) => (m[3] ?? m[4]) === OB_NAMESPACE).map((m) => m[1]!)
  return { root, prefixes }
}

function elementPattern(prefix: string): RegExp {
  const p = prefix.replace(/[.-]/g, '\\$&')
  return new RegExp(`<${p}:credential(?=[\\s>/])[^>]*?(?:/>|>[\\s\\S]*?</${p}:credential\\s*>)`, 'g')
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }
    if (e[0] !== '#') return named[e.toLowerCase()]!
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
  })
}

/** The SVG with exactly one credential element holding `credential` (earlier ones are removed). */
export function bakeSvg(svg: string, credential: string | object): string {
  const text = credentialText(credential)
  const { prefixes } = check(svg)
  let out = svg
  for (const prefix of prefixes) out = out.replace(elementPattern(prefix), '')
  const root = ROOT.exec(out)!
  // Our element uses the prefix "openbadges": declare it on the root unless it already names our namespace.
  const start = prefixes.includes('openbadges')
    ? root[0]
    : root[0].replace(/\sxmlns:openbadges\s*=\s*("[^"]*"|'[^']*')/, '').replace(/^<svg/, `<svg xmlns:openbadges="${OB_NAMESPACE}"`)
  const element = isJwt(text)
    ? `<openbadges:credential verify="${text}"></openbadges:credential>`
    : // "]]>" cannot appear inside CDATA: split it across two sections.
      `<openbadges:credential><![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]></openbadges:credential>`
  const at = root.index + root[0].length
  return `${out.slice(0, root.index)}${start}${element}${out.slice(at)}`
}

/** The credential text baked into an SVG; refuses an SVG with none or with more than one. */
export function unbakeSvg(svg: string): string {
  const { prefixes } = check(svg)
  const found = prefixes.flatMap((prefix) => [...svg.matchAll(elementPattern(prefix))].map((m) => m[0]))
  if (found.length === 0) throw new BakingError('no_credential', 'This SVG carries no Open Badges credential.')
  if (found.length > 1) throw new BakingError('multiple_credentials', 'This SVG carries more than one Open Badges credential, so which one it certifies is ambiguous.')
  const element = found[0]!
  const verify = /^<[^>]*\sverify\s*=\s*("([^"]*)"|'([^']*)')/.exec(element)
  if (verify) return credentialText(decodeXml(verify[2] ?? verify[3] ?? ''))
  const body = element.replace(/^<[^>]*>/, '').replace(/<\/[^>]*>$/, '')
  const text = body.replace(/<!\[CDATA\[([\s\S]*?)\]\]>|([^<]+)/g, (_, cdata: string | undefined, plain: string | undefined) => cdata ?? decodeXml(plain ?? ''))
  return credentialText(text)
}
