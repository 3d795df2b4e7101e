import { OpenAPIHono, createRoute } from '@hono/zod-openapi'
import { reviewApiRoutes } from '../reviews/api-routes.tsx'
import { selectionApiRoutes } from '../selection/api-routes.tsx'
import { announcementApiRoutes } from '../announcements/api-routes.tsx'
import { eq } from 'drizzle-orm'
import { bodyLimit } from 'hono/body-limit'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { dayInZone, formatDay, latestDayOnEarth } from '../../lib/dates.ts'
import { people } from '../people/schema.ts'
import { chooseCohort, findApplication, getApplyContext } from '../applications/queries.ts'
import { describeDeadline, saveApplication, type ApplicationTarget } from '../applications/save-application.ts'
import type { EligibilityVerdict } from '../eligibility/types.ts'
import { applicationInputSchema, parseApplicationJson, storedToJson } from './application-input.ts'
import { callerOf, requireCaller, type ApiEnv } from './auth.ts'
import { configApiRoutes, configRoutesInOrder } from './config-routes.tsx'
import { DocsPage } from './docs-page.tsx'
import { authProblems, json, problem, signedIn } from './openapi-parts.ts'
import { problemErrorHandler, problemResponse, validationHook } from './problems.ts'
import { getProgramDetail, listApplicationsOf, listPrograms } from './queries.ts'
import {
  ApplicationListSchema,
  ApplicationSchema,
  CohortQuery,
  CreatedTokenSchema,
  MeSchema,
  NewTokenSchema,
  ProgramDetailSchema,
  ProgramListSchema,
  ProgramParams,
  SavedApplicationSchema,
  TokenListSchema,
  TokenParams,
} from './schemas.ts'
import { DEFAULT_TOKEN_DAYS, createApiToken, listApiTokens, revokeApiToken } from './tokens.ts'

/** Largest request body the API reads. */
const MAX_BODY_BYTES = 1024 * 1024


/** The OpenAPI document's fixed parts. */
export function openApiConfig(deps: AppDeps) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Embassy API',
      version: '1',
      description:
        'Programs, cohorts and applications of this Embassy deployment. Public endpoints need no credentials. The others take a personal ' +
        'access token (`Authorization: Bearer <token>`), or the browser session cookie, in which case every change must also carry the ' +
        '`X-CSRF-Token` header. Errors are RFC 9457 problem details (`application/problem+json`).',
    },
    servers: [{ url: deps.config.baseUrl.replace(/\/$/, '') }],
    tags: [
      { name: 'Programs', description: 'Public: communities’ programs, requirements and calendars.' },
      { name: 'Account', description: 'Who you are, and your personal access tokens.' },
      { name: 'Applications', description: 'Your applications to programs.' },
      { name: 'Program configuration', description: 'For program managers (and admins): a program’s settings, requirement catalogue, cohorts and calendars.' },
    ],
  }
}

const listProgramsRoute = createRoute({
  method: 'get',
  path: '/api/v1/programs',
  tags: ['Programs'],
  summary: 'List programs',
  description: 'Every program of every community on this deployment, with its slugs, summary, status and target seats.',
  responses: { 200: json(ProgramListSchema, 'The programs.') },
})

const getProgramRoute = createRoute({
  method: 'get',
  path: '/api/v1/communities/{community}/programs/{program}',
  tags: ['Programs'],
  summary: 'Get a program',
  description:
    'A program with its requirements and the rule on how many must be met, its application questions, its selection criteria, and every cohort with its calendar (instants in the cohort’s time zone).',
  request: { params: ProgramParams },
  responses: { 200: json(ProgramDetailSchema, 'The program.'), 404: problem('No such community or program.') },
})

const meRoute = createRoute({
  method: 'get',
  path: '/api/v1/me',
  tags: ['Account'],
  summary: 'Who am I',
  description: 'The person the token or session belongs to.',
  security: signedIn,
  responses: { 200: json(MeSchema, 'You.'), ...authProblems },
})

