import { describe, expect, it } from 'vitest'
import { illFormedPath } from './well-formed.ts'

describe('illFormedPath', () => {
  it('names the first key or string holding a lone surrogate, and passes pairs, plain text and non-JSON', () => {
    expect(illFormedPath('{"a":"x","b":{"c":["ok","\\ud800"]}}')).toBe('b.c.1')
    expect(illFormedPath('{"a":{"\\udc00":1}}')).toBe('a.\udc00')
    expect(illFormedPath('"\\udbff"')).toBe('(body)')
    expect(illFormedPath('["\\udc00\\ud800"]')).toBe('0')
    expect(illFormedPath('{"smile":"\\ud83d\\ude00","raw":"😀 中文"}')).toBeUndefined()
    expect(illFormedPath('{"a":"\\\\ud800"}')).toBeUndefined()
    expect(illFormedPath('{"a": "\\ud800"')).toBeUndefined()
  })
})
