import type { Db } from '../../src/db/client.ts'
import { applications } from '../../src/features/applications/schema.ts'
import { createPeople } from '../../src/features/people/create-people.ts'
import { reviews } from '../../src/features/reviews/schema.ts'
import { cohortPhases } from '../../src/features/programs/schema.ts'
import { runSelection } from '../../src/features/selection/run-selection.ts'
import { makeCommunity, uniqueSlug } from './factories.ts'

/** An applicant of a selection test: review score on the 1..5 "impact" criterion (null: not reviewed). */
export interface SelectionApplicant {
  name: string
  region?: string | null
  country?: string | null
  email?: string | null
  employer?: string
  score: number | null
  eligibility?: 'eligible' | 'needs_review' | 'not_eligible'
  status?: 'submitted' | 'draft' | 'withdrawn'
}

/**
 * A cohort with submitted applications, each reviewed once on a one-criterion rubric (1..5, so a review of s
 * scores (s − 1) / 4 on 0..1), with the given eligibility verdicts. Returns the ids by applicant name.
 */
export async function makeSelectionCohort(db: Db, seats: number, applicants: SelectionApplicant[]) {
  const made = await makeCommunity(db, {
    program: {
      criteria: [{ key: 'impact', name: 'Potential impact', scaleMin: 1, scaleMax: 5 }],
      cohorts: [{ slug: '2025', year: 2025, title: 'Ambassadors 2025', seats, timeZone: 'Asia/Shanghai', phases: [{ kind: 'applications', label: 'Applications', from: '2025-03-01', until: '2025-03-31' }] }],
    },
  })
  const cohortId = made.cohort!.cohortId
  const tag = uniqueSlug('p')
  const persons = await createPeople(db, [
    { displayName: `Reviewer ${tag}`, email: `reviewer-${tag}@example.net` },
    ...applicants.map((a, i) => ({ displayName: a.name, email: a.email === undefined ? `${tag}-${i}@example.org` : a.email, region: a.region ?? null, country: a.country ?? null })),
  ])
  const reviewer = persons[0]!
  const rows = await db
    .insert(applications)
    .values(
      applicants.map((a, i) => ({
        cohortId,
        personId: persons[i + 1]!.id,
        status: a.status ?? 'submitted',
        answers: (a.employer ? { employer: a.employer } : {}) as Record<string, string>,
        eligibilityOverall: a.eligibility ?? 'eligible',
        eligibility: { summary: a.eligibility === 'not_eligible' ? 'You meet 0 of the 2; you need 1.' : 'You meet 2 of the 2; you need 1.' },
        submittedAt: new Date(Date.UTC(2025, 2, 2, 0, i)),
      })),
    )
    .returning({ id: applications.id, personId: applications.personId })
  const scored = applicants.flatMap((a, i) => (a.score === null ? [] : [{ cohortId, applicationId: rows[i]!.id, reviewerPersonId: reviewer.id, scores: { impact: a.score } }]))
  if (scored.length) await db.insert(reviews).values(scored)
  const ids = Object.fromEntries(applicants.map((a, i) => [a.name, { applicationId: rows[i]!.id, personId: rows[i]!.personId }]))
  return { ...made, cohortId, reviewerId: reviewer.id, ids }
}

/**
 * A selected cohort of five (two seats: Ana and Ben; Cai and Dee on the waitlist, in that order; Eli not
 * selected), with a KubeSphere-like term (September 2023 to September 2024), ready to be announced.
 */
export async function makeSelectedCohort(db: Db) {
  const made = await makeSelectionCohort(db, 2, [
    { name: 'Ana', region: 'Asia', score: 5 },
    { name: 'Ben', region: 'Europe', score: 4 },
    { name: 'Cai', region: 'Asia', score: 3 },
    { name: 'Dee', region: 'Africa', score: 2 },
    { name: 'Eli', region: 'Europe', score: 1 },
  ])
  await db.insert(cohortPhases).values({ cohortId: made.cohortId, kind: 'term', label: 'Term', position: 9, startsAt: new Date('2023-09-20T12:00:00Z'), endsAt: new Date('2024-09-22T12:00:00Z') })
  await runSelection(db, made.cohortId, { seats: 2, waitlistLength: 2 }, 'tester')
  return made
}
