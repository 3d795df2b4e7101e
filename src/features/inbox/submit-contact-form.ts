import { z } from 'zod'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { t, type Locale } from '../../ui/i18n.ts'
import { allowAttempt } from '../accounts/rate-limit.ts'
import { receiveInboxMessage } from './receive-message.ts'
import { emailField } from '../../lib/email-address.ts'

const oneLine = (max: number) => z.string().trim().min(1).max(max).refine((s) => !/[\r\n]/.test(s))

/** The contact form's fields (the honeypot "website" is checked separately). */
const contactForm = z.object({
  name: oneLine(100),
  email: emailField,
  subject: oneLine(200),
  message: z.string().trim().min(1).max(10_000),
})

/** Messages per client IP per hour, and per sender address per hour. */
export const CONTACT_LIMITS = { perIp: 5, perAddress: 3, windowSeconds: 3600 }

/**
 * Takes a message from a program's public contact form: validated (field messages in the visitor's language),
 * rate limited per IP and per address, and silently dropped when the honeypot field is filled (bots fill
 * every field; people never see it). Returns whether a message was stored.
 */
export async function submitContactForm(deps: AppDeps, input: { programId: string; fields: Record<string, string>; ip: string; locale: Locale }): Promise<{ stored: boolean }> {
  const f = input.fields
  if ((f.website ?? '').trim() !== '') return { stored: false }
  const parsed = contactForm.safeParse({ name: f.name ?? '', email: (f.email ?? '').trim().toLowerCase(), subject: f.subject ?? '', message: f.message ?? '' })
  if (!parsed.success) {
    const keys = { name: 'contact.nameRequired', email: 'contact.emailInvalid', subject: 'contact.subjectInvalid', message: 'contact.messageInvalid' } as const
    const errors: Record<string, string> = {}
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]) as keyof typeof keys
      errors[field] ??= t(input.locale, keys[field])
    }
    throw new AppError('validation', t(input.locale, 'contact.fixErrors'), errors)
  }
  const now = deps.clock()
  const { perIp, perAddress, windowSeconds } = CONTACT_LIMITS
  const allowed =
    (await allowAttempt(deps.db, `contact:ip:${input.ip}`, perIp, windowSeconds, now)) &&
    (await allowAttempt(deps.db, `contact:email:${parsed.data.email}`, perAddress, windowSeconds, now))
  if (!allowed) throw new AppError('rate_limited', t(input.locale, 'contact.rateLimited'))
  await receiveInboxMessage(deps, { programId: input.programId, source: 'form', fromName: parsed.data.name, fromAddress: parsed.data.email, subject: parsed.data.subject, body: parsed.data.message })
  return { stored: true }
}
