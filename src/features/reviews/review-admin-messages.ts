import { t, type Locale, type MessageKey } from '../../ui/i18n.ts'
import { adminToolsEn } from '../../ui/messages/admin-tools.en.ts'

/**
 * The English messages the review forms (forms.ts) and the review services give (words a JSON API client reads
 * too), by text, to their catalogue keys: the managers' page shows them in the viewer's language.
 */
const keyOf = new Map<string, MessageKey>(
  (Object.entries(adminToolsEn) as [MessageKey, string][]).filter(([key]) => key.startsWith('reviewAdmin.error.')).map(([key, text]) => [text, key]),
)

/** Field and form messages of the managers' review page in `locale`; a message the catalogue does not know is kept as it is. */
export function reviewAdminMessages(locale: Locale, errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => {
      const key = keyOf.get(message)
      return [field, key ? t(locale, key) : message]
    }),
  )
}
