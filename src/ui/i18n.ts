import { en } from './messages/en.ts'
import { zhCN } from './messages/zh-CN.ts'

/** Languages the applicant pages speak. */
export const locales = ['en', 'zh-CN'] as const
/** One of locales. */
export type Locale = (typeof locales)[number]
/** The message keys (English is the reference). */
export type MessageKey = keyof typeof en

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN }

/** A message in `locale` with {name} placeholders filled in. */
export function t(locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const template = catalogues[locale][key] ?? en[key]
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`))
}

/** The locale a request asks for: ?lang=, then the `lang` cookie, then Accept-Language; English otherwise. */
export function pickLocale(query: string | undefined, cookie: string | undefined, acceptLanguage: string | undefined): Locale {
  for (const candidate of [query, cookie]) {
    if (candidate === 'en' || candidate === 'zh-CN') return candidate
  }
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', q = 'q=1'] = part.trim().split(';')
      return { tag: tag.toLowerCase(), q: Number(q.replace('q=', '')) || 0 }
    })
    .sort((a, b) => b.q - a.q)
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN'
    if (tag.startsWith('en')) return 'en'
  }
  return 'en'
}
