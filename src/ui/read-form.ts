import type { Context } from 'hono'
import { AppError } from '../lib/errors.ts'
import { isStorableText } from '../lib/text.ts'
import { t, type Locale } from './i18n.ts'

/** A urlencoded form's string fields, without the CSRF field (files and repeated fields' arrays left out). */
export async function readStringFields(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody()
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== '_csrf'))
}

/** The fields of `form` among `names`: what a form reads (a NUL in a field it ignores is harmless). */
export function fieldsNamed(form: Record<string, string>, names: Iterable<string>): Record<string, string> {
  return Object.fromEntries([...names].flatMap((name) => (Object.hasOwn(form, name) ? [[name, form[name]!]] : [])))
}

/**
 * How the form's view shows a field message: in a language (the page's), or as the catalogue key itself for
 * views that translate keys (the ambassadors' community pages).
 */
export type FieldMessageStyle = Locale | 'key'

/**
 * The fields holding text PostgreSQL cannot store (a NUL character), each with the message to show at it;
 * empty when every field can be stored. Give only the fields the form reads (fieldsNamed), so that each
 * message has its field on the page.
 */
export function unstorableFields(fields: Record<string, string | undefined>, style: FieldMessageStyle): Record<string, string> {
  const message = style === 'key' ? 'field.unstorableChar' : t(style, 'field.unstorableChar')
  return Object.fromEntries(Object.entries(fields).flatMap(([name, value]) => (value !== undefined && !isStorableText(value) ? [[name, message]] : [])))
}

/**
 * Refuses a posted form holding a NUL character before anything is saved: an AppError('validation') with the
 * message at each such field, so the route's own validation path shows the form again with what was typed
 * (call it first inside the try whose catch re-renders the form on validation errors). A route that does not
 * catch it answers the 422 page in the visitor's language (app.tsx), as a NUL refused by the database does.
 */
export function refuseUnstorableText(fields: Record<string, string | undefined>, style: FieldMessageStyle): void {
  const errors = unstorableFields(fields, style)
  if (Object.keys(errors).length) throw new AppError('validation', t('en', 'error.nul'), errors, { key: 'error.nul' })
}
