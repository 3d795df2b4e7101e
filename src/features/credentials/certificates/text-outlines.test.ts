import { describe, expect, it } from 'vitest'
import { outlinedText, type OutlineSpec } from './text-outlines.ts'

const spec = (text: string): OutlineSpec => ({ text, x: 800, y: 566, size: 96, weight: 700, anchor: 'middle', families: ['Noto Serif'], fill: '#1d1d1f' })

describe('variable text as outlines', () => {
  it('outlines left-to-right names (Latin with marks, Turkish, Chinese) and leaves right-to-left ones to resvg', () => {
    for (const name of ['Onur Canog\u0306lu', 'İremnur Önder ılık', '尹敏', '张海立 Zoë', 'Zoë Ångström-Łukasiewicz']) {
      const svg = outlinedText(spec(name))
      expect(svg, name).toMatch(/^<path fill="#1d1d1f" d="M[\d. MLQCZ-]+"\/>$/)
      // NFD and NFC give the same outlines; one different letter changes them.
      expect(outlinedText(spec(name.normalize('NFD'))), name).toBe(svg)
    }
    expect(outlinedText(spec('Onur Canoglu'))).not.toBe(outlinedText(spec('Onur Canoğlu')))
    expect(outlinedText(spec('محمد عبد الله'))).toBeNull()
    expect(outlinedText(spec('דוד בן־גוריון'))).toBeNull()
    // A character no bundled face has is left to resvg (which draws its missing-glyph box).
    expect(outlinedText(spec('ꦧ'))).toBeNull()
  })

  it('anchors the run: middle centres it on x, end ends it at x', () => {
    const xs = (svg: string | null) => [...svg!.matchAll(/[MLQC] ([\d.-]+)/g)].map((m) => Number(m[1]))
    const middle = xs(outlinedText(spec('Ada')))
    const end = xs(outlinedText({ ...spec('Ada'), anchor: 'end' }))
    expect(Math.max(...end)).toBeLessThanOrEqual(800.5)
    expect(Math.min(...middle)).toBeLessThan(800)
    expect(Math.max(...middle)).toBeGreaterThan(800)
  })
})
