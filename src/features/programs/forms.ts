import { z } from 'zod'
import { isCalendarDay, isValidTimeZone } from '../../lib/dates.ts'

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lowercase letters, digits and dashes')
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #1f4e79')
const day = z.string().refine(isCalendarDay, 'must be a real date written YYYY-MM-DD')

/** A community as an admin (or the demo seed) defines it. */
export const communityDefinition = z.object({
  slug,
  name: z.string().min(1).max(120),
  tagline: z.string().max(200).default(''),
  descriptionMd: z.string().max(20_000).default(''),
  websiteUrl: httpUrl.optional(),
  logoUrl: httpUrl.optional(),
  primaryColor: colour.default('#1f4e79'),
  accentColor: colour.default('#0b7a5c'),
  socialLinks: z.array(z.object({ kind: z.string().min(1).max(40), label: z.string().min(1).max(80), url: httpUrl })).default([]),
  contactChannels: z
    .array(
      z.object({
        kind: z.enum(['slack', 'email', 'forum', 'chat', 'web']),
        label: z.string().min(1).max(120),
        target: z.string().min(1).max(300),
        person: z.string().max(120).optional(),
      }),
    )
    .default([]),
})

/** One requirement of the catalogue. */
export const requirementDefinition = z.object({
  key: slug,
  title: z.string().min(1).max(300),
  descriptionMd: z.string().max(4000).default(''),
  kind: z.enum(['content_count', 'code_contributions', 'events', 'other_projects', 'age_attestation', 'statement', 'free_form']),
  mandatory: z.boolean().default(false),
  threshold: z.number().int().positive().optional(),
  windowMonths: z.number().int().positive().max(120).optional(),
  settings: z.record(z.string(), z.unknown()).default({}),
})

/** One calendar phase, written in days of the cohort's zone. */
export const phaseDefinition = z
  .object({
    kind: z.enum(['applications', 'review', 'announcement', 'first_meeting', 'term', 'other']),
    label: z.string().min(1).max(120),
    /** First day of the phase. */
    from: day,
    /** Last day of the phase (inclusive); the same as `from` when absent. */
    until: day.optional(),
  })
  .refine((p) => !p.until || p.until >= p.from, { message: 'must not be before the first day', path: ['until'] })

/** A yearly cohort with its calendar. */
export const cohortDefinition = z.object({
  slug,
  year: z.number().int().min(2000).max(2200),
  title: z.string().min(1).max(120),
  seats: z.number().int().positive().max(100_000),
  timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Shanghai').default('Etc/GMT+12'),
  phases: z.array(phaseDefinition).default([]),
})

/**
 * Why "at least N of the non-mandatory requirements" cannot count over a catalogue with `optionalCount` of
 * them, or undefined when it can (null: all of them, always fine). The one rule for the settings form, the API,
 * the requirement catalogue editor and program definitions.
 */
export function atLeastProblem(atLeast: number | null, optionalCount: number): string | undefined {
  if (atLeast === null) return undefined
  if (atLeast < 1) return 'must be at least 1 (leave it empty to require all the non-mandatory requirements)'
  if (optionalCount === 0) return `The catalogue has no non-mandatory requirement to count ${atLeast} of: leave it empty, or add requirements first.`
  if (atLeast > optionalCount) {
    return `The catalogue has only ${optionalCount} non-mandatory ${optionalCount === 1 ? 'requirement' : 'requirements'}: choose a number from 1 to ${optionalCount}, or leave it empty to require all of them.`
  }
  return undefined
}

/** Program slugs the admin pages' paths use (`/admin/c/:community/programs/new`). */
export const RESERVED_PROGRAM_SLUGS: readonly string[] = ['new']

/** A program with its catalogue, questions, criteria and cohorts. */
export const programDefinition = z.object({
  slug,
  name: z.string().min(1).max(200),
  shortName: z.string().max(20).optional(),
  summary: z.string().max(500).default(''),
  descriptionMd: z.string().max(50_000).default(''),
  roleMd: z.string().max(20_000).default(''),
  benefits: z.array(z.string().min(1).max(300)).default([]),
  targetSeats: z.number().int().positive().optional(),
  termMonths: z.number().int().positive().max(60).default(12),
  requirementsAtLeast: z.number().int().optional(),
  requirementsNoteMd: z.string().max(4000).default(''),
  status: z.enum(['draft', 'proposed', 'active', 'archived']).default('active'),
  requirements: z.array(requirementDefinition).default([]),
  questions: z
    .array(
      z.object({
        key: slug,
        prompt: z.string().min(1).max(500),
        help: z.string().max(1000).default(''),
        required: z.boolean().default(true),
        maxLength: z.number().int().positive().max(20_000).default(4000),
      }),
    )
    .default([]),
  criteria: z
    .array(
      z.object({
        key: slug,
        name: z.string().min(1).max(200),
        description: z.string().max(1000).default(''),
        weight: z.number().positive().max(100).default(1),
        scaleMin: z.number().int().default(1),
        scaleMax: z.number().int().default(5),
      }),
    )
    .default([]),
  cohorts: z.array(cohortDefinition).default([]),
}).superRefine((program, ctx) => {
  if (RESERVED_PROGRAM_SLUGS.includes(program.slug)) {
    ctx.addIssue({ code: 'custom', path: ['slug'], message: `“${program.slug}” is reserved (the admin pages use it): choose another identifier` })
  }
  // Keys and slugs the database keeps unique per program: said here, with their place, rather than by a refused insert.
  for (const [list, field] of [['requirements', 'key'], ['questions', 'key'], ['criteria', 'key'], ['cohorts', 'slug']] as const) {
    const seen = new Set<string>()
    program[list].forEach((item, i) => {
      const value = (item as unknown as Record<string, string>)[field]!
      if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [list, i, field], message: `“${value}” is used twice in ${list}: each needs its own ${field}` })
      seen.add(value)
    })
  }
  program.criteria.forEach((c, i) => {
    if (c.scaleMin >= c.scaleMax) ctx.addIssue({ code: 'custom', path: ['criteria', i, 'scaleMax'], message: `must be greater than scaleMin (${c.scaleMin})` })
  })
  const atLeast = program.requirementsAtLeast ?? null
  const optional = program.requirements.filter((r) => !r.mandatory).length
  if (atLeastProblem(atLeast, optional)) {
    ctx.addIssue({
      code: 'custom',
      path: ['requirementsAtLeast'],
      message: `Program “${program.slug}”: requirementsAtLeast is ${atLeast}, but “at least N” must be between 1 and the number of non-mandatory requirements (${optional} in this definition), or be left out to require all of them.`,
    })
  }
})

/** Input types (before defaults) and output types (after). */
export type CommunityDefinitionInput = z.input<typeof communityDefinition>
export type ProgramDefinitionInput = z.input<typeof programDefinition>
export type ProgramDefinition = z.output<typeof programDefinition>
export type CohortDefinition = z.output<typeof cohortDefinition>

/**
 * A whole definition: a community and its programs (the file `embassy community define` reads, the body of
 * `POST /api/v1/communities`). Program slugs must differ within it.
 */
export const communityWithPrograms = z
  .object({ community: communityDefinition, programs: z.array(programDefinition).max(50).default([]) })
  .superRefine((def, ctx) => {
    const seen = new Set<string>()
    def.programs.forEach((p, i) => {
      if (seen.has(p.slug)) ctx.addIssue({ code: 'custom', path: ['programs', i, 'slug'], message: `“${p.slug}” is used twice: each program needs its own slug` })
      seen.add(p.slug)
    })
  })

export type CommunityWithProgramsInput = z.input<typeof communityWithPrograms>
