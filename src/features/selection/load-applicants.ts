import { and, asc, eq, isNotNull } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { applications } from '../applications/schema.ts'
import type { EligibilityVerdict } from '../eligibility/types.ts'
import { people } from '../people/schema.ts'
import { cohortScores } from '../reviews/cohort-scores.ts'
import { emailDomain, isFreeMail } from '../reviews/conflicts.ts'
import type { Applicant } from './decide.ts'
import { selectionDecisions, selectionExceptions, selections } from './schema.ts'
import type { SelectionConstraints } from './types.ts'

/** Answer keys that name the applicant's employer, when the program asks. */
const EMPLOYER_KEY = /^(employer|company|organi[sz]ation|affiliation)$/i

/**
 * The employer an application states (an answer to an "employer"/"company"/"organisation" question), else the
 * person's company email domain (free-mail providers such as gmail.com or qq.com name no employer); null
 * when neither says.
 */
export function employerOf(answers: Record<string, string>, email: string | null): string | null {
  for (const [key, value] of Object.entries(answers)) if (EMPLOYER_KEY.test(key) && value.trim()) return value.trim()
  const domain = emailDomain(email)
  return domain && !isFreeMail(domain) ? domain : null
}

/** Scores on 0..1 by the chosen basis: the mean as it is, or z-scores rescaled between the cohort's lowest and highest. */
function scoresOn(basis: SelectionConstraints['scoreBasis'], rows: { score: number | null; normalisedScore: number | null }[]): (number | null)[] {
  if (basis !== 'normalised') return rows.map((r) => r.score)
  const zs = rows.flatMap((r) => (r.normalisedScore === null ? [] : [r.normalisedScore]))
  const lo = Math.min(...zs)
  const hi = Math.max(...zs)
  return rows.map((r) => (r.normalisedScore === null ? null : hi > lo ? (r.normalisedScore - lo) / (hi - lo) : 0.5))
}

/**
 * Every submitted application of a cohort as the selection reads it: region and country (the application's,
 * else the person's), employer, eligibility, exception, review score, and any override of the stored run.
 * Five queries whatever the size of the cohort.
 */
export async function loadApplicants(db: Db, cohortId: string, basis: SelectionConstraints['scoreBasis']): Promise<(Applicant & { displayName: string })[]> {
  const [rows, exceptions, scores, overrides] = await Promise.all([
    db
      .select({
        id: applications.id,
        personId: applications.personId,
        displayName: people.displayName,
        email: people.email,
        answers: applications.answers,
        region: applications.region,
        country: applications.country,
        personRegion: people.region,
        personCountry: people.country,
        eligibility: applications.eligibility,
        eligibilityOverall: applications.eligibilityOverall,
        submittedAt: applications.submittedAt,
      })
      .from(applications)
      .innerJoin(people, eq(people.id, applications.personId))
      .where(and(eq(applications.cohortId, cohortId), eq(applications.status, 'submitted')))
      .orderBy(asc(applications.submittedAt), asc(applications.id)),
    db.select({ applicationId: selectionExceptions.applicationId }).from(selectionExceptions).where(eq(selectionExceptions.cohortId, cohortId)),
    cohortScores(db, cohortId),
    db
      .select({ applicationId: selectionDecisions.applicationId, outcome: selectionDecisions.outcome, reason: selectionDecisions.overrideReason })
      .from(selectionDecisions)
      .innerJoin(selections, eq(selections.id, selectionDecisions.selectionId))
      .where(and(eq(selections.cohortId, cohortId), isNotNull(selectionDecisions.overriddenAt))),
  ])
  const excepted = new Set(exceptions.map((e) => e.applicationId))
  const values = scoresOn(basis, scores)
  const scoreOf = new Map(scores.map((s, i) => [s.applicationId, { ...s, value: values[i] ?? null }]))
  const overrideOf = new Map(overrides.map((o) => [o.applicationId, { outcome: o.outcome, reason: o.reason ?? '' }]))
  return rows.map((r) => {
    const s = scoreOf.get(r.id)
    return {
      id: r.id,
      personId: r.personId,
      displayName: r.displayName,
      score: s?.value ?? 0,
      scoreOrNull: s?.value ?? null,
      reviewCount: s?.reviewCount ?? 0,
      expectedReviews: s?.expectedReviews ?? 0,
      region: r.region ?? r.personRegion,
      country: r.country ?? r.personCountry,
      employer: employerOf(r.answers, r.email),
      tieKey: `${r.submittedAt?.toISOString() ?? ''}|${r.id}`,
      eligibility: r.eligibilityOverall,
      eligibilitySummary: (r.eligibility as EligibilityVerdict | null)?.summary ?? '',
      exceptionGranted: excepted.has(r.id),
      override: overrideOf.get(r.id) ?? null,
    }
  })
}
