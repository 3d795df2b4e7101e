import { ANYWHERE_ON_EARTH, describeZone, formatDay, parseIsoInstant } from '../lib/dates.ts'
import { en } from './messages/en.ts'
import { zhCN } from './messages/zh-CN.ts'

/** Languages the pages speak (applicant, public and error pages). */
export const locales = ['en', 'zh-CN'] as const
/** One of locales. */
export type Locale = (typeof locales)[number]
/** The message keys (English is the reference). */
export type MessageKey = keyof typeof en

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN }

/** Whether `value` is a key of the catalogue (schemas that give keys as their messages). */
export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(en, value)
}

/** A message in `locale` with {name} placeholders filled in. */
export function t(locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const template = catalogues[locale]?.[key] ?? en[key]
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`))
}

/** A calendar day ("YYYY-MM-DD") as people of `locale` read it: "March 31, 2025" or "2025年3月31日". */
export function formatDayIn(locale: Locale, day: string): string {
  return locale === 'zh-CN' ? formatDay(day, 'zh-CN') : formatDay(day)
}

/**
 * An ISO 8601 instant as people of `locale` read it, in UTC: "1 May 2025 at 00:00 UTC", "2025年5月1日 00:00 UTC".
 * Text that names no real instant is returned as it is.
 */
export function formatInstantIn(locale: Locale, iso: string): string {
  const ms = parseIsoInstant(iso)
  if (ms === undefined) return iso
  const format = new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' })
  return `${format.format(ms)} UTC`
}

/** A time zone for people of `locale`: "Asia/Shanghai (UTC+8)", "Anywhere on Earth (UTC−12)" or "全球任意地区 (UTC−12)". */
export function describeZoneIn(locale: Locale, zone: string, at: Date): string {
  const label = describeZone(zone, at)
  return zone === ANYWHERE_ON_EARTH ? label.replace('Anywhere on Earth', t(locale, 'deadline.anywhereOnEarth')) : label
}

/** The locale a value names (?lang=, the cookie), matched without regard to case; undefined otherwise. */
export function namedLocale(value: string | undefined): Locale | undefined {
  const v = value?.trim().toLowerCase()
  return locales.find((l) => l.toLowerCase() === v)
}

/**
 * The locale a request asks for: ?lang=, then the `lang` cookie, then Accept-Language (by q-value; q=0 means
 * "not this one"; any Chinese tag picks Simplified Chinese); English otherwise.
 */
export function pickLocale(query: string | undefined, cookie: string | undefined, acceptLanguage: string | undefined): Locale {
  const chosen = namedLocale(query) ?? namedLocale(cookie)
  if (chosen) return chosen
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';').map((s) => s.trim())
      const qParam = params.find((p) => /^q\s*=/i.test(p))
      const q = qParam === undefined ? 1 : Number(qParam.replace(/^q\s*=\s*/i, ''))
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0, index }
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN'
    if (tag === 'en' || tag.startsWith('en-')) return 'en'
  }
  return 'en'
}
