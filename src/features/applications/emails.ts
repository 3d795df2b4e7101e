import type { Locale } from '../../ui/i18n.ts'
import { renderDefaultEmail } from '../communications/render-email.ts'

/**
 * The confirmation email (the "application-received" mail template). Its subject starts with "Application
 * received" (申请已收到) so it can never be mistaken for a decision email, whose subjects start with "Decision".
 */
export function receivedEmail(
  locale: Locale,
  v: { name: string; program: string; cohort: string; deadline: string; link: string; verdict: string },
) {
  return renderDefaultEmail('application-received', locale, v)
}
