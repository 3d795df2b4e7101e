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

/** The constraint form's fields: empty means "no such constraint" (seats: the cohort's). */
export function constraintsFromForm(form: Record<string, string>, cohortSeats: number): { ok: true; value: z.output<typeof selectionConstraintsInput> } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  const num = (name: string) => {
    const raw = (form[name] ?? '').trim()
    if (raw === '') return undefined
    const n = Number(raw)
    if (!Number.isFinite(n)) errors[name] = 'Enter a number, or leave it empty.'
    return n
  }
  const minimums = parseMinimums(form.minPerRegion ?? '')
  if (!minimums.ok) errors.minPerRegion = minimums.message
  const input = {
    seats: num('seats') ?? cohortSeats,
    maxRegionShare: num('maxRegionShare'),
    maxPerRegion: num('maxPerRegion'),
    maxCountryShare: num('maxCountryShare'),
    maxPerCountry: num('maxPerCountry'),
    maxPerEmployer: num('maxPerEmployer'),
    waitlistLength: num('waitlistLength'),
    minPerRegion: minimums.ok ? minimums.value : {},
  }
  const parsed = selectionConstraintsInput.safeParse(input)
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= `This ${issue.message}.`
  return Object.keys(errors).length || !parsed.success ? { ok: false, errors } : { ok: true, value: parsed.data }
}

/** The form values of stored constraints. */
export function constraintsToForm(c: z.output<typeof selectionConstraintsInput> | undefined, cohortSeats: number): Record<string, string> {
  const s = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v))
  return {
    seats: String(c?.seats ?? cohortSeats),
    maxRegionShare: s(c?.maxRegionShare),
    maxPerRegion: s(c?.maxPerRegion),
    maxCountryShare: s(c?.maxCountryShare),
    maxPerCountry: s(c?.maxPerCountry),
    maxPerEmployer: s(c?.maxPerEmployer),
    waitlistLength: s(c?.waitlistLength),
    minPerRegion: Object.entries(c?.minPerRegion ?? {})
      .map(([r, m]) => `${r}=${m}`)
      .join(', '),
  }
}
