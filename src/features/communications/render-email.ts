import { and, eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import type { Locale } from '../../ui/i18n.ts'
import { mailTemplates, type MailTemplateKey, type TemplateText } from './templates/catalogue.ts'
import { fillText, htmlDocument, plainLinks, renderHtmlFragment } from './templates/syntax.ts'
import { mailTemplateOverrides } from './schema.ts'

/** A rendered email, ready for queueEmail: subject, both parts and its category. */
export interface RenderedEmail {
  subject: string
  text: string
  html: string
  category: 'transactional' | 'notice'
}

/** What to render: a template of the catalogue, in a language, for a program (its override, if any), with values. */
export interface RenderRequest {
  programId?: string | null
  template: MailTemplateKey
  locale: Locale
  vars: Record<string, string | number>
}

/** The code's wording of a template in a language (English when the language has none). */
export function defaultTemplateText(template: MailTemplateKey, locale: Locale): TemplateText {
  const def = mailTemplates[template]
  return (def.text as Partial<Record<Locale, TemplateText>>)[locale] ?? def.text.en
}

/**
 * Renders a template's wording with values (pure): the subject and the plain-text part as written, the HTML
 * part from the Markdown with every value escaped. A value with a line break in the subject is refused
 * (header injection), as is a missing value.
 */
export function renderTemplateText(template: MailTemplateKey, locale: Locale, wording: TemplateText, input: Record<string, string | number>): RenderedEmail {
  const def = mailTemplates[template]
  const vars: Record<string, string> = {}
  for (const variable of def.variables) {
    const value = input[variable.name]
    if (value === undefined) throw new Error(`mail template ${template}: no value for {{${variable.name}}}`)
    vars[variable.name] = String(value)
  }
  const subject = fillText(wording.subject, vars).trim()
  if (/[\r\n]/.test(subject)) throw new AppError('validation', 'A subject must be a single line: a value put into it contains a line break.')
  const fragment = renderHtmlFragment(wording.body, vars, def.variables)
  return { subject, text: plainLinks(fillText(wording.body, vars)), html: htmlDocument(locale, subject, fragment), category: def.category }
}

/** Renders the code's default of a template (no database: sign-in links and other mail outside a program). */
export function renderDefaultEmail(template: MailTemplateKey, locale: Locale, vars: Record<string, string | number>): RenderedEmail {
  return renderTemplateText(template, locale, defaultTemplateText(template, locale), vars)
}

/** The wording a program uses for a template in a language: its override, or the code's default. */
export async function templateWording(deps: Pick<AppDeps, 'db'>, programId: string | null | undefined, template: MailTemplateKey, locale: Locale): Promise<TemplateText & { overridden: boolean }> {
  if (programId) {
    const [row] = await deps.db
      .select({ subject: mailTemplateOverrides.subject, body: mailTemplateOverrides.body })
      .from(mailTemplateOverrides)
      .where(and(eq(mailTemplateOverrides.programId, programId), eq(mailTemplateOverrides.template, template), eq(mailTemplateOverrides.locale, locale)))
    if (row) return { ...row, overridden: true }
  }
  return { ...defaultTemplateText(template, locale), overridden: false }
}

/** Renders a template for a program and language (the program's override when it has one): what every feature sends. */
export async function renderEmail(deps: Pick<AppDeps, 'db'>, request: RenderRequest): Promise<RenderedEmail> {
  const wording = await templateWording(deps, request.programId, request.template, request.locale)
  return renderTemplateText(request.template, request.locale, wording, request.vars)
}
