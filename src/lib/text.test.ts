import { describe, expect, it } from 'vitest'
import { escapeLike, hasBidiControl, searchKey, slugify, withoutBidiControls } from './text.ts'

describe('searchKey', () => {
  it.each([
    ['Onur Canog\u0306lu', 'onur canoglu'], // stored decomposed (NFD)
    ['Onur Canoğlu', 'onur canoglu'], // composed (NFC)
    ['ONUR CANOGLU', 'onur canoglu'],
    ['I\u0307remnur O\u0308nder', 'iremnur onder'],
    ['İremnur Önder', 'iremnur onder'],
    ['Halil İbrahim BUGÖL', 'halil ibrahim bugol'],
    ['ılgaz', 'ilgaz'], // Turkish dotless ı
    ['Straße', 'strasse'],
    ['Łukasz  Søren', 'lukasz soren'],
    ['尹敏', '尹敏'],
    ['张海立', '张海立'],
    ['  spaced\tout ', 'spaced out'],
  ])('%s → %s', (input, key) => {
    expect(searchKey(input)).toBe(key)
  })

  it('gives NFD and NFC spellings the same key, in NFC', () => {
    const key = searchKey('Nguyễn')
    expect(key).toBe(searchKey('Nguyễn'.normalize('NFD')))
    expect(key).toBe(key.normalize('NFC'))
  })
})

describe('slugify', () => {
  it('keeps Latin letters and digits only', () => {
    expect(slugify('Halil İbrahim BUGÖL')).toBe('halil-ibrahim-bugol')
    expect(slugify('  --Hello, World!-- ')).toBe('hello-world')
    expect(slugify('尹敏')).toBe('')
  })
})

describe('escapeLike', () => {
  it('escapes wildcards', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\')
  })
})

describe('hasBidiControl', () => {
  it('finds the embedding, override and isolate controls, not ordinary right-to-left text', () => {
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) expect(hasBidiControl(`a${c}b`)).toBe(true)
    expect(hasBidiControl('محمد علي')).toBe(false)
    expect(hasBidiControl('Onur Canoğlu')).toBe(false)
    expect(withoutBidiControls('Mallory \u2066\u202Eecila\u2069')).toBe('Mallory ecila')
  })
})