const createTokenRoute = createRoute({
  method: 'post',
  path: '/api/v1/tokens',
  tags: ['Account'],
  summary: 'Create a personal access token',
  description:
    'Only with the browser session (sign in on the site first) and the `X-CSRF-Token` header; a token cannot create tokens. ' +
    'A `read` token may only send GET and HEAD requests; without `scope` the token may write. ' +
    'The token is in this response only — store it safely. Cookie-authenticated API responses (e.g. `GET /api/v1/me`) carry the CSRF token in their `X-CSRF-Token` header.',
  security: [{ sessionCookie: [] }],
  request: { body: { content: { 'application/json': { schema: NewTokenSchema } }, required: true } },
  responses: {
    201: json(CreatedTokenSchema, 'The token, shown this once.'),
    ...authProblems,
    403: problem('Missing or wrong X-CSRF-Token header, or the request used a token.'),
    409: problem('Too many active tokens.'),
    422: problem('Invalid name or lifetime.'),
  },
})

const listTokensRoute = createRoute({
  method: 'get',
  path: '/api/v1/tokens',
  tags: ['Account'],
  summary: 'List your tokens',
  description: 'Your personal access tokens, newest first. Their values are never shown again.',
  security: signedIn,
  responses: { 200: json(TokenListSchema, 'Your tokens.'), ...authProblems },
})

const revokeTokenRoute = createRoute({
  method: 'delete',
  path: '/api/v1/tokens/{id}',
  tags: ['Account'],
  summary: 'Revoke a token',
  description: 'Revokes one of your tokens at once (revoking it again changes nothing). A token with the `write` scope can revoke itself; a `read` token cannot revoke anything.',
  security: signedIn,
  request: { params: TokenParams },
  responses: { 204: { description: 'Revoked.' }, ...authProblems, 403: problem('Missing or wrong X-CSRF-Token header (session only), or a read-only token.'), 404: problem('You have no token with this id.') },
})

const listApplicationsRoute = createRoute({
  method: 'get',
  path: '/api/v1/applications',
  tags: ['Applications'],
  summary: 'List your applications',
  description: 'Your applications to every program, most recently changed first, with their status, cohort and eligibility verdict.',
  security: signedIn,
  responses: { 200: json(ApplicationListSchema, 'Your applications.'), ...authProblems },
})

const getApplicationRoute = createRoute({
  method: 'get',
  path: '/api/v1/communities/{community}/programs/{program}/application',
  tags: ['Applications'],
  summary: 'Get your application',
  description: 'Your application to the program’s current cohort (or the cohort named), in the shape PUT accepts, with its state and verdict.',
  security: signedIn,
  request: { params: ProgramParams, query: CohortQuery },
  responses: { 200: json(ApplicationSchema, 'Your application.'), ...authProblems, 404: problem('No such program or cohort, or you have not applied to it.') },
})

const putApplicationRoute = createRoute({
  method: 'put',
  path: '/api/v1/communities/{community}/programs/{program}/application',
  tags: ['Applications'],
  summary: 'Save or submit your application',
  description:
    'Creates or updates your draft for the cohort whose application window is open now; with `"submit": true` it submits it (once; later saves keep it submitted). ' +
    'The body replaces the application as a whole (evidence included). The same validation as the site’s form applies; drafts may leave required fields empty.',
  security: signedIn,
  request: { params: ProgramParams, body: { content: { 'application/json': { schema: applicationInputSchema } }, required: true } },
  responses: {
    200: json(SavedApplicationSchema, 'Saved (or submitted).'),
    400: problem('The body is not valid JSON.'),
    ...authProblems,
    403: problem('Missing or wrong X-CSRF-Token header (session only).'),
    404: problem('No such community or program.'),
    409: problem('The application window is not open (the message names the deadline), or you withdrew this application.'),
    415: problem('The body is not sent as application/json.'),
    422: problem('Some fields are invalid; see `errors`.'),
  },
})

const routesInOrder = [
  listProgramsRoute,
  getProgramRoute,
  meRoute,
  createTokenRoute,
  listTokensRoute,
  revokeTokenRoute,
  listApplicationsRoute,
  getApplicationRoute,
  putApplicationRoute,
  ...configRoutesInOrder,
]

