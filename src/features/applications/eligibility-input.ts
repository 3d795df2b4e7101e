import type { EligibilityInput, EligibilityLocale, EligibilityVerdict } from '../eligibility/types.ts'
import { evaluateEligibility } from '../eligibility/evaluate.ts'
import type { Requirement } from '../programs/queries.ts'
import type { ApplicationInput } from './forms.ts'

/**
 * Evaluates an application (as stored or as being typed) against its program's catalogue, with the verdict's
 * reasons and summary in `locale` (a stored application's `locale` column may be passed as it is: anything
 * but 'zh-CN' reads as English).
 */
export function evaluateApplication(
  program: { requirements: Requirement[]; requirementsAtLeast: number | null },
  cohort: { timeZone: string; closesAt: Date },
  application: Pick<ApplicationInput, 'attestedMinimumAge' | 'affirmed' | 'freeForm'> & {
    evidence: { id?: string; type: string; title: string; url?: string | null; occurredOn?: string | null; count: number; source?: 'self' | 'import' }[]
  },
  locale: EligibilityLocale | (string & {}) | null = 'en',
): EligibilityVerdict {
  const input: EligibilityInput = {
    requirements: program.requirements,
    atLeast: program.requirementsAtLeast,
    deadline: cohort.closesAt,
    timeZone: cohort.timeZone,
    evidence: application.evidence.map((e, i) => ({
      id: e.id ?? `item-${i}`,
      type: e.type as EligibilityInput['evidence'][number]['type'],
      title: e.title,
      url: e.url ?? null,
      occurredOn: e.occurredOn ?? null,
      count: e.count,
      source: e.source ?? 'self',
    })),
    statements: { attestedMinimumAge: application.attestedMinimumAge, affirmed: application.affirmed, freeForm: application.freeForm },
    locale: locale === 'zh-CN' ? 'zh-CN' : 'en',
  }
  return evaluateEligibility(input)
}
