import type { Db } from '../src/db/client.ts'
import { applications } from '../src/features/applications/schema.ts'
import { people } from '../src/features/people/schema.ts'
import { defineCommunity } from '../src/features/programs/define-program.ts'
import { reviews } from '../src/features/reviews/schema.ts'
import type { Candidate } from '../src/features/selection/types.ts'

const CHUNK = 1000

/**
 * A cohort holding the candidates as submitted applications (region, country, employer as an answer), each
 * reviewed `perApplication` times on a three-criterion rubric with scores near the candidate's; returns its id.
 */
export async function populateCohort(db: Db, candidates: Candidate[], perApplication: number): Promise<string> {
  const defined = await defineCommunity(db, {
    community: { slug: 'bench-selection', name: 'Bench selection' },
    programs: [
      {
        slug: 'ambassadors',
        name: 'Bench Ambassadors',
        criteria: [
          { key: 'track-record', name: 'Community participation track record', weight: 2 },
          { key: 'location', name: 'Geographical location' },
          { key: 'impact', name: 'Potential impact' },
        ],
        cohorts: [{ slug: '2026', year: 2026, title: 'Ambassadors 2026', seats: 100, timeZone: 'Etc/GMT+12', phases: [] }],
      },
    ],
  })
  const cohortId = defined.programs.ambassadors!.cohorts['2026']!.cohortId
  const reviewerRows = await db
    .insert(people)
    .values(Array.from({ length: 30 }, (_, i) => ({ handle: `bench-reviewer-${i}`, displayName: `Reviewer ${i}`, searchKey: `reviewer ${i}` })))
    .returning({ id: people.id })
  for (let from = 0; from < candidates.length; from += CHUNK) {
    const slice = candidates.slice(from, from + CHUNK)
    const persons = await db
      .insert(people)
      .values(slice.map((c) => ({ handle: `bench-${c.id}`, displayName: `Applicant ${c.id}`, searchKey: `applicant ${c.id}`, region: c.region, country: c.country })))
      .returning({ id: people.id })
    const apps = await db
      .insert(applications)
      .values(
        slice.map((c, i) => ({
          cohortId,
          personId: persons[i]!.id,
          status: 'submitted' as const,
          answers: (c.employer ? { employer: c.employer } : {}) as Record<string, string>,
          region: c.region,
          country: c.country,
          eligibilityOverall: 'eligible' as const,
          eligibility: { summary: 'Meets the requirements.' },
          submittedAt: new Date(Date.UTC(2026, 2, 1) + (from + i) * 60_000),
        })),
      )
      .returning({ id: applications.id })
    const near = (score: number, k: number) => Math.min(5, Math.max(1, Math.round(1 + 4 * score + ((k % 3) - 1) * 0.6)))
    await db.insert(reviews).values(
      apps.flatMap((a, i) =>
        Array.from({ length: perApplication }, (_, r) => ({
          cohortId,
          applicationId: a.id,
          reviewerPersonId: reviewerRows[(from + i + r * 7) % reviewerRows.length]!.id,
          scores: { 'track-record': near(slice[i]!.score, r), location: near(slice[i]!.score, r + 1), impact: near(slice[i]!.score, r + 2) },
        })),
      ),
    )
  }
  return cohortId
}
