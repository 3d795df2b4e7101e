import { t, type Locale } from '../../ui/i18n.ts'

/** The sign-in email in the viewer's language: plain text plus a minimal HTML part. */
export function signInEmail(locale: Locale, link: string, minutes: number) {
  const text = t(locale, 'mail.signIn.body', { link, minutes })
  const escaped = link.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
  const html = `<p>${t(locale, 'mail.signIn.body', { link: '', minutes }).split('\n\n')[0]}</p><p><a href="${escaped}">${escaped}</a></p>`
  return { subject: t(locale, 'mail.signIn.subject'), text, html }
}
