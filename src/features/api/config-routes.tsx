import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import { and, asc, eq } from 'drizzle-orm'
import type { MiddlewareHandler } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { roleGrants } from '../accounts/schema.ts'
import { hasRole } from '../accounts/sessions.ts'
import { explainRequirementRule } from '../programs/calendar.ts'
import { programSettings, saveCohort, saveRequirements, updateProgramSettings } from '../programs/configure-program.ts'
import { cohortDefinition, phaseDefinition, requirementDefinition } from '../programs/forms.ts'
import { communities, programs, requirements } from '../programs/schema.ts'
import type { ApiCaller, ApiEnv } from './auth.ts'
import { authProblems, json, problem, signedIn } from './openapi-parts.ts'
import { Unauthenticated, validationHook, zodFieldErrors } from './problems.ts'
import { getProgramDetail } from './queries.ts'
import { CohortDetailSchema, ProgramParams, requirementKinds } from './schemas.ts'
import { findProgram } from '../programs/queries.ts'

// The use-cases' schemas were built before @hono/zod-openapi extended zod with `.openapi()`, so their fields
// are described with zod's own `.meta()` (which the document generator reads too); schemas derived here have both.

/**
 * The program configuration API for program managers' scripts: settings, requirement catalogue, cohorts and
 * their calendars. It validates with the same schemas and writes through the same use-cases (which audit) as the
 * admin pages (admin/program-routes.tsx); only the transport differs.
 */

/** The program behind the URL, and the caller, who manages it. */
interface ManagedProgram {
  community: typeof communities.$inferSelect
  program: typeof programs.$inferSelect
  caller: ApiCaller
}

/** Context variables of configuration routes. */
interface ConfigEnv {
  Variables: ApiEnv['Variables'] & { managed: ManagedProgram }
}

// ---------- schemas (the use-cases' own, with descriptions for the document) ----------

const settingsShape = programSettings.shape
const settingsFields = programSettings.extend({
  name: settingsShape.name.meta({ description: 'The program’s name.', example: 'KubeSphere Ambassadors' }),
  summary: settingsShape.summary.meta({ description: 'One or two sentences for lists.' }),
  descriptionMd: settingsShape.descriptionMd.meta({ description: 'The program’s description, Markdown.' }),
  benefits: settingsShape.benefits.meta({ description: 'What ambassadors receive, one item each.', example: ['Swag', 'Cloud credits'] }),
  targetSeats: settingsShape.targetSeats.meta({ description: 'How many ambassadors the program aims for; null: no target.' }),
  requirementsAtLeast: settingsShape.requirementsAtLeast.meta({ description: 'How many non-mandatory requirements must be met, from 1 to their number in the catalogue; null: all of them.' }),
  requirementsNoteMd: settingsShape.requirementsNoteMd.meta({ description: 'Why the rule exists and what to do below it, Markdown.' }),
  status: settingsShape.status.meta({ description: 'Only active programs take applications.' }),
})

export const ProgramSettingsSchema = settingsFields.openapi('ProgramSettings', { description: 'A program’s settings, in the shape PATCH accepts.' })

export const ProgramSettingsPatchSchema = settingsFields
  .partial()
  .strict()
  .openapi('ProgramSettingsPatch', { description: 'The settings to change; fields left out keep their stored values. Unknown fields are refused.' })

const reqShape = requirementDefinition.shape
export const RequirementInputSchema = requirementDefinition
  .extend({
    key: reqShape.key.meta({ description: 'Stable key (lowercase letters, digits and dashes); requirements are kept by key, so applications’ verdicts still name them.', example: 'blogs' }),
    title: reqShape.title.meta({ description: 'What applicants read.', example: 'Two blog posts' }),
    descriptionMd: reqShape.descriptionMd.meta({ description: 'Details, Markdown.' }),
    kind: reqShape.kind.meta({ description: 'How the requirement is checked.' }),
    mandatory: reqShape.mandatory.meta({ description: 'Mandatory requirements must all be met; the others count toward `requirementsAtLeast`.' }),
    threshold: reqShape.threshold.unwrap().nullable().optional().openapi({ description: 'Minimum count for counting kinds; null or left out: none.', example: 2 }),
    windowMonths: reqShape.windowMonths.unwrap().nullable().optional().openapi({ description: 'Months before the application deadline whose evidence counts; null or left out: timeless.', example: 12 }),
    settings: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: 'Kind-specific settings, e.g. `{"minimumAge": 16}` or `{"contentTypes": ["blog_post"]}`. Left out: the stored settings of this key are kept (none for a new key).' }),
  })
  .strict()
  .openapi('RequirementInput')

