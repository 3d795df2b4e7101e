import type { Db } from '../../db/client.ts'
import { applications } from '../applications/schema.ts'
import { createPeople } from '../people/create-people.ts'
import { defineCommunity } from '../programs/define-program.ts'
import type { ProgramDefinitionInput } from '../programs/forms.ts'
import { cohortReviewers, reviewPhases } from './schema.ts'
import { randomBytes } from 'node:crypto'
import { analyzeTables } from '../../db/analyze.ts'
import { people } from '../people/schema.ts'

/** The OpenStack rubric: community participation track record, geographical location, potential impact. */
export const OPENSTACK_CRITERIA: NonNullable<ProgramDefinitionInput['criteria']> = [
  { key: 'track-record', name: 'Community participation track record', weight: 2, scaleMin: 1, scaleMax: 5 },
  { key: 'location', name: 'Geographical location', weight: 1, scaleMin: 1, scaleMax: 5 },
  { key: 'impact', name: 'Potential impact', weight: 1, scaleMin: 0, scaleMax: 10 },
]

/** A person of a review fixture. */
export interface FixturePerson {
  name: string
  email?: string
  /** Applicants: the locale they applied in; reviewers: languages they read. */
  locale?: string
  languages?: string[]
}

/**
 * For tests and benchmarks: a community whose program has the OpenStack rubric and one cohort with a review
 * phase, submitted applications from `applicants`, and `reviewers` invited to the cohort (rows written
 * directly, in a few statements, so thousands stay fast).
 */
export async function makeReviewCohort(
  db: Db,
  options: { applicants: FixturePerson[]; reviewers: FixturePerson[]; phase?: Partial<typeof reviewPhases.$inferInsert>; slug?: string },
) {
  const slug = options.slug ?? `rv-${randomBytes(4).toString('hex')}`
  const defined = await defineCommunity(db, {
    community: { slug, name: `Community ${slug}` },
    programs: [
      {
        slug: 'ambassadors',
        name: 'Review Test Program',
        summary: 'Made by a review test.',
        criteria: OPENSTACK_CRITERIA,
        questions: [{ key: 'why', prompt: 'Why are you applying?' }],
        cohorts: [
          {
            slug: '2025',
            year: 2025,
            title: 'Ambassadors 2025',
            seats: 10,
            timeZone: 'UTC',
            phases: [
              { kind: 'applications', label: 'Applications', from: '2025-03-01', until: '2025-03-31' },
              { kind: 'review', label: 'Review', from: '2025-04-01', until: '2025-04-20' },
            ],
          },
        ],
      },
    ],
  })
  const program = defined.programs.ambassadors!
  const cohortId = program.cohorts['2025']!.cohortId
  const everyone = await createPeople(db, [...options.applicants, ...options.reviewers].map((p) => ({ displayName: p.name, email: p.email ?? null })))
  const applicantPeople = everyone.slice(0, options.applicants.length)
  const reviewerPeople = everyone.slice(options.applicants.length)
  const submittedAt = new Date('2025-03-20T00:00:00Z')
  const appRows: { id: string }[] = []
  for (let i = 0; i < applicantPeople.length; i += 2000) {
    appRows.push(
      ...(await db
        .insert(applications)
        .values(
          applicantPeople.slice(i, i + 2000).map((p, j) => ({
            cohortId,
            personId: p.id,
            status: 'submitted' as const,
            submittedAt,
            locale: options.applicants[i + j]!.locale ?? 'en',
            answers: { why: `I am ${p.displayName} and I want to help.` },
            country: 'DE',
            region: 'Europe',
            links: { github: `https://github.com/${p.handle}`, blog: `https://${p.handle}.example.org` },
          })),
        )
        .returning({ id: applications.id })),
    )
  }
  if (reviewerPeople.length) {
    await db.insert(cohortReviewers).values(reviewerPeople.map((p, i) => ({ cohortId, personId: p.id, languages: options.reviewers[i]!.languages ?? [], invitedBy: 'test' })))
  }
  await db.insert(reviewPhases).values({
    cohortId,
    opensAt: new Date('2025-04-01T00:00:00Z'),
    closesAt: new Date('2025-04-21T00:00:00Z'),
    canSeeOtherReviews: false,
    canSeeApplicantNames: false,
    scoresChangeable: true,
    reviewsPerApplication: 2,
    ...options.phase,
  })
  await analyzeTables(db, [people, applications, cohortReviewers])
  return {
    slug,
    communityId: defined.communityId,
    programId: program.programId,
    cohortId,
    path: `${slug}/ambassadors/2025`,
    applications: appRows.map((a, i) => ({ id: a.id, personId: applicantPeople[i]!.id, name: applicantPeople[i]!.displayName, handle: applicantPeople[i]!.handle })),
    reviewers: reviewerPeople.map((p) => ({ id: p.id, name: p.displayName, handle: p.handle })),
  }
}

/** An instant inside the fixture's review phase. */
export const REVIEW_OPEN = new Date('2025-04-10T12:00:00Z')
