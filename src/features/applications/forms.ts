import { z } from 'zod'
import { isCalendarDay } from '../../lib/dates.ts'
import { isCountryCode } from '../../lib/countries.ts'
import { hasBidiControl, isStorableText } from '../../lib/text.ts'
import type { ApplicationQuestion, Requirement } from '../programs/queries.ts'
import { t, type Locale, type MessageKey } from '../../ui/i18n.ts'

/** Evidence types an applicant can choose, with their English labels (evidenceTypeLabel gives them in any locale). */
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

/** The label of an evidence type in `locale`. */
export function evidenceTypeLabel(locale: Locale, type: EvidenceTypeKey): string {
  return t(locale, `evidence.type.${type}`)
}

/** Evidence rows the form offers beyond those already entered. */
export const BLANK_EVIDENCE_ROWS = 3
/** Most evidence items an application may hold. */
export const MAX_EVIDENCE = 100

const httpUrl = z
  .string()
  .trim()
  .max(2000, 'field.tooLong')
  .refine((v) => {
    try {
      const u = new URL(v)
      return (u.protocol === 'http:' || u.protocol === 'https:') && Boolean(u.hostname)
    } catch {
      return false
    }
  }, 'field.notLink')

const optionalUrl = z.union([z.literal(''), httpUrl]).transform((v) => v || undefined)

/** One evidence row as submitted. Issue messages are message keys (see issueText). */
const evidenceRow = z.object({
  type: z.enum(Object.keys(evidenceTypes) as [EvidenceTypeKey, ...EvidenceTypeKey[]], { error: 'field.chooseType' }),
  title: z.string().trim().min(1, 'field.giveTitle').max(300, 'field.tooLong'),
  url: optionalUrl,
  occurredOn: z
    .string()
    .trim()
    .refine((v) => v === '' || isCalendarDay(v), 'field.notDate')
    .transform((v) => v || undefined),
  count: z.coerce.number({ error: 'field.notNumber' }).int('field.notWholeNumber').min(1, 'field.atLeastOne').max(100_000, 'field.tooLarge').default(1),
  notes: z.string().trim().max(2000, 'field.tooLong').default(''),
})

const issueKeys = new Set<string>(['field.tooLong', 'field.notLink', 'field.chooseType', 'field.giveTitle', 'field.notDate', 'field.notNumber', 'field.notWholeNumber', 'field.atLeastOne', 'field.tooLarge'] satisfies MessageKey[])

/** A zod issue of the schemas above as a sentence in `locale` ("This must be a real date (YYYY-MM-DD)."). */
function issueText(locale: Locale, issue: z.core.$ZodIssue): string {
  if (!issueKeys.has(issue.message)) return issue.message
  const max = issue.code === 'too_big' ? String(issue.maximum) : ''
  return t(locale, issue.message as MessageKey, { max })
}

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

const fieldText = (raw: RawForm, name: string) => {
  const v = raw[name]
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).replace(/\r\n/g, '\n')
}

/**
 * Validates a submitted application form against the program's questions and requirements. Empty evidence
 * rows are ignored. Drafts may leave required fields empty; submission (`forSubmission`) may not. Error
 * messages are in `locale` (English by default); what was typed is kept as written, in any language.
 * `today` (YYYY-MM-DD, from latestDayOnEarth) is the latest day evidence may be dated; later ones are refused.
 */
export function parseApplicationForm(
  raw: RawForm,
  program: { questions: ApplicationQuestion[]; requirements: Requirement[] },
  forSubmission: boolean,
  locale: Locale = 'en',
  today?: string,
): { ok: true; value: ApplicationInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {}
  // Every field read goes through `text`, which notes those holding a character no database text can store.
  const unstorable = new Set<string>()
  const text = (r: RawForm, name: string) => {
    const value = fieldText(r, name)
    if (!isStorableText(value)) unstorable.add(name)
    return value
  }
  const limit = (name: string, value: string, max: number, key: MessageKey = 'field.answerTooLong') => {
    if (value.length > max) errors[name] = t(locale, key, { max, length: value.length })
  }

  const displayName = text(raw, 'displayName').trim()
  limit('displayName', displayName, 200, 'field.nameTooLong')
  if (forSubmission && !displayName) errors.displayName = t(locale, 'field.nameRequired')
  if (hasBidiControl(displayName)) errors.displayName = t(locale, 'field.nameBidiControl')

  const answers: Record<string, string> = {}
  for (const q of program.questions) {
    const value = text(raw, `answer.${q.key}`).trim()
    limit(`answer.${q.key}`, value, q.maxLength)
    if (forSubmission && q.required && !value) errors[`answer.${q.key}`] = t(locale, 'field.answerRequired')
    if (value) answers[q.key] = value
  }

  const country = text(raw, 'country').trim()
  if (country && !isCountryCode(country.toUpperCase())) errors.country = t(locale, 'field.countryInvalid')
  const region = text(raw, 'region').trim()
  limit('region', region, 64, 'field.regionTooLong')

  const links: ApplicationInput['links'] = {}
  for (const key of ['github', 'blog', 'social'] as const) {
    const parsed = optionalUrl.safeParse(text(raw, `links.${key}`))
    if (parsed.success) {
      if (parsed.data) links[key] = parsed.data
    } else errors[`links.${key}`] = issueText(locale, parsed.error.issues[0]!)
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
  limit('exceptionReason', exceptionReason, 4000, 'field.explanationTooLong')

  const evidence: ApplicationInput['evidence'] = []
  for (let i = 0; i < MAX_EVIDENCE + BLANK_EVIDENCE_ROWS; i++) {
    const fields = ['type', 'title', 'url', 'occurredOn', 'count', 'notes'].map((f) => text(raw, `evidence.${i}.${f}`))
    const [type, title, url, occurredOn, count, notes] = fields as [string, string, string, string, string, string]
    if (!title.trim() && !url.trim() && !occurredOn.trim() && !notes.trim()) continue
    const parsed = evidenceRow.safeParse({ type, title, url, occurredOn, count: count || '1', notes })
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors[`evidence.${i}.${String(issue.path[0])}`] = issueText(locale, issue)
      continue
    }
    if (today && parsed.data.occurredOn && parsed.data.occurredOn > today) {
      errors[`evidence.${i}.occurredOn`] = t(locale, 'field.dateInFuture')
      continue
    }
    evidence.push(parsed.data)
  }
  if (evidence.length > MAX_EVIDENCE) errors.evidence = t(locale, 'field.tooMuchEvidence', { max: MAX_EVIDENCE })

  for (const name of unstorable) errors[name] = t(locale, 'field.unstorableChar')

  if (Object.keys(errors).length) return { ok: false, errors }
  return { ok: true, value: { displayName, answers, country: country.toUpperCase(), region, links, attestedMinimumAge, affirmed, freeForm, exceptionReason, evidence } }
}