export const RequirementCatalogueInputSchema = z
  .strictObject({
    requirements: z.array(RequirementInputSchema).max(200, 'at most 200 requirements').openapi({ description: 'The whole catalogue, in order. Stored keys left out are removed.' }),
  })
  .openapi('RequirementCatalogueInput')

export const RequirementCatalogueSchema = z
  .object({
    requirementsAtLeast: z.number().int().nullable().openapi({ description: 'How many non-mandatory requirements must be met; null: all of them.' }),
    requirementRule: z.string().openapi({ description: 'The rule in one sentence.' }),
    requirements: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        descriptionMd: z.string(),
        kind: z.enum(requirementKinds),
        mandatory: z.boolean(),
        threshold: z.number().int().nullable(),
        windowMonths: z.number().int().nullable(),
        settings: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .openapi('RequirementCatalogue', { description: 'The stored catalogue, in the shape PUT accepts.' })

const cohortShape = cohortDefinition.shape
export const CohortInputSchema = cohortDefinition
  .omit({ slug: true })
  .extend({
    year: cohortShape.year.meta({ description: 'The cohort’s year.', example: 2027 }),
    title: cohortShape.title.meta({ description: 'Its name.', example: 'Ambassadors 2027' }),
    seats: cohortShape.seats.meta({ description: 'How many ambassadors it takes.', example: 20 }),
    timeZone: cohortShape.timeZone.meta({ description: 'IANA time zone in which the phases’ days are meant (default: Anywhere on Earth, Etc/GMT+12).', example: 'Europe/Istanbul' }),
    phases: z
      .array(
        phaseDefinition
          .strict()
          .openapi({ description: 'A phase, in whole days of the cohort’s zone: from the start of `from` to the end of `until` (inclusive; default: `from`).', example: { kind: 'applications', label: 'Applications', from: '2027-03-01', until: '2027-03-31' } }),
      )
      .max(50, 'at most 50 phases')
      .default([])
      .openapi({ description: 'The calendar; it replaces the stored phases as a whole.' }),
  })
  .strict()
  .openapi('CohortInput', { description: 'A cohort and its calendar; the slug is in the path.' })

const CohortParams = ProgramParams.extend({
  cohort: cohortShape.slug
    .meta({ description: 'Cohort slug (lowercase letters, digits and dashes); a new slug creates the cohort.', example: '2027' })
    .openapi({ param: { name: 'cohort', in: 'path' } }),
})

// ---------- routes ----------

const forbidden = problem('You do not manage this community’s programs (program managers of the community and admins do); or, with the session, a missing or wrong X-CSRF-Token header.')
const notFound = problem('No such community or program.')

const patchSettingsRoute = createRoute({
  method: 'patch',
  path: '/api/v1/communities/{community}/programs/{program}',
  tags: ['Program configuration'],
  summary: 'Change a program’s settings',
  description:
    'Changes the fields sent and keeps the others, then validates the result as the admin page does. ' +
    'Answers the stored settings. Program managers of the community and admins only; the change is audited.',
  security: signedIn,
  request: { params: ProgramParams, body: { content: { 'application/json': { schema: ProgramSettingsPatchSchema } }, required: true } },
  responses: {
    200: json(ProgramSettingsSchema, 'Saved; the settings as stored.'),
    400: problem('The body is not valid JSON.'),
    ...authProblems,
    403: forbidden,
    404: notFound,
    415: problem('The body is not sent as application/json.'),
    422: problem('Some fields are invalid; see `errors`. Nothing was changed.'),
  },
})

const putRequirementsRoute = createRoute({
  method: 'put',
  path: '/api/v1/communities/{community}/programs/{program}/requirements',
  tags: ['Program configuration'],
  summary: 'Replace the requirement catalogue',
  description:
    'Replaces the catalogue as a whole, in the order sent: requirements are kept by key (existing keys are updated, new ones added, the ones left out removed). ' +
    'Keys must be unique. Program managers of the community and admins only; the change is audited.',
  security: signedIn,
  request: { params: ProgramParams, body: { content: { 'application/json': { schema: RequirementCatalogueInputSchema } }, required: true } },
  responses: {
    200: json(RequirementCatalogueSchema, 'Saved; the catalogue as stored.'),
    400: problem('The body is not valid JSON.'),
    ...authProblems,
    403: forbidden,
    404: notFound,
    415: problem('The body is not sent as application/json.'),
    422: problem('Some requirements are invalid, two share a key, or fewer non-mandatory ones remain than the program’s `requirementsAtLeast`; see `errors` (e.g. `requirements.1.key`). Nothing was changed.'),
  },
})

const putCohortRoute = createRoute({
  method: 'put',
  path: '/api/v1/communities/{community}/programs/{program}/cohorts/{cohort}',
  tags: ['Program configuration'],
  summary: 'Create or replace a cohort and its calendar',
  description:
    'Creates the cohort with this slug, or updates it; its phases are replaced as a whole. Phases are written in days of the cohort’s time zone ' +
    '(a phase runs from the start of `from` to the end of `until` there). Answers the cohort as `GET` of the program shows it, instants with the zone’s offset. ' +
    'Program managers of the community and admins only; the change is audited.',
  security: signedIn,
  request: { params: CohortParams, body: { content: { 'application/json': { schema: CohortInputSchema } }, required: true } },
  responses: {
    200: json(CohortDetailSchema, 'Saved; the cohort and its calendar as stored.'),
    400: problem('The body is not valid JSON.'),
    ...authProblems,
    403: forbidden,
    404: notFound,
    415: problem('The body is not sent as application/json.'),
    422: problem('Some fields are invalid (e.g. an unknown time zone, or `phases.0.until` before `phases.0.from`); see `errors`. Nothing was changed.'),
  },
})

/** The configuration operations, in the document's order. */
export const configRoutesInOrder = [patchSettingsRoute, putRequirementsRoute, putCohortRoute]

const fieldsNeed = (n: number) => (n === 1 ? 'one field needs' : `${n} fields need`)

/** The settings of a program row, in the shape of ProgramSettingsSchema. */
function settingsOf(program: typeof programs.$inferSelect) {
  const { name, summary, descriptionMd, benefits, targetSeats, requirementsAtLeast, requirementsNoteMd, status } = program
  return { name, summary, descriptionMd, benefits, targetSeats, requirementsAtLeast, requirementsNoteMd, status }
}

/**
 * The configuration routes, on their own OpenAPIHono (mounted by apiRoutes, which merges their definitions
 * into the API's document and handles their errors as problems).
 */
export function configApiRoutes(deps: AppDeps, middleware: { authenticated: MiddlewareHandler<ApiEnv>; limitBody: MiddlewareHandler }) {
  const api = new OpenAPIHono<ConfigEnv>({ defaultHook: validationHook(deps) })
  const authenticated = middleware.authenticated as unknown as MiddlewareHandler<ConfigEnv>

  /**
   * Resolves the program of the path and checks that the caller manages its community — before the body is
   * read, so that strangers hear 403 (and unknown slugs 404) whatever they send. Same rule as the admin pages.
   */
  const managesProgram: MiddlewareHandler<ConfigEnv> = async (c, next) => {
    const caller = c.get('caller')
    if (!caller) throw new Unauthenticated('Authentication required.')
    const communitySlug = c.req.param('community') ?? ''
    const programSlug = c.req.param('program') ?? ''
    const found = await findProgram(deps.db, communitySlug, programSlug)
    if (!found) throw new AppError('not_found', `There is no program “${programSlug}” in the community “${communitySlug}”.`)
    const roles = await deps.db.select({ communityId: roleGrants.communityId, role: roleGrants.role }).from(roleGrants).where(eq(roleGrants.personId, caller.personId))
    if (!hasRole({ ...caller, roles, sessionHash: '' }, 'program_manager', found.community.id)) {
      throw new AppError('forbidden', `You do not manage the programs of ${found.community.name}: only its program managers and admins may change them.`)
    }
    c.set('managed', { ...found, caller })
    await next()
  }

  const guards = [authenticated, middleware.limitBody, managesProgram]

  api.openapi({ ...patchSettingsRoute, middleware: guards }, async (c) => {
    const { program, caller } = c.get('managed')
    const parsed = programSettings.safeParse({ ...settingsOf(program), ...c.req.valid('json') })
    if (!parsed.success) {
      const errors = zodFieldErrors(parsed.error)
      throw new AppError('validation', `The settings were not saved: ${fieldsNeed(Object.keys(errors).length)} attention.`, errors)
    }
    await updateProgramSettings(deps, program.id, parsed.data, caller.personId)
    const [stored] = await deps.db.select().from(programs).where(eq(programs.id, program.id))
    return c.json(settingsOf(stored!), 200)
  })

  api.openapi({ ...putRequirementsRoute, middleware: guards }, async (c) => {
    const { program, caller } = c.get('managed')
    const input = c.req.valid('json').requirements
    const errors: Record<string, string> = {}
    const seen = new Set<string>()
    for (const [i, r] of input.entries()) {
      if (seen.has(r.key)) errors[`requirements.${i}.key`] = `Another requirement already has the key “${r.key}”; each requirement needs its own key.`
      seen.add(r.key)
    }
    if (Object.keys(errors).length) throw new AppError('validation', `The requirements were not saved: ${fieldsNeed(Object.keys(errors).length)} attention.`, errors)
    const stored = await deps.db.select({ key: requirements.key, settings: requirements.settings }).from(requirements).where(eq(requirements.programId, program.id))
    const storedSettings = new Map(stored.map((r) => [r.key, r.settings]))
    await saveRequirements(
      deps,
      program.id,
      input.map((r) => ({ ...r, threshold: r.threshold ?? undefined, windowMonths: r.windowMonths ?? undefined, settings: r.settings ?? storedSettings.get(r.key) ?? {} })),
      caller.personId,
    )
    const [[current], rows] = await Promise.all([
      deps.db.select({ requirementsAtLeast: programs.requirementsAtLeast }).from(programs).where(eq(programs.id, program.id)),
      deps.db.select().from(requirements).where(eq(requirements.programId, program.id)).orderBy(asc(requirements.position)),
    ])
    const atLeast = current?.requirementsAtLeast ?? null
    const mandatory = rows.filter((r) => r.mandatory).length
    return c.json(
      {
        requirementsAtLeast: atLeast,
        requirementRule: explainRequirementRule(mandatory, rows.length - mandatory, atLeast),
        requirements: rows.map((r) => ({ key: r.key, title: r.title, descriptionMd: r.descriptionMd, kind: r.kind, mandatory: r.mandatory, threshold: r.threshold, windowMonths: r.windowMonths, settings: r.settings })),
      },
      200,
    )
  })

  api.openapi({ ...putCohortRoute, middleware: guards }, async (c) => {
    const { community, program, caller } = c.get('managed')
    const { cohort: slug } = c.req.valid('param')
    await saveCohort(deps, program.id, { ...c.req.valid('json'), slug }, caller.personId)
    const detail = await getProgramDetail(deps.db, community.slug, program.slug, deps.clock())
    const cohort = detail?.cohorts.find((k) => k.slug === slug)
    if (!cohort) throw new Error(`cohort ${slug} not found right after saving it`)
    return c.json(cohort, 200)
  })

  return api
}
