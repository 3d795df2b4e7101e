import { z } from 'zod'

const count = z.number().int('must be a whole number').min(0, 'cannot be negative').max(100_000, 'is too large')
const share = z.number().min(0, 'must be between 0 and 1 (e.g. 0.4 for 40 %)').max(1, 'must be between 0 and 1 (e.g. 0.4 for 40 %)')

/** The constraints a manager may set for a selection run (the page, the API and the CLI validate with it). */
export const selectionConstraintsInput = z.strictObject({
  seats: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100_000, 'is too large'),
  maxRegionShare: share.nullable().optional(),
  maxPerRegion: count.nullable().optional(),
  maxCountryShare: share.nullable().optional(),
  maxPerCountry: count.nullable().optional(),
  minPerRegion: z.record(z.string().trim().min(1, 'needs a region name').max(100), count).optional(),
  maxPerEmployer: count.nullable().optional(),
  waitlistLength: count.nullable().optional(),
  includeNeedsReview: z.boolean().optional(),
  scoreBasis: z.enum(['mean', 'normalised']).optional(),
})

/** A written reason for an override or an exception: required, so the audit log says why. */
export const writtenReason = z
  .string()
  .trim()
  .min(5, 'Write the reason for this decision (at least a few words); it is kept in the audit log.')
  .max(2000, 'Keep the reason under 2,000 characters.')

/** The outcome an override sets. */
export const overrideInput = z.strictObject({
  outcome: z.enum(['selected', 'waitlisted', 'not_selected']),
  reason: writtenReason,
})

/**
 * Parses "Asia=2, Africa=1" (or one per line) into minimums per region; the messages name the faulty entry.
 */
export function parseMinimums(text: string): { ok: true; value: Record<string, number> } | { ok: false; message: string } {
  const value: Record<string, number> = {}
  for (const part of text.split(/[,\n]/).map((p) => p.trim()).filter(Boolean)) {
    const m = /^(.+?)\s*[=:]\s*(\d+)$/.exec(part)
    if (!m) return { ok: false, message: `“${part}” is not “Region=number”, e.g. Asia=2.` }
    value[m[1]!.trim()] = Number(m[2])
  }
  return { ok: true, value }
}
