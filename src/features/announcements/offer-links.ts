import { hmac, safeEqual } from '../../lib/secrets.ts'
import type { Locale } from '../../ui/i18n.ts'

/**
 * The link in a decision email lets its reader answer the offer without signing in: the offer id and an HMAC of
 * it under the deployment's secret. Only the email's reader (or the signed-in applicant) can answer.
 */
export function offerToken(secretKey: string, offerId: string): string {
  return hmac(secretKey, `acceptance-offer:${offerId}`)
}

/** Whether `token` is the signature of this offer. */
export function offerTokenValid(secretKey: string, offerId: string, token: string | undefined): boolean {
  return typeof token === 'string' && token.length > 0 && safeEqual(token, offerToken(secretKey, offerId))
}

/**
 * The absolute link of an offer, as emails carry it. An email in Chinese links the page in Chinese (`lang=`, which
 * the page remembers in the lang cookie for the answer that follows), whatever language the reader's browser asks for.
 */
export function offerLink(baseUrl: string, secretKey: string, offerId: string, locale: Locale = 'en'): string {
  const lang = locale === 'en' ? '' : `&lang=${locale}`
  return `${baseUrl.replace(/\/$/, '')}/offers/${offerId}?token=${offerToken(secretKey, offerId)}${lang}`
}
