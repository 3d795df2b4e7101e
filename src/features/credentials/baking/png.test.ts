import zlib from 'node:zlib'
import { Resvg } from '@resvg/resvg-js'
import { describe, expect, it } from 'vitest'
import { BakingError } from './errors.ts'
import { bakePng, PNG_KEYWORD, unbakePng } from './png.ts'

const png = Buffer.from(new Resvg('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="4" fill="#1f4e79"/></svg>').render().asPng())
const credential = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'Onur Canog\u0306lu · 尹敏 · محمد' }
const json = JSON.stringify(credential, null, 2)
const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'

function chunkTypes(bytes: Buffer): string[] {
  const types: string[] = []
  for (let at = 8; at < bytes.length; at += 12 + bytes.readUInt32BE(at)) types.push(bytes.toString('latin1', at + 4, at + 8))
  return types
}

function code(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    if (err instanceof BakingError) return err.code
    throw err
  }
  return 'no error'
}

describe('PNG baking', () => {
  it('round-trips JSON byte for byte and a JWT', () => {
    expect(unbakePng(bakePng(png, json))).toBe(json)
    expect(unbakePng(bakePng(png, jwt))).toBe(jwt)
    expect(JSON.parse(unbakePng(bakePng(png, credential)))).toEqual(credential)
  })

  it('writes one uncompressed iTXt chunk after IHDR and keeps the image', () => {
    const baked = bakePng(png, json)
    expect(chunkTypes(baked)).toEqual(['IHDR', 'iTXt', ...chunkTypes(png).slice(1)])
    const length = baked.readUInt32BE(33)
    const data = baked.subarray(41, 41 + length)
    expect(data.subarray(0, PNG_KEYWORD.length + 5)).toEqual(Buffer.concat([Buffer.from('openbadgecredential'), Buffer.from([0, 0, 0, 0, 0])]))
    expect(new Resvg(`<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><image width="8" height="8" href="data:image/png;base64,${baked.toString('base64')}"/></svg>`).render().pixels).toEqual(
      new Resvg(`<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><image width="8" height="8" href="data:image/png;base64,${png.toString('base64')}"/></svg>`).render().pixels,
    )
  })

  it('replaces an existing credential instead of adding a second', () => {
    const twice = bakePng(bakePng(png, jwt), json)
    expect(chunkTypes(twice).filter((t) => t === 'iTXt')).toHaveLength(1)
    expect(unbakePng(twice)).toBe(json)
  })

  it('refuses a PNG with two credential chunks', () => {
    const baked = bakePng(png, json)
    const chunk = baked.subarray(33, 33 + 12 + baked.readUInt32BE(33))
    const doubled = Buffer.concat([baked.subarray(0, 33), chunk, baked.subarray(33)])
    expect(code(() => unbakePng(doubled))).toBe('multiple_credentials')
  })

  it('refuses a PNG without a credential, with another code', () => {
    expect(code(() => unbakePng(png))).toBe('no_credential')
  })

  it('refuses a damaged PNG (bad CRC), a truncated one, and what is not a PNG', () => {
    const baked = bakePng(png, json)
    const corrupt = Buffer.from(baked)
    corrupt[45] = corrupt[45]! ^ 0xff // a byte of the credential text: its chunk's CRC no longer matches
    expect(code(() => unbakePng(corrupt))).toBe('corrupt_png')
    expect(code(() => bakePng(corrupt, json))).toBe('corrupt_png')
    expect(code(() => unbakePng(baked.subarray(0, baked.length - 6)))).toBe('corrupt_png')
    expect(code(() => unbakePng(Buffer.from('GIF89a not a png')))).toBe('not_png')
  })

  it('refuses a compressed credential chunk and text that is not a credential', () => {
    const data = Buffer.concat([Buffer.from(PNG_KEYWORD), Buffer.from([0, 1, 0, 0, 0]), zlib.deflateSync(json)])
    const head = Buffer.alloc(8)
    head.writeUInt32BE(data.length)
    head.write('iTXt', 4, 'latin1')
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(zlib.crc32(data, zlib.crc32(head.subarray(4))) >>> 0)
    const compressed = Buffer.concat([png.subarray(0, 33), head, data, crc, png.subarray(33)])
    expect(code(() => unbakePng(compressed))).toBe('invalid_credential')
    expect(code(() => bakePng(png, 'not json at all'))).toBe('invalid_credential')
    expect(code(() => bakePng(png, '[1,2]'))).toBe('invalid_credential')
  })

  it('refuses oversized input', () => {
    expect(code(() => bakePng(png, JSON.stringify({ x: 'a'.repeat(300_000) })))).toBe('too_large')
    expect(code(() => unbakePng(Buffer.alloc(11 * 1024 * 1024)))).toBe('too_large')
  })
})
