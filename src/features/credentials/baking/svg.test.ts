import { Resvg } from '@resvg/resvg-js'
import { describe, expect, it } from 'vitest'
import { BakingError } from './errors.ts'
import { bakeSvg, OB_NAMESPACE, unbakeSvg } from './svg.ts'

const svg = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8" viewBox="0 0 8 8"><rect width="8" height="4" fill="#1f4e79"/></svg>'
const credential = { type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'I\u0307remnur O\u0308nder <&> ]]> דוד' }
const json = JSON.stringify(credential)
const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'

function code(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    if (err instanceof BakingError) return err.code
    throw err
  }
  return 'no error'
}

describe('SVG baking', () => {
  it('puts the JSON in a CDATA section of <openbadges:credential> right after the root, in the OB 3.0 namespace', () => {
    const baked = bakeSvg(svg, json)
    expect(baked).toContain(`<svg xmlns:openbadges="${OB_NAMESPACE}" xmlns="http://www.w3.org/2000/svg"`)
    expect(baked).toMatch(/viewBox="0 0 8 8"><openbadges:credential><!\[CDATA\[/)
    expect(unbakeSvg(baked)).toBe(json)
  })

  it('puts a JWT in the verify attribute', () => {
    const baked = bakeSvg(svg, jwt)
    expect(baked).toContain(`<openbadges:credential verify="${jwt}"></openbadges:credential>`)
    expect(unbakeSvg(baked)).toBe(jwt)
  })

  it('still draws the same picture', () => {
    const pixels = (s: string) => new Resvg(s).render().pixels
    expect(pixels(bakeSvg(svg, json))).toEqual(pixels(svg))
  })

  it('replaces an earlier credential, also one under another prefix', () => {
    const other = svg.replace('<svg ', `<svg xmlns:ob='${OB_NAMESPACE}' `).replace('</svg>', `<ob:credential verify="${jwt}"/></svg>`)
    expect(unbakeSvg(other)).toBe(jwt)
    const baked = bakeSvg(other, json)
    expect(baked.match(/<[\w-]+:credential[\s>/]/g)).toHaveLength(1)
    expect(unbakeSvg(bakeSvg(baked, json))).toBe(json)
  })

  it('refuses two credentials, none, DOCTYPEs and what is not SVG', () => {
    const baked = bakeSvg(svg, json)
    const twice = baked.replace('</svg>', `<openbadges:credential verify="${jwt}"></openbadges:credential></svg>`)
    expect(code(() => unbakeSvg(twice))).toBe('multiple_credentials')
    expect(code(() => unbakeSvg(svg))).toBe('no_credential')
    expect(code(() => unbakeSvg('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'))).toBe('not_svg')
    expect(code(() => unbakeSvg('<svg><g></svg>'))).toBe('not_svg')
    expect(code(() => unbakeSvg('<html></html>'))).toBe('not_svg')
    expect(code(() => bakeSvg(svg, '{"unterminated": '))).toBe('invalid_credential')
  })
})
