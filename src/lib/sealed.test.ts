import { describe, expect, it } from 'vitest'
import { seal, unseal, UnsealError } from './sealed.ts'

const key = 'a-secret-key-that-is-long-enough-0123456789'

describe('sealed secrets', () => {
  it('round-trips, with a fresh IV each time', () => {
    const a = seal(key, 'benefits', 'CREDIT-CODE-尹敏')
    expect(a).not.toBe(seal(key, 'benefits', 'CREDIT-CODE-尹敏'))
    expect(unseal(key, 'benefits', a)).toBe('CREDIT-CODE-尹敏')
  })

  it('refuses another key, another purpose, a tampered value and garbage', () => {
    const sealed = seal(key, 'benefits', 'secret')
    expect(() => unseal(`${key}x`, 'benefits', sealed)).toThrow(UnsealError)
    expect(() => unseal(key, 'credential signing keys', sealed)).toThrow(UnsealError)
    const parts = sealed.split('.')
    parts[3] = Buffer.from('other').toString('base64url')
    expect(() => unseal(key, 'benefits', parts.join('.'))).toThrow(UnsealError)
    expect(() => unseal(key, 'benefits', 'plain text')).toThrow('not a sealed value')
  })
})
