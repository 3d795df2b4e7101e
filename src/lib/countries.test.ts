import { describe, expect, it } from 'vitest'
import { countries, isCountryCode } from './countries.ts'

describe('the country list', () => {
  it('names each country once: no withdrawn code beside the current one', () => {
    const names = countries.map((c) => c.name)
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([])
    for (const code of ['DE', 'GB', 'RS', 'CN', 'XK']) expect(isCountryCode(code), code).toBe(true)
    for (const code of ['DD', 'UK', 'YU', 'CS', 'SU', 'IC', 'ZZ', 'EU']) expect(isCountryCode(code), code).toBe(false)
  })

  it('holds the assigned countries and Kosovo (249 + 1, as far as this runtime’s ICU names them)', () => {
    expect(countries.length).toBeGreaterThanOrEqual(245)
    expect(countries.length).toBeLessThanOrEqual(250)
  })
})
