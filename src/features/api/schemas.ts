import { z } from '@hono/zod-openapi'
import { evidenceTypes, type EvidenceTypeKey } from '../applications/forms.ts'
import { tokenScopes } from '../accounts/schema.ts'
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from './tokens.ts'

/** Zod schemas of the API's parameters and responses; they are what /api/openapi.json publishes. */

const instant = (description: string) => z.string().openapi({ format: 'date-time', description })
const zoned = (description: string) => z.string().openapi({ format: 'date-time', description: `${description} RFC 3339, with the offset of the cohort’s time zone.`, example: '2025-03-01T00:00:00+08:00' })
const day = (description: string) => z.string().openapi({ format: 'date', description, example: '2025-03-31' })
export const requirementKinds = ['content_count', 'code_contributions', 'events', 'other_projects', 'age_attestation', 'statement', 'free_form'] as const

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ description: 'URI of the problem type (an anchor on /api/docs).' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().openapi({ description: 'What went wrong, for people.' }),
    instance: z.string().optional(),
    errors: z.record(z.string(), z.string()).optional().openapi({ description: 'Validation failures: field (a dotted path into the request) → message.', example: { 'answers.why': 'This question needs an answer.' } }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details (media type application/problem+json).' })

export const CommunityParams = z.object({
  community: z.string().max(100).openapi({ param: { name: 'community', in: 'path' }, description: 'Community slug.', example: 'kubesphere' }),
})

export const ProgramParams = CommunityParams.extend({
  program: z.string().max(100).openapi({ param: { name: 'program', in: 'path' }, description: 'Program slug.', example: 'ambassadors' }),
})

export const CohortQuery = z.object({
  cohort: z.string().max(40).optional().openapi({ param: { name: 'cohort', in: 'query' }, description: 'Cohort slug; default: the cohort whose applications are open, else the next to open, else the last.', example: '2025' }),
})

export const TokenParams = z.object({
  id: z.string().max(100).openapi({ param: { name: 'id', in: 'path' }, description: 'Token id.', example: '0b8e4c6e-8f5e-4a53-9d0a-0f2f1c7f9a11' }),
})

export const CommunityRefSchema = z.object({ slug: z.string(), name: z.string() })

export const ProgramSummarySchema = z
  .object({
    community: CommunityRefSchema,
    slug: z.string(),
    name: z.string(),
    shortName: z.string().nullable(),
    summary: z.string(),
    status: z.enum(['draft', 'proposed', 'active', 'archived']),
    targetSeats: z.number().int().nullable(),
    href: z.string().openapi({ description: 'Path of the program’s details in this API.' }),
  })
  .openapi('ProgramSummary')

export const ProgramListSchema = z.object({ programs: z.array(ProgramSummarySchema) }).openapi('ProgramList')

const PhaseSchema = z.object({
  kind: z.enum(['applications', 'review', 'announcement', 'first_meeting', 'term', 'other']),
  label: z.string(),
  startsAt: zoned('When the phase starts.'),
  endsAt: zoned('When it ends (exclusive); null for a single moment.').nullable(),
  allDay: z.boolean().openapi({ description: 'Whole days in the cohort’s zone rather than times.' }),
  firstDay: day('First day, in the cohort’s zone.'),
  lastDay: day('Last day (inclusive), in the cohort’s zone.'),
  state: z.enum(['past', 'current', 'upcoming']),
})

/** A cohort with its calendar, as the program's details show it. */
export const CohortDetailSchema = z.object({
  slug: z.string(),
  year: z.number().int(),
  title: z.string(),
  seats: z.number().int(),
  timeZone: z.string().openapi({ description: 'IANA time zone of the calendar.', example: 'Asia/Shanghai' }),
  applications: z
    .object({ opensAt: zoned('Applications open.'), closesAt: zoned('Applications close (exclusive).'), state: z.enum(['upcoming', 'open', 'closed']) })
    .nullable(),
  phases: z.array(PhaseSchema),
})

export const ProgramDetailSchema = z
  .object({
    community: z.object({ slug: z.string(), name: z.string(), tagline: z.string(), websiteUrl: z.string().nullable() }),
    slug: z.string(),
    name: z.string(),
    shortName: z.string().nullable(),
    summary: z.string(),
    descriptionMarkdown: z.string(),
    status: z.enum(['draft', 'proposed', 'active', 'archived']),
    targetSeats: z.number().int().nullable(),
    termMonths: z.number().int(),
    requirementsAtLeast: z.number().int().nullable().openapi({ description: 'How many non-mandatory requirements must be met; null: all of them.' }),
    requirementRule: z.string().openapi({ description: 'The rule in one sentence.' }),
    requirements: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        descriptionMarkdown: z.string(),
        kind: z.enum(requirementKinds),
        mandatory: z.boolean(),
        threshold: z.number().int().nullable(),
        windowMonths: z.number().int().nullable().openapi({ description: 'Months before the application deadline whose evidence counts; null: timeless.' }),
      }),
    ),
    questions: z.array(z.object({ key: z.string(), prompt: z.string(), help: z.string(), required: z.boolean(), maxLength: z.number().int() })),
    criteria: z.array(z.object({ key: z.string(), name: z.string(), description: z.string(), weight: z.number(), scaleMin: z.number().int(), scaleMax: z.number().int() })),
    cohorts: z.array(CohortDetailSchema),
  })
  .openapi('ProgramDetail')

