import { z } from '@hono/zod-openapi'
import { evidenceTypes, MAX_EVIDENCE, parseApplicationForm, type ApplicationInput, type EvidenceTypeKey, type FieldErrors, type RawForm } from '../applications/forms.ts'
import type { Application, Evidence } from '../applications/queries.ts'
import type { ApplicationQuestion, Requirement } from '../programs/queries.ts'

/**
 * The application as JSON. This schema checks only the shape (types, sizes); the content is validated by
 * the form's own parser (`parseApplicationForm`) after `toRawForm` turns the JSON into the form's field names,
 * so the form and the API share one validation with the same messages, and one write path (`saveApplication`).
 */
const text = (description: string) => z.string().max(100_000).nullable().optional().openapi({ description })

export const evidenceInputSchema = z
  .strictObject({
    type: z.enum(Object.keys(evidenceTypes) as [EvidenceTypeKey, ...EvidenceTypeKey[]], { error: 'Choose a type.' }).openapi({ description: 'What the evidence is.' }),
    title: z.string().max(100_000).openapi({ description: 'A title (required; up to 300 characters).', example: 'Getting started with the operator' }),
    url: text('A link starting with http:// or https://.'),
    occurredOn: text('The day it happened, YYYY-MM-DD; not after today.').openapi({ example: '2025-01-10' }),
    count: z.number().optional().openapi({ description: 'How many (e.g. 23 commits summarised in one item); a whole number from 1, default 1.' }),
    notes: text('Anything reviewers should know (up to 2000 characters).'),
  })
  .openapi('EvidenceInput')

export const applicationInputSchema = z
  .strictObject({
    displayName: text('Your name as you want it shown (required to submit; up to 200 characters).'),
    answers: z
      .record(z.string(), z.string().max(100_000))
      .optional()
      .openapi({ description: 'Answers to the program’s questions, by question key (see the program’s `questions`).', example: { why: 'Because I love this community.' } }),
    country: text('ISO 3166-1 alpha-2 country code, e.g. "TR".'),
    region: text('Region, up to 64 characters.'),
    links: z
      .strictObject({ github: text('GitHub profile link.'), blog: text('Blog link.'), social: text('Social media link.') })
      .optional()
      .openapi({ description: 'Links (http:// or https://).' }),
    attestedMinimumAge: z.boolean().optional().openapi({ description: 'I am at least the age the program requires (18 unless it says otherwise). No birth date is asked.' }),
    affirmed: z.array(z.string().max(200)).max(200).optional().openapi({ description: 'Keys of the statement requirements you affirm.', example: ['kind'] }),
    freeForm: z.record(z.string(), z.string().max(100_000)).optional().openapi({ description: 'Text for free-form requirements, by requirement key.' }),
    exceptionReason: text('Why the program should consider you although you are below its bar.'),
    evidence: z
      .array(evidenceInputSchema)
      .max(MAX_EVIDENCE, `An application holds at most ${MAX_EVIDENCE} evidence items.`)
      .optional()
      .openapi({ description: `Evidence; replaces the evidence you entered before (at most ${MAX_EVIDENCE}).` }),
    submit: z.boolean().optional().openapi({ description: 'Submit the application (all required fields must then be given). Default: save as a draft.' }),
  })
  .openapi('ApplicationInput')

/** The JSON body of PUT …/application. */
export type ApplicationJson = z.output<typeof applicationInputSchema>

const str = (v: string | null | undefined) => v ?? ''

