import type { RawForm } from './forms.ts'
import type { Application, Evidence } from './queries.ts'

/** A stored application as form values, so the same form shows stored and just-typed values alike. */
export function storedToForm(application: Application, evidence: Evidence[], displayName: string): RawForm {
  const form: RawForm = {
    displayName,
    country: application.country ?? '',
    region: application.region ?? '',
    'links.github': application.links.github ?? '',
    'links.blog': application.links.blog ?? '',
    'links.social': application.links.social ?? '',
    attestAge: application.attestedMinimumAge !== null ? 'yes' : '',
    affirmed: application.affirmed,
    exceptionReason: application.exceptionReason ?? '',
  }
  for (const [key, answer] of Object.entries(application.answers)) form[`answer.${key}`] = answer
  for (const [key, text] of Object.entries(application.freeForm)) form[`freeForm.${key}`] = text
  evidence
    .filter((e) => e.source === 'self')
    .forEach((e, i) => {
      form[`evidence.${i}.type`] = e.type
      form[`evidence.${i}.title`] = e.title
      form[`evidence.${i}.url`] = e.url ?? ''
      form[`evidence.${i}.occurredOn`] = e.occurredOn ?? ''
      form[`evidence.${i}.count`] = String(e.count)
      form[`evidence.${i}.notes`] = e.notes
    })
  return form
}
