import type { z } from 'zod'
import { AppError } from '../../lib/errors.ts'
import { t, type Locale, type MessageKey } from '../../ui/i18n.ts'
import { en } from '../../ui/messages/en.ts'

/**
 * The catalogue entries that hold use-cases' English texts word for word: the console's (`adminProgram.msg.*`)
 * and the managers' review page's (`reviewAdmin.error.*`: what the review forms and services say).
 */
const PREFIXES = ['adminProgram.msg.', 'reviewAdmin.error.']

/** Keys outside PREFIXES whose English texts the use-cases also say word for word. */
const alsoSaid: MessageKey[] = ['adminProgram.apps.noApplication', 'selection.locked']

/** The English templates of PREFIXES (and alsoSaid) as patterns: {name} placeholders match any text. */
const templates = (Object.entries(en) as [MessageKey, string][])
  .filter(([key]) => PREFIXES.some((prefix) => key.startsWith(prefix)) || alsoSaid.includes(key))
  .map(([key, english]) => {
    const names: string[] = []
    const source = english.split(/\{(\w+)\}/).map((part, i) => (i % 2 ? (names.push(part), '(.+?)') : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    return { key: key as MessageKey, names, pattern: new RegExp(`^${source.join('')}$`, 's') }
  })

/**
 * A message of the checks and use-cases behind the managers' console (schemas, configure-program,
 * schedule-announcement, manage-webhooks, revoke-credential, configure-form, the selection's, the review forms and
 * services), said in `locale`: those speak English, and the catalogue holds their English texts word for word
 * under PREFIXES, so the English text finds its
 * key (with the values of its placeholders). English, and a text the catalogue does not know, come back as
 * they are.
 */
export function localizeMessage(locale: Locale, english: string): string {
  if (locale === 'en') return english
  for (const { key, names, pattern } of templates) {
    const m = pattern.exec(english)
    if (m) return t(locale, key, Object.fromEntries(names.map((name, i) => [name, m[i + 1]!])))
  }
  return english
}

/** Each field's message, localized (see localizeMessage). */
export function localizeFields(locale: Locale, fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([name, message]) => [name, localizeMessage(locale, message)]))
}

/** An AppError of a use-case with its message and field messages in `locale` (thrown ones become error pages). */
export function localizeError(locale: Locale, err: AppError): AppError {
  return locale === 'en' ? err : new AppError(err.code, localizeMessage(locale, err.message), localizeFields(locale, err.fields))
}

/**
 * Field errors of a Zod error, keyed by the dotted path (`formKey` for the form as a whole), in `locale`: the schema's own message when the
 * catalogue knows it; otherwise, in Chinese, a plain one from the kind of problem (Zod's defaults are English).
 */
export function localizedIssues(locale: Locale, error: z.ZodError, formKey = 'form'): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.join('.') || formKey
    const english = issue.message.replace(/^Invalid input: /, '')
    const said = localizeMessage(locale, english)
    out[key] ??= said !== english || locale === 'en' ? said : genericProblem(locale, issue)
  }
  return out
}

function genericProblem(locale: Locale, issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return t(locale, 'adminProgram.check.required')
      return t(locale, issue.inclusive === false ? 'adminProgram.check.above' : 'adminProgram.check.atLeast', { min: String(issue.minimum) })
    case 'too_big':
      return issue.origin === 'string' ? t(locale, 'adminProgram.check.maxChars', { max: String(issue.maximum) }) : t(locale, 'adminProgram.check.atMost', { max: String(issue.maximum) })
    case 'invalid_type':
      if (issue.expected === 'int') return t(locale, 'adminProgram.msg.wholeNumber')
      return issue.expected === 'number' ? t(locale, 'adminProgram.check.number') : t(locale, 'adminProgram.check.invalid')
    case 'invalid_value':
      return t(locale, 'adminProgram.check.choice')
    default:
      return t(locale, 'adminProgram.check.invalid')
  }
}
