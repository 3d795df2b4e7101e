import { z } from 'zod'
import { isMessageKey, t, type Locale, type MessageKey } from '../../ui/i18n.ts'

/** Membership states a visitor can filter the directory by. */
export const directoryStatuses = ['active', 'alumni'] as const

/**
 * Query parameters of the ambassador directory; anything else is a 400. The messages are catalogue keys
 * (src/ui/messages), shown in the visitor's language by `directoryQueryMessages`.
 */
export const directoryQuerySchema = z
  .object({
    // "@login", as the cards write a GitHub login, finds the login.
    q: z
      .string()
      .max(100, 'directory.error.q' satisfies MessageKey)
      .transform((q) => q.replace(/^\s*@/, ''))
      .optional(),
    cohort: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'directory.error.cohort' satisfies MessageKey)
      .optional(),
    region: z.string().max(64, 'directory.error.region' satisfies MessageKey).optional(),
    status: z.enum(directoryStatuses, { error: 'directory.error.status' satisfies MessageKey }).optional(),
    page: z.coerce
      .number({ error: 'directory.error.pageWhole' satisfies MessageKey })
      .int('directory.error.pageWhole' satisfies MessageKey)
      .min(1, 'directory.error.pageMin' satisfies MessageKey)
      .max(10_000, 'directory.error.pageMax' satisfies MessageKey)
      .default(1),
  })
  .strict()

/** Why a directory query was refused, in `locale`: one message for the page and one per parameter. */
export function directoryQueryMessages(locale: Locale, issues: z.core.$ZodIssue[]): { message: string; fields: Record<string, string> } {
  const say = (i: z.core.$ZodIssue) => (isMessageKey(i.message) ? t(locale, i.message) : i.message)
  const fields = Object.fromEntries(issues.map((i) => [String(i.path[0] ?? 'query'), say(i)]))
  const unknown = issues.find((i) => i.code === 'unrecognized_keys')
  const message = unknown ? t(locale, 'directory.error.unknown', { keys: unknown.keys.join(', ') }) : issues.map(say).join('; ')
  return { message, fields }
}

/** The validated directory query. */
export type DirectoryQuery = z.infer<typeof directoryQuerySchema>

/** Drops empty parameters (a submitted empty search box) so they mean "no filter". */
export function withoutEmpty(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v.trim() !== ''))
}
