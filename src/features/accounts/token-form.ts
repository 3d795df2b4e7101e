import { z } from 'zod'
import { isMessageKey, t, type Locale, type MessageKey } from '../../ui/i18n.ts'
import { hasBidiControl } from '../../lib/text.ts'
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from '../api/tokens.ts'
import { tokenScopes } from './schema.ts'

/** The new-token form's fields as typed (what the page shows again after a refusal). */
export interface TokenFormValues {
  name: string
  days: string
  scope: string
}

/** The form's starting values: a read-only token for the default lifetime. */
export const blankTokenForm: TokenFormValues = { name: '', days: String(DEFAULT_TOKEN_DAYS), scope: 'read' }

/**
 * The account page's new-token form. The messages are catalogue keys (src/ui/messages). Unlike the API, the
 * page always gives a lifetime (no never-expiring tokens from a form filled in a hurry) and defaults to `read`.
 */
const tokenFormSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'tokens.error.name' satisfies MessageKey)
    .max(100, 'tokens.error.nameLong' satisfies MessageKey)
    .refine((name) => !hasBidiControl(name), 'tokens.error.nameBidi' satisfies MessageKey),
  days: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'tokens.error.days' satisfies MessageKey)
    .transform(Number)
    .pipe(z.number().min(1, 'tokens.error.days' satisfies MessageKey).max(MAX_TOKEN_DAYS, 'tokens.error.days' satisfies MessageKey)),
  scope: z.enum(tokenScopes, { error: 'tokens.error.scope' satisfies MessageKey }),
})

/** The validated form. */
export type TokenForm = z.output<typeof tokenFormSchema>

/** Reads the form: the values, or a message per field in `locale`. */
export function parseTokenForm(locale: Locale, fields: Record<string, string>): { ok: true; value: TokenForm } | { ok: false; errors: Record<string, string> } {
  const typed = { name: fields.name ?? '', days: fields.days ?? '', scope: fields.scope ?? '' }
  const parsed = tokenFormSchema.safeParse(typed)
  if (parsed.success) return { ok: true, value: parsed.data }
  const errors: Record<string, string> = {}
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'name')
    errors[field] ??= isMessageKey(issue.message) ? t(locale, issue.message, { max: MAX_TOKEN_DAYS }) : issue.message
  }
  return { ok: false, errors }
}
