import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import { eq } from 'drizzle-orm'
import type { MiddlewareHandler } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { roleGrants } from '../accounts/schema.ts'
import { hasRole } from '../accounts/sessions.ts'
import { defineCommunity, defineProgram, type DefinedProgram } from '../programs/define-program.ts'
import { communityWithPrograms, programDefinition, type ProgramDefinition } from '../programs/forms.ts'
import { communities } from '../programs/schema.ts'
import type { ApiCaller, ApiEnv } from './auth.ts'
import { authProblems, json, problem, signedIn } from './openapi-parts.ts'
import { Unauthenticated, validationHook } from './problems.ts'
import { CommunityParams } from './schemas.ts'

// The definition schemas were built before @hono/zod-openapi extended zod with `.openapi()`: described with `.meta()`.

/**
 * Onboarding for scripts: a site admin creates a community (with programs, or none yet), and an admin or a
 * program manager of a community adds a program to it. Same definitions and the same use-cases (which audit)
 * as `embassy community define` and the admin pages /admin/communities/new and /admin/c/:community/programs/new.
 */

/** Context variables of onboarding routes. */
interface OnboardingEnv {
  Variables: ApiEnv['Variables'] & { onboarding: { caller: ApiCaller; roles: { communityId: string | null; role: string }[]; community?: { id: string; slug: string; name: string } } }
}

export const CommunityDefinitionSchema = communityWithPrograms.meta({
  description:
    'A community and its programs, each with its requirement catalogue, application questions, review criteria and cohorts with their calendars: the shape of docs/examples/community.json and of `embassy community define`. Slugs are 1–40 lowercase letters, digits and dashes.',
})

export const ProgramDefinitionSchema = programDefinition.meta({
  description: 'A program with its requirement catalogue, application questions, review criteria and cohorts with their calendars (as one element of `programs` in CommunityDefinition).',
})

const CreatedProgramSchema = z
  .object({
    id: z.string().openapi({ description: 'The program’s id.' }),
    slug: z.string(),
    path: z.string().openapi({ description: 'Its public page.', example: '/c/tidewater/programs/ambassadors' }),
    adminPath: z.string().openapi({ description: 'Its admin page, where managers edit it.', example: '/admin/c/tidewater/programs/ambassadors' }),
    apiPath: z.string().openapi({ description: 'Its API resource.', example: '/api/v1/communities/tidewater/programs/ambassadors' }),
    cohorts: z.array(z.object({ id: z.string(), slug: z.string() })),
  })
  .openapi('CreatedProgram')

const CreatedCommunitySchema = z
  .object({
    id: z.string().openapi({ description: 'The community’s id.' }),
    slug: z.string(),
    path: z.string().openapi({ description: 'Its public page.', example: '/c/tidewater' }),
    programs: z.array(CreatedProgramSchema),
  })
  .openapi('CreatedCommunity')

const createCommunityRoute = createRoute({
  method: 'post',
  path: '/api/v1/communities',
  tags: ['Onboarding'],
  summary: 'Create a community and its programs',
  description:
    'Creates the community and every program of the definition (catalogue, questions, criteria, cohorts and calendars) in one transaction: all of it or nothing. ' +
    'Site admins only; audited. A taken community slug is a 409 conflict whose `errors` names `community.slug`.',
  security: signedIn,
  request: { body: { content: { 'application/json': { schema: CommunityDefinitionSchema } }, required: true } },
  responses: {
    201: json(CreatedCommunitySchema, 'Created; the ids and paths of what was created (`Location`: the community’s page).'),
    400: problem('The body is not valid JSON.'),
    ...authProblems,
    403: problem('Only site admins create communities; or, with the session, a missing or wrong X-CSRF-Token header; or a read-only token.'),
    409: problem('Another community has this slug; nothing was created.'),
    415: problem('The body is not sent as application/json.'),
    422: problem('Some fields are invalid; `errors` maps each (a dotted path such as `programs.0.requirements.2.threshold`) to a message. Nothing was created.'),
  },
})