export const MeSchema = z
  .object({
    id: z.string(),
    displayName: z.string(),
    handle: z.string(),
    email: z.string().nullable().openapi({ description: 'Your own email address (shown only to you).' }),
    authenticatedWith: z.enum(['token', 'session']),
  })
  .openapi('Me')

const tokenScope = z.enum(tokenScopes, 'Must be "read" or "write".')

export const NewTokenSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'Give the token a name.').max(100, 'A name is limited to 100 characters.').openapi({ description: 'What the token is for.', example: 'release script' }),
    expiresInDays: z
      .number()
      .int('Must be a whole number of days.')
      .min(1, 'Must be at least 1 day.')
      .max(MAX_TOKEN_DAYS, `Must be at most ${MAX_TOKEN_DAYS} days.`)
      .nullable()
      .optional()
      .openapi({ description: `Days until the token expires (default ${DEFAULT_TOKEN_DAYS}); null: it never expires.` }),
    scope: tokenScope.optional().openapi({
      description: '`read`: the token may only send GET and HEAD requests (others are refused with 403); `write`: it may do whatever you may. Default `write`, as for tokens made before scopes existed.',
      example: 'read',
    }),
  })
  .openapi('NewToken')

export const CreatedTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    token: z.string().openapi({ description: 'The token. It is shown only in this response; only its SHA-256 is stored.' }),
    scope: tokenScope.openapi({ description: 'What it may do: `read` (GET and HEAD only) or `write`.' }),
    createdAt: instant('When it was created.'),
    expiresAt: instant('When it expires; null: never.').nullable(),
  })
  .openapi('CreatedToken')

export const TokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: tokenScope.openapi({ description: 'What it may do: `read` (GET and HEAD only) or `write`.' }),
    createdAt: instant('When it was created.'),
    lastUsedAt: instant('When it was last used (to the minute); null: never.').nullable(),
    expiresAt: instant('When it expires; null: never.').nullable(),
    revokedAt: instant('When it was revoked; null: it was not.').nullable(),
    active: z.boolean().openapi({ description: 'Neither revoked nor expired.' }),
  })
  .openapi('Token')

export const TokenListSchema = z.object({ tokens: z.array(TokenSchema) }).openapi('TokenList')

export const VerdictSchema = z
  .object({
    requirements: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        kind: z.enum(requirementKinds),
        mandatory: z.boolean(),
        status: z.enum(['met', 'not_met', 'needs_review']),
        count: z.number().int().nullable(),
        threshold: z.number().int().nullable(),
        window: z.object({ firstDay: day('First day whose evidence counts.'), lastDay: day('Last day whose evidence counts.') }).nullable(),
        counted: z.array(z.string()),
        reason: z.string(),
      }),
    ),
    mandatoryMet: z.boolean(),
    optionalMet: z.number().int(),
    optionalPending: z.number().int(),
    optionalTotal: z.number().int(),
    optionalNeeded: z.number().int(),
    overall: z.enum(['eligible', 'needs_review', 'not_eligible']),
    summary: z.string(),
  })
  .openapi('Verdict', { description: 'The eligibility verdict: computed by the same rules reviewers see; a guide, not a decision.' })

const applicationStatus = z.enum(['draft', 'submitted', 'withdrawn'])

export const ApplicationSummarySchema = z
  .object({
    id: z.string(),
    status: applicationStatus,
    community: CommunityRefSchema,
    program: z.object({ slug: z.string(), name: z.string() }),
    cohort: z.object({ slug: z.string(), title: z.string(), year: z.number().int() }),
    eligibility: z.object({ overall: z.enum(['eligible', 'needs_review', 'not_eligible']), summary: z.string() }).nullable(),
    createdAt: instant('Created.'),
    updatedAt: instant('Last changed.'),
    submittedAt: instant('Submitted; null while a draft.').nullable(),
    withdrawnAt: instant('Withdrawn; null unless withdrawn.').nullable(),
    href: z.string().openapi({ description: 'Path of the full application in this API.' }),
    receiptUrl: z.string().openapi({ description: 'Path of the receipt page on the site.' }),
  })
  .openapi('ApplicationSummary')

export const ApplicationListSchema = z.object({ applications: z.array(ApplicationSummarySchema) }).openapi('ApplicationList')

export const SavedApplicationSchema = z
  .object({ id: z.string(), status: applicationStatus, verdict: VerdictSchema })
  .openapi('SavedApplication')

export const ApplicationSchema = z
  .object({
    id: z.string(),
    status: applicationStatus,
    cohort: z.object({ slug: z.string(), title: z.string() }),
    displayName: z.string(),
    answers: z.record(z.string(), z.string()),
    country: z.string(),
    region: z.string(),
    links: z.object({ github: z.string(), blog: z.string(), social: z.string() }),
    attestedMinimumAge: z.boolean(),
    affirmed: z.array(z.string()),
    freeForm: z.record(z.string(), z.string()),
    exceptionReason: z.string(),
    evidence: z.array(
      z.object({
        type: z.enum(Object.keys(evidenceTypes) as [EvidenceTypeKey, ...EvidenceTypeKey[]]),
        title: z.string(),
        url: z.string(),
        occurredOn: z.string(),
        count: z.number().int(),
        notes: z.string(),
      }),
    ),
    verdict: VerdictSchema.nullable(),
    createdAt: instant('Created.'),
    updatedAt: instant('Last changed.'),
    submittedAt: instant('Submitted; null while a draft.').nullable(),
  })
  .openapi('Application', { description: 'Your application, in the shape PUT accepts (plus its state), so it can be read, changed and sent back.' })
