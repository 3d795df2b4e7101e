import { and, desc, eq, lt } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { t, type Locale } from '../../ui/i18n.ts'
import { parseApplicationForm } from '../applications/forms.ts'
import { findApplication } from '../applications/queries.ts'
import { saveApplication, type ApplicationTarget } from '../applications/save-application.ts'
import { storedToForm } from '../applications/stored-to-form.ts'
import { people } from '../people/schema.ts'
import { cohorts } from '../programs/schema.ts'
import { memberships } from './schema.ts'

/** A current ambassador's term in a program before the cohort they re-apply to. */
export async function currentTermBefore(db: Db, personId: string, programId: string, cohortYear: number) {
  const [term] = await db
    .select({ membershipId: memberships.id, cohortId: memberships.cohortId, consecutiveYears: memberships.consecutiveYears, termEnd: memberships.termEnd, year: cohorts.year })
    .from(memberships)
    .innerJoin(cohorts, eq(cohorts.id, memberships.cohortId))
    .where(and(eq(memberships.personId, personId), eq(cohorts.programId, programId), eq(memberships.role, 'ambassador'), eq(memberships.status, 'active'), lt(cohorts.year, cohortYear)))
    .orderBy(desc(cohorts.year))
    .limit(1)
  return term
}

/**
 * Starts a current ambassador's application to the next cohort as a draft filled in from the application of
 * their current term: answers (for questions the program still asks), links, region, country and evidence
 * (imported contributions are recounted for the new window by saveApplication). Fields last year's text no
 * longer fits (a shorter limit) are left empty rather than refused. Refused when the person is not a current
 * ambassador of the program, or already has an application to that cohort.
 */
export async function renewApplication(deps: AppDeps, target: ApplicationTarget & { questions: Parameters<typeof parseApplicationForm>[1]['questions'] }, personId: string, locale: Locale) {
  const term = await currentTermBefore(deps.db, personId, target.program.id, target.cohort.year)
  if (!term) throw new AppError('forbidden', t(locale, 'renew.notAmbassador'))
  const existing = await findApplication(deps.db, target.cohort.id, personId)
  if (existing) throw new AppError('conflict', t(locale, 'renew.alreadyStarted', { cohort: target.cohort.title }))
  const previous = await findApplication(deps.db, term.cohortId, personId)
  const [person] = await deps.db.select({ displayName: people.displayName }).from(people).where(eq(people.id, personId))
  const form = previous ? storedToForm(previous.application, previous.evidence, person!.displayName) : { displayName: person!.displayName }
  let parsed = parseApplicationForm(form, target, false, locale)
  if (!parsed.ok) {
    for (const field of Object.keys(parsed.errors)) delete form[field]
    parsed = parseApplicationForm(form, target, false, locale)
    if (!parsed.ok) throw new AppError('validation', Object.values(parsed.errors)[0] ?? 'Last year’s application could not be copied.')
  }
  const saved = await saveApplication(deps, target, personId, parsed.value, { submit: false, locale, actor: personId })
  return { applicationId: saved.id, fromApplicationId: previous?.application.id ?? null, consecutiveYears: term.consecutiveYears + 1 }
}
