import { expect, it } from 'vitest'
import { asciiEmail } from './email-address.ts'

it('writes an internationalised domain in its ASCII form and refuses what is no address', () => {
  expect(asciiEmail(' Ada@Example.org ')).toBe('Ada@Example.org')
  expect(asciiEmail('user@bücher.de')).toBe('user@xn--bcher-kva.de')
  expect(asciiEmail('li@例子.中国')).toBe('li@xn--fsqu00a.xn--fiqs8s')
  expect(asciiEmail('user@xn--bcher-kva.de')).toBe('user@xn--bcher-kva.de')
  for (const bad of ['', 'no-at', '@example.org', 'a@', 'a b@example.org', '用户@例子.中国', 'a@bad..de', `${'x'.repeat(250)}@example.org`]) expect(asciiEmail(bad), bad).toBeUndefined()
})
