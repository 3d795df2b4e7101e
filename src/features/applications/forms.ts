import { z } from 'zod'
import { isCalendarDay } from '../../lib/dates.ts'
import { isCountryCode } from '../../lib/countries.ts'
import type { ApplicationQuestion, Requirement } from '../programs/queries.ts'

/** Evidence types an applicant can choose, with their labels. */
export const evidenceTypes = {
  blog_post: 'Blog post',
  video: 'Video',
  social_post: 'Social media post',
  talk: 'Talk',
  user_case: 'User case',
  code_contribution: 'Code contribution',
  event_organized: 'Event organised',
  event_presented: 'Presentation at an event',
  project_role: 'Role in another project',
  other: 'Other',
} as const

/** One of evidenceTypes' keys. */
export type EvidenceTypeKey = keyof typeof evidenceTypes

/** Evidence rows the form offers beyond those already entered. */
export const BLANK_EVIDENCE_ROWS = 3
/** Most evidence items an application may hold. */
export const MAX_EVIDENCE = 100

const httpUrl = z
  .string()
  .trim()
  .max(2000, 'is limited to 2000 characters')
  .refine((v) => {
    try {
      const u = new URL(v)
      return (u.protocol === 'http:' || u.protocol === 'https:') && Boolean(u.hostname)
    } catch {
      return false
    }
  }, 'must be a link starting with http:// or https://')

const optionalUrl = z.union([z.literal(''), httpUrl]).transform((v) => v || undefined)

/** One evidence row as submitted. */
const evidenceRow = z.object({
  type: z.enum(Object.keys(evidenceTypes) as [EvidenceTypeKey, ...EvidenceTypeKey[]], { error: 'choose a type' }),
  title: z.string().trim().min(1, 'give a title').max(300, 'is limited to 300 characters'),
  url: optionalUrl,
  occurredOn: z
    .string()
    .trim()
    .refine((v) => v === '' || isCalendarDay(v), 'must be a real date (YYYY-MM-DD)')
    .transform((v) => v || undefined),
  count: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(100_000, 'is too large').default(1),
  notes: z.string().trim().max(2000, 'is limited to 2000 characters').default(''),
})

/** The application as the form and the API send it (already grouped from form fields). */
export interface ApplicationInput {
  displayName: string
  answers: Record<string, string>
  country: string
  region: string
  links: { github?: string; blog?: string; social?: string }
  attestedMinimumAge: number | null
  affirmed: string[]
  freeForm: Record<string, string>
  exceptionReason: string
  evidence: z.output<typeof evidenceRow>[]
}

/** Field name → message, for re-rendering the form next to each field. */
export type FieldErrors = Record<string, string>

/** The raw form values kept for re-rendering after a validation error (nothing typed is lost). */
export type RawForm = Record<string, string | string[]>

const text = (raw: RawForm, name: string) => {
  const v = raw[name]
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).replace(/\r\n/g, '\n')
}

/**
 * Validates a submitted application form against the program's questions and requirements. Empty evidence
 * rows are ignored. Drafts may leave required fields empty; submission (`forSubmission`) may not.
 */
export function parseApplicationForm(
  raw: RawForm,
  program: { questions: ApplicationQuestion[]; requirements: Requirement[] },
  forSubmission: boolean,
): { ok: true; value: ApplicationInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const limit = (name: string, value: string, max: number, label = 'This answer') => {
    if (value.length > max) errors[name] = `${label} is limited to ${max} characters (now ${value.length}).`
  }

  const displayName = text(raw, 'displayName').trim()
  limit('displayName', displayName, 200, 'Your name')
  if (forSubmission && !displayName) errors.displayName = 'Tell us your name as you want it shown.'

  const answers: Record<string, string> = {}
  for (const q of program.questions) {
    const value = text(raw, `answer.${q.key}`).trim()
    limit(`answer.${q.key}`, value, q.maxLength)
    if (forSubmission && q.required && !value) errors[`answer.${q.key}`] = 'This question needs an answer.'
    if (value) answers[q.key] = value
  }

  const country = text(raw, 'country').trim()
  if (country && !isCountryCode(country.toUpperCase())) errors.country = 'Choose a country from the list.'
  const region = text(raw, 'region').trim()
  limit('region', region, 64, 'Region')

  const links: ApplicationInput['links'] = {}
  for (const key of ['github', 'blog', 'social'] as const) {
    const parsed = optionalUrl.safeParse(text(raw, `links.${key}`))
    if (parsed.success) {
      if (parsed.data) links[key] = parsed.data
    } else errors[`links.${key}`] = `This ${parsed.error.issues[0]!.message}.`
  }

  const ageReq = program.requirements.find((r) => r.kind === 'age_attestation')
  const minimumAge = Number(ageReq?.settings.minimumAge ?? 18)
  const attestedMinimumAge = text(raw, 'attestAge') === 'yes' ? minimumAge : null

  const statementKeys = new Set(program.requirements.filter((r) => r.kind === 'statement').map((r) => r.key))
  const affirmedRaw = raw.affirmed
  const affirmed = (Array.isArray(affirmedRaw) ? affirmedRaw : affirmedRaw ? [affirmedRaw] : []).filter((k) => statementKeys.has(k))

  const freeForm: Record<string, string> = {}
  for (const r of program.requirements.filter((r) => r.kind === 'free_form')) {
    const value = text(raw, `freeForm.${r.key}`).trim()
    limit(`freeForm.${r.key}`, value, 4000)
    if (value) freeForm[r.key] = value
  }

  const exceptionReason = text(raw, 'exceptionReason').trim()
  limit('exceptionReason', exceptionReason, 4000, 'The explanation')

  const evidence: ApplicationInput['evidence'] = []
  for (let i = 0; i < MAX_EVIDENCE + BLANK_EVIDENCE_ROWS; i++) {
    const fields = ['type', 'title', 'url', 'occurredOn', 'count', 'notes'].map((f) => text(raw, `evidence.${i}.${f}`))
    const [type, title, url, occurredOn, count, notes] = fields as [string, string, string, string, string, string]
    if (!title.trim() && !url.trim() && !occurredOn.trim() && !notes.trim()) continue
    const parsed = evidenceRow.safeParse({ type, title, url, occurredOn, count: count || '1', notes })
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors[`evidence.${i}.${String(issue.path[0])}`] = `This ${issue.message}.`.replace('This give', 'Give').replace('This choose', 'Choose')
      continue
    }
    evidence.push(parsed.data)
  }
  if (evidence.length > MAX_EVIDENCE) errors.evidence = `An application holds at most ${MAX_EVIDENCE} evidence items.`

  if (Object.keys(errors).length) return { ok: false, errors }
  return { ok: true, value: { displayName, answers, country: country.toUpperCase(), region, links, attestedMinimumAge, affirmed, freeForm, exceptionReason, evidence } }
}
