import { and, eq } from 'drizzle-orm'
import { z } from 'zod'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { isMessageKey, locales, t, type Locale } from '../../ui/i18n.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { mailTemplateOverrides } from './schema.ts'
import { isProgramTemplateKey, mailTemplates, type MailTemplateKey } from './templates/catalogue.ts'
import { missingRequired, templateProblems } from './templates/syntax.ts'

/** The fields of the template form (its messages are catalogue keys). */
export const templateForm = z.object({
  subject: z
    .string()
    .trim()
    .min(1, 'mailTemplates.error.subjectEmpty')
    .max(200, 'mailTemplates.error.subjectLength')
    .refine((s) => !/[\r\n]/.test(s), 'mailTemplates.error.subjectLine'),
  body: z.string().trim().min(1, 'mailTemplates.error.bodyEmpty').max(20_000, 'mailTemplates.error.bodyLength'),
})

/** A template form's values. */
export type TemplateFormValues = z.infer<typeof templateForm>

/**
 * Field messages for a template's wording (empty when it can be saved), in `locale` (English by default): form
 * rules, then unknown and missing required variables.
 */
export function checkTemplateForm(template: MailTemplateKey, input: { subject?: string; body?: string }, locale: Locale = 'en'): { values?: TemplateFormValues; errors: Record<string, string> } {
  const parsed = templateForm.safeParse(input)
  if (!parsed.success) {
    const errors: Record<string, string> = {}
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= isMessageKey(issue.message) ? t(locale, issue.message) : issue.message
    return { errors }
  }
  const variables = mailTemplates[template].variables
  const errors: Record<string, string> = {}
  const subjectProblems = templateProblems(parsed.data.subject, variables, locale)
  const bodyProblems = templateProblems(parsed.data.body, variables, locale)
  const missing = missingRequired(parsed.data, variables, locale)
  if (subjectProblems.length) errors.subject = subjectProblems.join(' ')
  if (bodyProblems.length || missing.length) errors.body = [...bodyProblems, ...missing].join(' ')
  return Object.keys(errors).length ? { errors } : { values: parsed.data, errors }
}

/**
 * Saves a program's wording of a template in one language (refused with field messages, in `pageLocale` or
 * English, when it does not check), audited.
 */
export async function saveMailTemplate(
  deps: AppDeps,
  input: { programId: string; template: string; locale: string; subject?: string; body?: string; actor: string; pageLocale?: Locale },
): Promise<void> {
  if (!isProgramTemplateKey(input.template)) throw new AppError('not_found', 'There is no such mail template of a program.')
  if (!(locales as readonly string[]).includes(input.locale)) throw new AppError('not_found', 'There is no such language.')
  const { values, errors } = checkTemplateForm(input.template, input, input.pageLocale)
  if (!values) throw new AppError('validation', 'The template was not saved: please correct it.', errors, { key: 'mailTemplates.notSaved' })
  const now = deps.clock()
  await deps.db.transaction(async (tx) => {
    const key = and(eq(mailTemplateOverrides.programId, input.programId), eq(mailTemplateOverrides.template, input.template), eq(mailTemplateOverrides.locale, input.locale))
    const [before] = await tx.select({ subject: mailTemplateOverrides.subject, body: mailTemplateOverrides.body }).from(mailTemplateOverrides).where(key)
    const [row] = await tx
      .insert(mailTemplateOverrides)
      .values({ programId: input.programId, template: input.template, locale: input.locale, ...values, updatedBy: input.actor, updatedAt: now })
      .onConflictDoUpdate({
        target: [mailTemplateOverrides.programId, mailTemplateOverrides.template, mailTemplateOverrides.locale],
        set: { ...values, updatedBy: input.actor, updatedAt: now },
      })
      .returning({ id: mailTemplateOverrides.id })
    await recordAudit(tx, { actor: input.actor, action: 'mail_template.save', entity: 'mail_template_override', entityId: row!.id, before: before ?? null, after: { template: input.template, locale: input.locale, ...values } })
  })
}

/** Removes a program's wording of a template in one language: the code's default applies again. Audited. */
export async function resetMailTemplate(deps: AppDeps, input: { programId: string; template: string; locale: string; actor: string }): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const removed = await tx
      .delete(mailTemplateOverrides)
      .where(and(eq(mailTemplateOverrides.programId, input.programId), eq(mailTemplateOverrides.template, input.template), eq(mailTemplateOverrides.locale, input.locale)))
      .returning()
    if (removed[0]) {
      await recordAudit(tx, { actor: input.actor, action: 'mail_template.reset', entity: 'mail_template_override', entityId: removed[0].id, before: { subject: removed[0].subject, body: removed[0].body } })
    }
  })
}
