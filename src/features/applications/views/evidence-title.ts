import { formatDayIn, t, type Locale } from '../../../ui/i18n.ts'
import type { CountedContributions } from '../schema.ts'

/**
 * An evidence item's title as the reader's language words it: a code-contribution count imported from the
 * contribution store is worded from its figures (its stored title is English); anything else keeps its title.
 */
export function evidenceTitle(locale: Locale, e: { title: string; count: number; counted?: CountedContributions | null }): string {
  if (!e.counted) return e.title
  const vars = { count: e.count.toLocaleString(locale), repository: e.counted.repository, from: formatDayIn(locale, e.counted.firstDay), until: formatDayIn(locale, e.counted.lastDay) }
  return t(locale, e.count === 1 ? 'apply.importedCode.one' : 'apply.importedCode', vars)
}
