import type { AppDeps } from '../../deps.ts'
import type { Locale } from '../../ui/i18n.ts'
import { renderEmail, type RenderedEmail } from '../communications/render-email.ts'

/**
 * The confirmation email (the "application-received" mail template), in the program's own wording when its
 * managers edited the template for that language, else the code's. Its default subject starts with
 * "Application received" (申请已收到) so it can never be mistaken for a decision email ("Decision").
 */
export function receivedEmail(
  deps: Pick<AppDeps, 'db'>,
  programId: string,
  locale: Locale,
  v: { name: string; program: string; cohort: string; deadline: string; link: string; verdict: string },
): Promise<RenderedEmail> {
  return renderEmail(deps, { programId, template: 'application-received', locale, vars: v })
}
