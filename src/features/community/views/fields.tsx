import type { Child } from 'hono/jsx'
import { t, type Locale, type MessageKey } from '../../../ui/i18n.ts'
import { en } from '../../../ui/messages/en.ts'

/** Field errors as message keys, by field name. */
export type FieldErrors = Record<string, string>

/** Error attributes of an input (linked to its message for screen readers). */
export function invalid(errors: FieldErrors, name: string) {
  return errors[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${name}-error` } : {}
}

/** A labelled field with its inline error. */
export function Field(props: { locale: Locale; name: string; label: MessageKey; errors: FieldErrors; children: Child }) {
  const error = props.errors[props.name]
  return (
    <div class="field">
      <label for={props.name}>{t(props.locale, props.label)}</label>
      {props.children}
      {error ? (
        <p class="field-error" id={`${props.name}-error`}>
          {t(props.locale, error as MessageKey)}
        </p>
      ) : null}
    </div>
  )
}

/** A select of fixed options labelled through message keys `${prefix}.${value}`. */
export function OptionSelect(props: { locale: Locale; name: string; values: readonly string[]; prefix: string; selected?: string; errors: FieldErrors; placeholder?: boolean }) {
  return (
    <select id={props.name} name={props.name} {...invalid(props.errors, props.name)}>
      {props.placeholder ? <option value="">—</option> : null}
      {props.values.map((v) => (
        <option value={v} selected={v === props.selected}>
          {t(props.locale, `${props.prefix}.${v}` as MessageKey)}
        </option>
      ))}
    </select>
  )
}

/** The summary shown above a form that was refused. */
export function ErrorSummary(props: { locale: Locale; errors: FieldErrors }) {
  if (!Object.keys(props.errors).length) return null
  return (
    <div class="error-box" role="alert">
      {t(props.locale, 'community.form.errors')}
    </div>
  )
}

/** A hidden CSRF field. */
export function Csrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />
}

/** The label of a ledger type: an activity type in `locale`, or an imported contribution kind as the store names it. */
export function typeLabel(locale: Locale, type: string): string {
  const key = `community.type.${type}`
  return key in en ? t(locale, key as MessageKey) : type.replace(/_/g, ' ')
}
