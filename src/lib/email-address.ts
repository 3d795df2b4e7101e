import { domainToASCII } from 'node:url'
import { z } from 'zod'

/** Zod's address pattern, whose last label may also be an internationalised top-level domain (xn--fiqs8s: 中国). */
const ADDRESS = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+(?:[A-Za-z]{2,}|xn--[A-Za-z0-9-]*[A-Za-z0-9])$/
const emailSchema = z.email({ pattern: ADDRESS }).max(254)

/**
 * A typed email address as mail can be sent to it, or undefined when it is none: trimmed, with an
 * internationalised domain (user@bücher.de, 用户@例子.中国's domain) written in its ASCII form (IDNA:
 * user@xn--bcher-kva.de), as every mail server accepts it. A local part outside ASCII stays refused.
 */
export function asciiEmail(raw: string): string | undefined {
  const text = raw.trim()
  const at = text.lastIndexOf('@')
  if (at <= 0) return undefined
  const domain = text.slice(at + 1)
  const ascii = /^[\x21-\x7e]*$/.test(domain) ? domain : domainToASCII(domain)
  if (!ascii) return undefined
  const address = `${text.slice(0, at)}@${ascii}`
  return emailSchema.safeParse(address).success ? address : undefined
}

/** A form's email field: an address asciiEmail accepts, given back in that ASCII form. */
export const emailField = z
  .string()
  .refine((s) => asciiEmail(s) !== undefined)
  .transform((s) => asciiEmail(s)!)

/**
 * An address as people sign in with it, or undefined when it is none: asciiEmail's form, lower-cased (sign-in
 * identities and links are stored lower-cased). The web sign-in, `embassy admin …` and `embassy role …` read
 * addresses through this one parser, so an internationalised domain is accepted everywhere alike.
 */
export function signInAddress(raw: string): string | undefined {
  return asciiEmail(raw)?.toLowerCase()
}
