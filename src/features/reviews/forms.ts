import { z } from 'zod'
import { conflictReasons } from './schema.ts'

/** A review as the form and the JSON API send it (scores are checked against the rubric by saveReview). */
export const reviewInput = z.strictObject({
  scores: z.record(z.string().max(100), z.number()),
  privateComment: z.string().max(10_000).default(''),
  feedbackToApplicant: z.string().max(10_000).default(''),
})
/** Output type of reviewInput. */
export type ReviewInput = z.output<typeof reviewInput>

/**
 * Reads the review form (`score.<criterion>`, `privateComment`, `feedbackToApplicant`). A score that is not a
 * number is kept as NaN so saveReview reports it on its field, next to the other fields' problems.
 */
export function reviewFromForm(form: Record<string, string>): ReviewInput {
  const scores: Record<string, number> = {}
  for (const [name, value] of Object.entries(form)) {
    const m = /^score\.(.+)$/.exec(name)
    if (m && value.trim() !== '') scores[m[1]!] = /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN
  }
  return { scores, privateComment: (form.privateComment ?? '').trim(), feedbackToApplicant: (form.feedbackToApplicant ?? '').trim() }
}

const instant = z.string().trim().min(1, 'Give a date and time.').refine((s) => !Number.isNaN(Date.parse(s)), 'Not a date and time (use 2025-04-01T00:00Z or the picker).')
const checkbox = z
  .union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('false'), z.literal('')])
  .optional()
  .transform((v) => v === true || v === 'on' || v === 'true')

/** The review phase settings a program manager edits (form or JSON). */
export const reviewPhaseInput = z
  .object({
    opensAt: instant,
    closesAt: instant,
    canSeeOtherReviews: checkbox,
    canSeeApplicantNames: checkbox,
    scoresChangeable: checkbox,
    reviewsPerApplication: z.coerce.number().int('A whole number.').min(1, 'At least 1.').max(20, 'At most 20.').default(2),
  })
  .transform((v) => ({ ...v, opensAt: new Date(v.opensAt), closesAt: new Date(v.closesAt) }))
  .refine((v) => v.closesAt.getTime() > v.opensAt.getTime(), { message: 'The phase must close after it opens.', path: ['closesAt'] })
/** Output type of reviewPhaseInput. */
export type ReviewPhaseInput = z.output<typeof reviewPhaseInput>

/** Languages a reviewer reads, from "en, zh-CN" or a list. */
const languages = z
  .union([z.string(), z.array(z.string())])
  .default([])
  .transform((v) => (Array.isArray(v) ? v : v.split(/[\s,]+/)).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Use language tags such as en or zh-CN.')).max(20))

/** Inviting a reviewer: their email, optionally a name and the languages they read. */
export const inviteReviewerInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('Enter an email address such as name@example.org.').max(254)),
  name: z.string().trim().max(200).optional(),
  languages,
})
/** Output type of inviteReviewerInput. */
export type InviteReviewerInput = z.output<typeof inviteReviewerInput>

/** A conflict a reviewer declares. */
export const declareConflictInput = z.object({
  reason: z.enum(conflictReasons, 'Choose why: yourself, same employer, or close collaborator.'),
  note: z.string().trim().max(1000).default(''),
})

/** Field messages of a failed parse, keyed by the first path element. */
export function issuesByField(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || 'form'
    out[key] ??= issue.message
  }
  return out
}
