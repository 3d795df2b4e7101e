import { isMessageKey, t, type Locale, type MessageKey } from '../../../ui/i18n.ts'
import { adminToolsEn } from '../../../ui/messages/admin-tools.en.ts'

/** A template language's name in the page's language ("English", "简体中文"); the tag itself when unknown. */
export function templateLocaleName(l: Locale, locale: string): string {
  const key = `mailTemplates.locale.${locale}`
  return isMessageKey(key) ? t(l, key) : locale
}

/**
 * What a program template is for, in the page's language. The catalogue's descriptions are English; one the
 * messages do not carry word for word (a new or reworded template) is shown as written.
 */
export function templateAbout(l: Locale, template: string, description: string): string {
  const key = `mailTemplates.about.${template}`
  return isMessageKey(key) && (adminToolsEn as Record<string, string>)[key] === description ? t(l, key) : description
}

/** The catalogue's English variable descriptions, by text, to their message keys. */
const variableKeys = new Map<string, MessageKey>(
  Object.entries(adminToolsEn).flatMap(([key, text]): [string, MessageKey][] => (key.startsWith('mailTemplates.var.') && isMessageKey(key) ? [[text, key]] : [])),
)

/** A template variable's description in the page's language (as written in the catalogue when the messages lack it). */
export function variableAbout(l: Locale, description: string): string {
  const key = variableKeys.get(description)
  return key ? t(l, key) : description
}
