import { describe, expect, it } from 'vitest'
import { isUuid } from './ids.ts'

describe('isUuid', () => {
  it('takes a UUID in either case, as PostgreSQL does', () => {
    expect(isUuid('0b4f5a3e-9c1d-4e2f-8a7b-6c5d4e3f2a1b')).toBe(true)
    expect(isUuid('0B4F5A3E-9C1D-4E2F-8A7B-6C5D4E3F2A1B')).toBe(true)
  })

  it('refuses anything else, so a query never sees it', () => {
    for (const bad of [undefined, '', 'x', '0b4f5a3e9c1d4e2f8a7b6c5d4e3f2a1b', '0b4f5a3e-9c1d-4e2f-8a7b-6c5d4e3f2a1', ' 0b4f5a3e-9c1d-4e2f-8a7b-6c5d4e3f2a1b', '0b4f5a3e-9c1d-4e2f-8a7b-6c5d4e3f2a1b\n', 'gb4f5a3e-9c1d-4e2f-8a7b-6c5d4e3f2a1b']) {
      expect(isUuid(bad)).toBe(false)
    }
  })
})