/** The JSON body as the form's fields ("answer.why", "links.blog", "evidence.0.title", …). */
export function toRawForm(body: ApplicationJson): RawForm {
  const form: RawForm = {
    displayName: str(body.displayName),
    country: str(body.country),
    region: str(body.region),
    'links.github': str(body.links?.github),
    'links.blog': str(body.links?.blog),
    'links.social': str(body.links?.social),
    attestAge: body.attestedMinimumAge ? 'yes' : '',
    affirmed: body.affirmed ?? [],
    exceptionReason: str(body.exceptionReason),
  }
  for (const [key, answer] of Object.entries(body.answers ?? {})) form[`answer.${key}`] = answer
  for (const [key, value] of Object.entries(body.freeForm ?? {})) form[`freeForm.${key}`] = value
  ;(body.evidence ?? []).forEach((e, i) => {
    form[`evidence.${i}.type`] = e.type
    form[`evidence.${i}.title`] = e.title
    form[`evidence.${i}.url`] = str(e.url)
    form[`evidence.${i}.occurredOn`] = str(e.occurredOn)
    form[`evidence.${i}.count`] = e.count === undefined ? '' : String(e.count)
    form[`evidence.${i}.notes`] = str(e.notes)
  })
  return form
}

/** A form field name as the JSON path a client sent it under ("answer.why" → "answers.why"). */
export function toJsonField(formField: string): string {
  return formField.startsWith('answer.') ? `answers.${formField.slice('answer.'.length)}` : formField
}

/**
 * Validates a JSON application against the program exactly as the form does, plus what only a JSON client
 * can get wrong: keys that name no question, statement or free-form requirement, and evidence rows left
 * blank (the form skips its spare blank rows; a JSON client sent that row on purpose).
 */
export function parseApplicationJson(
  body: ApplicationJson,
  program: { questions: ApplicationQuestion[]; requirements: Requirement[] },
  forSubmission: boolean,
  today?: string,
): { ok: true; value: ApplicationInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const questionKeys = new Set(program.questions.map((q) => q.key))
  for (const key of Object.keys(body.answers ?? {})) {
    if (!questionKeys.has(key)) errors[`answers.${key}`] = `There is no question “${key}” in this program.`
  }
  const statementKeys = new Set(program.requirements.filter((r) => r.kind === 'statement').map((r) => r.key))
  const unknownStatements = (body.affirmed ?? []).filter((k) => !statementKeys.has(k))
  if (unknownStatements.length) errors.affirmed = `There is no statement to affirm called ${unknownStatements.map((k) => `“${k}”`).join(', ')} in this program.`
  const freeFormKeys = new Set(program.requirements.filter((r) => r.kind === 'free_form').map((r) => r.key))
  for (const key of Object.keys(body.freeForm ?? {})) {
    if (!freeFormKeys.has(key)) errors[`freeForm.${key}`] = `There is no free-form requirement “${key}” in this program.`
  }
  ;(body.evidence ?? []).forEach((e, i) => {
    if (![e.title, e.url, e.occurredOn, e.notes].some((v) => v?.trim())) errors[`evidence.${i}.title`] = 'Give a title.'
  })

  const parsed = parseApplicationForm(toRawForm(body), program, forSubmission, 'en', today)
  if (!parsed.ok) for (const [field, message] of Object.entries(parsed.errors)) errors[toJsonField(field)] ??= message
  if (Object.keys(errors).length || !parsed.ok) return { ok: false, errors }
  return parsed
}

/** A stored application in the shape of the JSON body, so a client can read, change and PUT it back. */
export function storedToJson(application: Application, evidence: Evidence[], displayName: string) {
  return {
    displayName,
    answers: application.answers,
    country: application.country ?? '',
    region: application.region ?? '',
    links: { github: application.links.github ?? '', blog: application.links.blog ?? '', social: application.links.social ?? '' },
    attestedMinimumAge: application.attestedMinimumAge !== null,
    affirmed: application.affirmed,
    freeForm: application.freeForm,
    exceptionReason: application.exceptionReason ?? '',
    evidence: evidence
      .filter((e) => e.source === 'self')
      .map((e) => ({ type: e.type, title: e.title, url: e.url ?? '', occurredOn: e.occurredOn ?? '', count: e.count, notes: e.notes })),
  }
}
