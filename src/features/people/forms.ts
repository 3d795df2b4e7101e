import { z } from 'zod'

/** Membership states a visitor can filter the directory by. */
export const directoryStatuses = ['active', 'alumni'] as const

/** Query parameters of the ambassador directory; anything else is a 400 with this schema's message. */
export const directoryQuerySchema = z
  .object({
    // "@login", as the cards write a GitHub login, finds the login.
    q: z
      .string()
      .max(100, 'search text is limited to 100 characters')
      .transform((q) => q.replace(/^\s*@/, ''))
      .optional(),
    cohort: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'cohort must be a cohort identifier such as 2023')
      .optional(),
    region: z.string().max(64, 'region is limited to 64 characters').optional(),
    status: z.enum(directoryStatuses, { error: 'status must be active or alumni' }).optional(),
    page: z.coerce
      .number({ error: 'page must be a whole number' })
      .int('page must be a whole number')
      .min(1, 'page starts at 1')
      .max(10_000, 'page is too large')
      .default(1),
  })
  .strict()

/** The validated directory query. */
export type DirectoryQuery = z.infer<typeof directoryQuerySchema>

/** Drops empty parameters (a submitted empty search box) so they mean "no filter". */
export function withoutEmpty(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v.trim() !== ''))
}