const createProgramRoute = createRoute({
  method: 'post',
  path: '/api/v1/communities/{community}/programs',
  tags: ['Onboarding'],
  summary: 'Add a program to a community',
  description:
    'Creates the program with its catalogue, questions, criteria, cohorts and calendars in one transaction. Program managers of the community and admins only; audited. ' +
    'A slug another program of the community has is a 409 conflict whose `errors` names `slug`.',
  security: signedIn,
  request: { params: CommunityParams, body: { content: { 'application/json': { schema: ProgramDefinitionSchema } }, required: true } },
  responses: {
    201: json(CreatedProgramSchema, 'Created; its ids and paths (`Location`: its public page).'),
    400: problem('The body is not valid JSON.'),
    ...authProblems,
    403: problem('You do not manage this community’s programs (its program managers and admins do); or, with the session, a missing or wrong X-CSRF-Token header; or a read-only token.'),
    404: problem('No such community.'),
    409: problem('The community has a program with this slug; nothing was created.'),
    415: problem('The body is not sent as application/json.'),
    422: problem('Some fields are invalid; `errors` maps each (a dotted path such as `cohorts.0.phases.1.until`) to a message. Nothing was created.'),
  },
})

/** The onboarding operations, in the document's order. */
export const onboardingRoutesInOrder = [createCommunityRoute, createProgramRoute]

/** What the answer says of a created program. */
function createdProgram(communitySlug: string, def: ProgramDefinition, made: DefinedProgram) {
  const path = `/c/${communitySlug}/programs/${def.slug}`
  return {
    id: made.programId,
    slug: def.slug,
    path,
    adminPath: `/admin${path}`,
    apiPath: `/api/v1/communities/${communitySlug}/programs/${def.slug}`,
    cohorts: def.cohorts.map((k) => ({ id: made.cohorts[k.slug]!.cohortId, slug: k.slug })),
  }
}

/** The onboarding routes, on their own OpenAPIHono (mounted by apiRoutes, which handles their errors as problems). */
export function onboardingApiRoutes(deps: AppDeps, middleware: { authenticated: MiddlewareHandler<ApiEnv>; limitBody: MiddlewareHandler }) {
  const api = new OpenAPIHono<OnboardingEnv>({ defaultHook: validationHook(deps) })
  const authenticated = middleware.authenticated as unknown as MiddlewareHandler<OnboardingEnv>

  /** The caller and their roles; for a community path, the community (404) and whether they manage it (403). Before the body is read. */
  const allowed = (who: 'admin' | 'manager'): MiddlewareHandler<OnboardingEnv> => async (c, next) => {
    const caller = c.get('caller')
    if (!caller) throw new Unauthenticated('Authentication required.')
    const roles = await deps.db.select({ communityId: roleGrants.communityId, role: roleGrants.role }).from(roleGrants).where(eq(roleGrants.personId, caller.personId))
    const viewer = { ...caller, roles, sessionHash: '' }
    if (who === 'admin') {
      if (!hasRole(viewer, 'admin')) throw new AppError('forbidden', 'Only site admins create communities.')
      c.set('onboarding', { caller, roles })
    } else {
      const slug = c.req.param('community') ?? ''
      const [community] = await deps.db.select({ id: communities.id, slug: communities.slug, name: communities.name }).from(communities).where(eq(communities.slug, slug))
      if (!community) throw new AppError('not_found', `There is no community “${slug}”.`)
      if (!hasRole(viewer, 'program_manager', community.id)) throw new AppError('forbidden', `You do not manage the programs of ${community.name}: only its program managers and admins may add one.`)
      c.set('onboarding', { caller, roles, community })
    }
    await next()
  }

  api.openapi({ ...createCommunityRoute, middleware: [authenticated, middleware.limitBody, allowed('admin')] }, async (c) => {
    const { caller } = c.get('onboarding')
    const def = c.req.valid('json')
    const made = await defineCommunity(deps.db, def, caller.personId)
    const path = `/c/${def.community.slug}`
    const body = { id: made.communityId, slug: def.community.slug, path, programs: def.programs.map((p) => createdProgram(def.community.slug, p, made.programs[p.slug]!)) }
    return c.json(body, 201, { Location: path })
  })

  api.openapi({ ...createProgramRoute, middleware: [authenticated, middleware.limitBody, allowed('manager')] }, async (c) => {
    const { caller, community } = c.get('onboarding')
    const def = c.req.valid('json')
    const made = await defineProgram(deps.db, community!.id, def, caller.personId)
    const body = createdProgram(community!.slug, def, made)
    return c.json(body, 201, { Location: body.path })
  })

  return api
}
