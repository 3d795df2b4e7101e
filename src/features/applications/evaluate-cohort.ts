import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import type { EligibilityVerdict } from '../eligibility/types.ts'
import { people } from '../people/schema.ts'
import { cohortPhases, requirements } from '../programs/schema.ts'
import { findCohortByPath, type FoundCohort } from '../programs/queries.ts'
import { evaluateApplication } from './eligibility-input.ts'
import { applications, evidenceItems } from './schema.ts'
import { importedEvidenceFor, replaceImportedEvidence } from './imported-evidence.ts'

/** One line of a cohort's eligibility report. */
export interface CohortVerdict {
  applicationId: string
  applicant: string
  status: 'draft' | 'submitted' | 'withdrawn'
  exception: boolean
  verdict: EligibilityVerdict
}

/**
 * Whose contributions a cohort's program counts: the organisations named by its code-contribution
 * requirements ([] when one of them counts every repository), or null when it has no such requirement.
 */
export async function cohortContributionOwners(db: Db, found: FoundCohort): Promise<string[] | null> {
  const rows = await db.select().from(requirements).where(and(eq(requirements.programId, found.program.id), eq(requirements.kind, 'code_contributions')))
  if (rows.length === 0) return null
  const owners = rows.map((r) => (r.settings as { organizations?: string[] } | null)?.organizations ?? [])
  return owners.some((o) => o.length === 0) ? [] : [...new Set(owners.flat())]
}

/**
 * Recomputes the eligibility of every application of a cohort ("community/program/cohort"): refreshes each
 * application's imported evidence from the contribution store, evaluates, stores the verdicts, returns them.
 */
export async function evaluateCohort(db: Db, cohort: string | FoundCohort): Promise<{ cohortTitle: string; verdicts: CohortVerdict[] }> {
  const found = typeof cohort === 'string' ? await findCohortByPath(db, cohort) : cohort
  const [requirementRows, [window], rows] = await Promise.all([
    db.select().from(requirements).where(eq(requirements.programId, found.program.id)).orderBy(asc(requirements.position)),
    db.select({ closesAt: cohortPhases.endsAt, startsAt: cohortPhases.startsAt }).from(cohortPhases).where(and(eq(cohortPhases.cohortId, found.cohort.id), eq(cohortPhases.kind, 'applications'))),
    db
      .select({ application: applications, applicant: people.displayName })
      .from(applications)
      .innerJoin(people, eq(people.id, applications.personId))
      .where(eq(applications.cohortId, found.cohort.id))
      .orderBy(asc(people.searchKey)),
  ])
  if (!window) throw new AppError('conflict', `The cohort ${found.community.slug}/${found.program.slug}/${found.cohort.slug} has no application window, so there is no deadline to count from.`)
  const ids = rows.map((r) => r.application.id)
  const evidence = ids.length ? await db.select().from(evidenceItems).where(inArray(evidenceItems.applicationId, ids)) : []
  const byApplication = new Map<string, typeof evidence>()
  for (const e of evidence) byApplication.set(e.applicationId, [...(byApplication.get(e.applicationId) ?? []), e])

  const cohortWindow = { timeZone: found.cohort.timeZone, closesAt: window.closesAt ?? window.startsAt }
  const verdicts: CohortVerdict[] = []
  for (const { application: a, applicant } of rows) {
    // The contribution store may have grown since the application was saved: refresh what it knows.
    const imported = await importedEvidenceFor(db, a.personId, requirementRows, cohortWindow)
    await replaceImportedEvidence(db, a.id, imported)
    const own = (byApplication.get(a.id) ?? []).filter((e) => e.source === 'self')
    const verdict = evaluateApplication(
      { requirements: requirementRows, requirementsAtLeast: found.program.requirementsAtLeast },
      cohortWindow,
      { attestedMinimumAge: a.attestedMinimumAge, affirmed: a.affirmed, freeForm: a.freeForm, evidence: [...own, ...imported.map((e) => ({ ...e, source: 'import' as const }))] },
      a.locale,
    )
    await db.update(applications).set({ eligibility: verdict, eligibilityOverall: verdict.overall }).where(eq(applications.id, a.id))
    verdicts.push({ applicationId: a.id, applicant, status: a.status, exception: Boolean(a.exceptionReason), verdict })
  }
  return { cohortTitle: found.cohort.title, verdicts }
}