/** The JSON API (/api/v1), its OpenAPI document (/api/openapi.json) and its docs page (/api/docs). */
export function apiRoutes(deps: AppDeps) {
  const api = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook(deps) })
  api.onError(problemErrorHandler(deps))
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A personal access token (`emb_…`), created with POST /api/v1/tokens while signed in on the site.',
  })
  api.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'embassy_session',
    description: 'The browser session of the site. Every change must also send the `X-CSRF-Token` header.',
  })

  const authenticated = requireCaller(deps)
  const limitBody = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => problemResponse(c, deps, 'payload-too-large', `Request bodies are limited to ${MAX_BODY_BYTES / 1024 / 1024} MB.`) })
  const notFoundProgram = (community: string, program: string) => new AppError('not_found', `There is no program “${program}” in the community “${community}”.`)

  api.openapi(listProgramsRoute, async (c) => c.json({ programs: await listPrograms(deps.db) }, 200))

  api.openapi(getProgramRoute, async (c) => {
    const { community, program } = c.req.valid('param')
    const detail = await getProgramDetail(deps.db, community, program, deps.clock())
    if (!detail) throw notFoundProgram(community, program)
    return c.json(detail, 200)
  })

  api.openapi({ ...meRoute, middleware: [authenticated] }, async (c) => {
    const caller = callerOf(c)
    return c.json({ id: caller.personId, displayName: caller.displayName, handle: caller.handle, email: caller.email, authenticatedWith: caller.via }, 200)
  })

  api.openapi({ ...createTokenRoute, middleware: [requireCaller(deps, { sessionOnly: true }), limitBody] }, async (c) => {
    const caller = callerOf(c)
    const { name, expiresInDays, scope } = c.req.valid('json')
    const created = await createApiToken(deps, caller.personId, name, expiresInDays === undefined ? DEFAULT_TOKEN_DAYS : expiresInDays, scope ?? 'write')
    return c.json(
      { id: created.id, name: created.name, token: created.token, scope: created.scope, createdAt: created.createdAt.toISOString(), expiresAt: created.expiresAt?.toISOString() ?? null },
      201,
      { Location: `/api/v1/tokens/${created.id}` },
    )
  })

  api.openapi({ ...listTokensRoute, middleware: [authenticated] }, async (c) => {
    const caller = callerOf(c)
    const now = deps.clock().getTime()
    const tokens = await listApiTokens(deps, caller.personId)
    return c.json(
      {
        tokens: tokens.map((t) => ({
          id: t.id,
          name: t.name,
          scope: t.scope,
          createdAt: t.createdAt.toISOString(),
          lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
          expiresAt: t.expiresAt?.toISOString() ?? null,
          revokedAt: t.revokedAt?.toISOString() ?? null,
          active: !t.revokedAt && (!t.expiresAt || t.expiresAt.getTime() > now),
        })),
      },
      200,
    )
  })

  api.openapi({ ...revokeTokenRoute, middleware: [authenticated] }, async (c) => {
    const caller = callerOf(c)
    await revokeApiToken(deps, caller.personId, c.req.valid('param').id)
    return c.body(null, 204)
  })

  api.openapi({ ...listApplicationsRoute, middleware: [authenticated] }, async (c) => {
    const caller = callerOf(c)
    return c.json({ applications: await listApplicationsOf(deps.db, caller.personId) }, 200)
  })

  api.openapi({ ...getApplicationRoute, middleware: [authenticated] }, async (c) => {
    const caller = callerOf(c)
    const { community, program } = c.req.valid('param')
    const { cohort: cohortSlug } = c.req.valid('query')
    const ctx = await getApplyContext(deps.db, community, program)
    if (!ctx) throw notFoundProgram(community, program)
    const entry = cohortSlug === undefined ? chooseCohort(ctx.cohortWindows, deps.clock()).entry : ctx.cohortWindows.find((w) => w.cohort.slug === cohortSlug)
    if (!entry) throw new AppError('not_found', cohortSlug === undefined ? `${ctx.program.name} has no cohort taking applications.` : `${ctx.program.name} has no cohort “${cohortSlug}” taking applications.`)
    const found = await findApplication(deps.db, entry.cohort.id, caller.personId)
    if (!found) throw new AppError('not_found', `You have not applied to ${entry.cohort.title} yet.`)
    const [person] = await deps.db.select({ displayName: people.displayName }).from(people).where(eq(people.id, caller.personId))
    const { application } = found
    return c.json(
      {
        id: application.id,
        status: application.status,
        cohort: { slug: entry.cohort.slug, title: entry.cohort.title },
        ...storedToJson(application, found.evidence, person?.displayName ?? caller.displayName),
        verdict: (application.eligibility as EligibilityVerdict | null) ?? null,
        createdAt: application.createdAt.toISOString(),
        updatedAt: application.updatedAt.toISOString(),
        submittedAt: application.submittedAt?.toISOString() ?? null,
      },
      200,
    )
  })

  api.openapi({ ...putApplicationRoute, middleware: [authenticated, limitBody] }, async (c) => {
    const caller = callerOf(c)
    const { community, program } = c.req.valid('param')
    const body = c.req.valid('json')
    const ctx = await getApplyContext(deps.db, community, program)
    if (!ctx) throw notFoundProgram(community, program)
    const { entry, state } = chooseCohort(ctx.cohortWindows, deps.clock())
    if (!entry) throw new AppError('conflict', `${ctx.program.name} has not scheduled an application window yet.`)
    if (state === 'upcoming') throw new AppError('conflict', `Applications for ${entry.cohort.title} open on ${formatDay(dayInZone(entry.window.opensAt, entry.cohort.timeZone))}.`)
    if (state === 'closed') throw new AppError('conflict', `Applications for ${entry.cohort.title} closed at ${describeDeadline(entry.window, entry.cohort.timeZone)}.`)
    const submit = body.submit === true
    const parsed = parseApplicationJson(body, ctx, submit, latestDayOnEarth(deps.clock()))
    if (!parsed.ok) {
      const n = Object.keys(parsed.errors).length
      throw new AppError('validation', `The application ${submit ? 'cannot be submitted' : 'was not saved'}: ${n === 1 ? 'one field needs' : `${n} fields need`} attention.`, parsed.errors)
    }
    const target: ApplicationTarget = { community: ctx.community, program: ctx.program, requirements: ctx.requirements, cohort: entry.cohort, window: entry.window }
    const saved = await saveApplication(deps, target, caller.personId, parsed.value, { submit, locale: c.get('locale') })
    return c.json({ id: saved.id, status: saved.status, verdict: saved.verdict }, 200)
  })

  api.route('/', configApiRoutes(deps, { authenticated, limitBody }))
  // The features' own API sub-apps, mounted here so that their operations are in the one OpenAPI document.
  api.route('/', reviewApiRoutes(deps))
  api.route('/', selectionApiRoutes(deps))
  api.route('/', announcementApiRoutes(deps))

  // After every route, so only when none matched: a known path with another method is 405 with the methods it
  // takes; any other /api/v1 path is the API's own not-found problem (not the site's page-not-found).
  let operations: { pattern: RegExp; method: string }[] | undefined
  api.all('/api/v1/*', async (c) => {
    operations ??= api.openAPIRegistry.definitions.flatMap((d) =>
      d.type === 'route' ? [{ pattern: new RegExp(`^${d.route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}/]+\}/g, '[^/]+')}$`), method: d.route.method.toUpperCase() }] : [],
    )
    const methods = new Set(operations.filter((o) => o.pattern.test(c.req.path)).map((o) => o.method))
    if (methods.size === 0) return problemResponse(c, deps, 'not-found', `There is no ${c.req.path} in this API; /api/docs lists its operations.`)
    if (methods.has('GET')) methods.add('HEAD')
    const allow = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => methods.has(m)).join(', ')
    return problemResponse(c, deps, 'method-not-allowed', `${c.req.path} does not take ${c.req.method}; it takes ${allow}.`, { headers: { Allow: allow } })
  })

  api.doc31('/api/openapi.json', openApiConfig(deps))

  let cachedDocument: ReturnType<typeof api.getOpenAPI31Document> | undefined
  api.get('/api/docs', async (c) => {
    cachedDocument ??= api.getOpenAPI31Document(openApiConfig(deps))
    return c.html(`<!DOCTYPE html>${await (<DocsPage document={cachedDocument} />).toString()}`, 200, { 'Cache-Control': 'public, max-age=300' })
  })

  return api
}

/** The operations the API defines, for tests and the docs page's completeness check. */
export const apiOperations = routesInOrder.map((r) => ({ method: r.method.toUpperCase(), path: r.path }))
