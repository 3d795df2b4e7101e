import type { Locale } from '../../ui/i18n.ts'
import { renderDefaultEmail } from '../communications/render-email.ts'

/** The sign-in email in the viewer's language (the "sign-in" mail template: plain text and HTML). */
export function signInEmail(locale: Locale, link: string, minutes: number) {
  return renderDefaultEmail('sign-in', locale, { link, minutes })
}

/** The link that adds an address to the account of `name` (the "confirm-email" template). */
export function confirmEmailEmail(locale: Locale, link: string, minutes: number, name: string) {
  return renderDefaultEmail('confirm-email', locale, { link, minutes, name })
}
