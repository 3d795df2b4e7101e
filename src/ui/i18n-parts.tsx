import type { Child } from 'hono/jsx'
import { formatDayIn, formatInstantIn, t, type Locale, type MessageKey } from './i18n.ts'

/**
 * A message in `locale` whose {name} placeholders are page elements (a <code>, a link, a <time>), so that the
 * translation decides where they stand: t() fills the text placeholders of `vars`, `parts` the others.
 */
export function tParts(locale: Locale, key: MessageKey, parts: Record<string, Child>, vars: Record<string, string | number> = {}): Child[] {
  const text = t(locale, key, vars)
  return text.split(/\{(\w+)\}/g).map((piece, i) => (i % 2 === 0 ? piece : Object.hasOwn(parts, piece) ? parts[piece] : `{${piece}}`))
}

/**
 * An instant on the program team's pages: "2025-05-01 09:30 UTC" in English (the pages' compact form),
 * "2025年5月1日 09:30 UTC" in Chinese (formatInstantIn).
 */
export function stampIn(locale: Locale, at: Date): string {
  return locale === 'en' ? `${at.toISOString().replace('T', ' ').slice(0, 16)} UTC` : formatInstantIn(locale, at.toISOString())
}

/** A day on the program team's pages: "2025-05-01" in English, "2025年5月1日" in Chinese (formatDayIn). */
export function dayStampIn(locale: Locale, at: Date): string {
  const day = at.toISOString().slice(0, 10)
  return locale === 'en' ? day : formatDayIn(locale, day)
}
