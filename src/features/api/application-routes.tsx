import { OpenAPIHono, createRoute } from '@hono/zod-openapi'
import { eq } from 'drizzle-orm'
import type { MiddlewareHandler } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { dayInZone, formatDay, latestDayOnEarth } from '../../lib/dates.ts'
import { people } from '../people/schema.ts'
import { chooseCohort, findApplication, getApplyContext } from '../applications/queries.ts'
import { describeDeadline, saveApplication, type ApplicationTarget } from '../applications/save-application.ts'
import type { EligibilityVerdict } from '../eligibility/types.ts'
import { applicationInputSchema, parseApplicationJson, storedToJson } from './application-input.ts'
import { callerOf, type ApiEnv } from './auth.ts'
import { authProblems, json, problem, signedIn } from './openapi-parts.ts'
import { notFoundProgram } from './program-routes.tsx'
import { listApplicationsOf } from './queries.ts'
import { ApplicationListSchema, ApplicationSchema, CohortQuery, ProgramParams, SavedApplicationSchema } from './schemas.ts'

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

/** Your applications, in the order the OpenAPI document lists them. */
export const applicationRoutesInOrder = [listApplicationsRoute, getApplicationRoute, putApplicationRoute]

/** Adds the applicant's operations (list, read, save or submit an application) to the API. */
export function addApplicationRoutes(api: OpenAPIHono<ApiEnv>, deps: AppDeps, { authenticated, limitBody }: { authenticated: MiddlewareHandler<ApiEnv>; limitBody: MiddlewareHandler }) {
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
}
