import { randomBytes } from 'node:crypto'
import type { Db } from '../../src/db/client.ts'
import { defineCommunity } from '../../src/features/programs/define-program.ts'
import type { CommunityDefinitionInput, ProgramDefinitionInput } from '../../src/features/programs/forms.ts'
import { createPeople, type NewPerson } from '../../src/features/people/create-people.ts'
import { addMemberships } from '../../src/features/memberships/add-memberships.ts'
import type { ContributionRecord } from '../../src/features/contributions/store.ts'

/** A unique slug for a test community. */
export const uniqueSlug = (prefix = 'c') => `${prefix}-${randomBytes(4).toString('hex')}`

/** A community with one program and one cohort (2025, Asia/Shanghai unless overridden); returns slugs and ids. */
export async function makeCommunity(
  db: Db,
  overrides: { community?: Partial<CommunityDefinitionInput>; program?: Partial<ProgramDefinitionInput> } = {},
) {
  const slug = overrides.community?.slug ?? uniqueSlug()
  const program: ProgramDefinitionInput = {
    slug: 'ambassadors',
    name: 'Test Ambassador Program',
    summary: 'A program made by a test.',
    targetSeats: 10,
    requirementsAtLeast: 1,
    requirements: [
      { key: 'kind', title: 'Be kind', kind: 'statement', mandatory: true },
      { key: 'blogs', title: 'Two blog posts', kind: 'content_count', threshold: 2, windowMonths: 12 },
      { key: 'code', title: 'Ten commits', kind: 'code_contributions', threshold: 10, windowMonths: 12 },
    ],
    cohorts: [
      {
        slug: '2025',
        year: 2025,
        title: 'Ambassadors 2025',
        seats: 10,
        timeZone: 'Asia/Shanghai',
        phases: [
          { kind: 'applications', label: 'Applications', from: '2025-03-01', until: '2025-03-31' },
          { kind: 'term', label: 'Term', from: '2025-05-01', until: '2026-04-30' },
        ],
      },
    ],
    ...overrides.program,
  }
  const defined = await defineCommunity(db, { community: { slug, name: `Community ${slug}`, ...overrides.community }, programs: [program] })
  const p = defined.programs[program.slug]!
  const cohortSlug = Object.keys(p.cohorts)[0]
  const cohort = cohortSlug ? p.cohorts[cohortSlug]! : undefined
  return { slug, communityId: defined.communityId, programSlug: program.slug, programId: p.programId, cohort }
}

/** People made ambassadors of a cohort; names as given. */
export async function makeAmbassadors(
  db: Db,
  cohort: { cohortId: string; termStart: Date | null; termEnd: Date | null },
  people: (NewPerson | string)[],
) {
  const created = await createPeople(
    db,
    people.map((p) => (typeof p === 'string' ? { displayName: p } : p)),
  )
  await addMemberships(
    db,
    created.map((p) => ({
      personId: p.id,
      cohortId: cohort.cohortId,
      termStart: cohort.termStart ?? new Date('2025-05-01T00:00:00Z'),
      termEnd: cohort.termEnd ?? new Date('2026-05-01T00:00:00Z'),
    })),
  )
  return created
}

/** The factory cohort's application window (March 1–31, 2025 in Asia/Shanghai): an instant inside it, and its end. */
export const FACTORY_WINDOW = { open: new Date('2025-03-15T04:00:00Z'), closes: new Date('2025-03-31T16:00:00Z') }

/** Two application questions: one required, one optional limited to 200 characters. */
export const FACTORY_QUESTIONS: NonNullable<ProgramDefinitionInput['questions']> = [
  { key: 'why', prompt: 'Why are you applying?' },
  { key: 'ideas', prompt: 'What ideas do you have?', required: false, maxLength: 200 },
]

/** The UTC day `offset` days from today, 'YYYY-MM-DD'. */
export const dayFromToday = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

/** A community whose cohort "now" takes applications today (real clock: browser tests run a real server). */
export async function makeCommunityOpenToday(db: Db) {
  const day = dayFromToday
  return makeCommunity(db, {
    program: {
      questions: [{ key: 'why', prompt: 'Why are you applying?' }],
      cohorts: [
        {
          slug: 'now',
          year: 2026,
          title: 'Ambassadors now',
          seats: 5,
          timeZone: 'Asia/Shanghai',
          phases: [
            { kind: 'applications', label: 'Applications', from: day(-10), until: day(10) },
            { kind: 'term', label: 'Term', from: day(30), until: day(395) },
          ],
        },
      ],
    },
  })
}

/** A git commit in kubesphere/console by `author`, at 08:00 UTC on `day`, for tests of the contribution store. */
export const commitBy = (sha: string, author: ContributionRecord['author'], day = '2023-03-01'): ContributionRecord => ({
  kind: 'commit',
  source: 'git',
  repository: 'kubesphere/console',
  externalId: sha,
  occurredAt: new Date(`${day}T08:00:00Z`),
  author,
})
