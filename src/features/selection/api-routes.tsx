import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import { and, eq } from 'drizzle-orm'
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { roleGrants } from '../accounts/schema.ts'
import { hasRole } from '../accounts/sessions.ts'
import { requireCaller, type ApiEnv } from '../api/auth.ts'
import { authProblems, json, problem, signedIn } from '../api/openapi-parts.ts'
import { problemErrorHandler, problemResponse, validationHook } from '../api/problems.ts'
import { findProgram } from '../programs/queries.ts'
import { cohorts } from '../programs/schema.ts'
import { cohortDecisions, findSelection } from './decisions.ts'
import { describeInfeasibility, explain } from './explain.ts'
import { selectionConstraintsInput } from './forms.ts'
import { overrideDecision } from './override-decision.ts'
import { runSelection } from './run-selection.ts'

const Params = z.object({
  community: z.string().openapi({ param: { name: 'community', in: 'path' }, example: 'kubesphere' }),
  program: z.string().openapi({ param: { name: 'program', in: 'path' }, example: 'ksap' }),
  cohort: z.string().openapi({ param: { name: 'cohort', in: 'path' }, example: '2023' }),
})
const DecisionParams = Params.extend({ application: z.uuid().openapi({ param: { name: 'application', in: 'path' } }) })

const DecisionSchema = z
  .object({
    applicationId: z.string(),
    personId: z.string(),
    name: z.string(),
    outcome: z.enum(['selected', 'waitlisted', 'not_selected']),
    rank: z.number().int().nullable(),
    waitlistPosition: z.number().int().nullable(),
    score: z.number().nullable(),
    explanation: z.string().openapi({ description: 'Why, in the language of the request (English or Simplified Chinese).', example: 'ranked 31st; seats filled' }),
    overrideReason: z.string().nullable(),
  })
  .openapi('SelectionDecision')
const SelectionSchema = z
  .object({
    status: z.enum(['none', 'draft', 'locked']),
    lockedAt: z.string().nullable(),
    saved: z.boolean(),
    constraints: z.record(z.string(), z.unknown()).nullable(),
    totalScore: z.number().nullable(),
    proven: z.boolean(),
    notes: z.array(z.string()).openapi({ description: 'Constraints that could not be met and the relaxation applied; minimums lowered for lack of qualified candidates.' }),
    decisions: z.array(DecisionSchema),
  })
  .openapi('Selection')
const RunInput = selectionConstraintsInput
  .partial({ seats: true })
  .extend({ dryRun: z.boolean().optional().openapi({ description: 'Compute and answer without saving.' }) })
  .openapi('SelectionRunInput', { description: 'Constraints of the run (seats default to the cohort’s); shares are 0..1.' })

const tags = ['Selection']
const managerOnly = problem('You do not manage this community’s programs.')
const getRoute = createRoute({ method: 'get', path: '/api/v1/communities/{community}/programs/{program}/cohorts/{cohort}/selection', tags, summary: 'Get the cohort’s selection', security: signedIn, request: { params: Params }, responses: { 200: json(SelectionSchema, 'The stored selection with every decision and its explanation.'), ...authProblems, 403: managerOnly, 404: problem('No such cohort.') } })
const runRoute = createRoute({
  method: 'post',
  path: '/api/v1/communities/{community}/programs/{program}/cohorts/{cohort}/selection/runs',
  tags,
  summary: 'Run the selection (or a dry run)',
  security: signedIn,
  request: { params: Params, body: { content: { 'application/json': { schema: RunInput } }, required: true } },
  responses: { 200: json(SelectionSchema, 'The result; saved unless dryRun.'), ...authProblems, 403: managerOnly, 404: problem('No such cohort.'), 409: problem('The selection is locked: the announcement has been scheduled.'), 422: problem('Invalid constraints, or fewer seats than “selected” overrides; see `errors`.') },
})
const overrideRoute = createRoute({
  method: 'post',
  path: '/api/v1/communities/{community}/programs/{program}/cohorts/{cohort}/selection/decisions/{application}/override',
  tags,
  summary: 'Override one decision with a written reason',
  security: signedIn,
  request: { params: DecisionParams, body: { content: { 'application/json': { schema: z.object({ outcome: z.string(), reason: z.string() }).openapi('SelectionOverride') } }, required: true } },
  responses: { 200: json(SelectionSchema, 'The selection after the override (audited).'), ...authProblems, 403: managerOnly, 404: problem('No such cohort or decision.'), 409: problem('The selection is locked or has not been run.'), 422: problem('No written reason, an unknown outcome, or “selected” while every seat is taken.') },
})

/** The selection endpoints of the JSON API (/api/v1/…/selection), for program managers' scripts. */
export function selectionApiRoutes(deps: AppDeps) {
  const api = new OpenAPIHono<ApiEnv & { Variables: { cohortId: string } }>({ defaultHook: validationHook(deps) })
  api.onError(problemErrorHandler(deps))
  const authenticated = requireCaller(deps) as unknown as MiddlewareHandler
  const limitBody = bodyLimit({ maxSize: 64 * 1024, onError: (c) => problemResponse(c, deps, 'payload-too-large', 'Request bodies are limited to 64 KB.') })
  const manages: MiddlewareHandler<ApiEnv & { Variables: { cohortId: string } }> = async (c, next) => {
    const caller = c.get('caller')!
    const found = await findProgram(deps.db, c.req.param('community') ?? '', c.req.param('program') ?? '')
    if (!found) throw new AppError('not_found', 'There is no such program.')
    const roles = await deps.db.select({ communityId: roleGrants.communityId, role: roleGrants.role }).from(roleGrants).where(eq(roleGrants.personId, caller.personId))
    if (!hasRole({ ...caller, roles, sessionHash: '' }, 'program_manager', found.community.id)) throw new AppError('forbidden', `You do not manage the programs of ${found.community.name}.`)
    const [cohort] = await deps.db.select({ id: cohorts.id }).from(cohorts).where(and(eq(cohorts.programId, found.program.id), eq(cohorts.slug, c.req.param('cohort') ?? '')))
    if (!cohort) throw new AppError('not_found', 'There is no such cohort.')
    c.set('cohortId', cohort.id)
    await next()
  }
  const guards = [authenticated, limitBody, manages] as MiddlewareHandler[]

  /** The stored selection in the API's shape. */
  async function stored(cohortId: string, locale: 'en' | 'zh-CN') {
    const [selection, rows] = await Promise.all([findSelection(deps.db, cohortId), cohortDecisions(deps.db, cohortId)])
    return {
      status: selection?.status ?? ('none' as const),
      lockedAt: selection?.lockedAt?.toISOString() ?? null,
      saved: Boolean(selection),
      constraints: (selection?.constraints as Record<string, unknown> | undefined) ?? null,
      totalScore: selection?.totalScore ?? null,
      proven: selection?.proven ?? true,
      notes: describeInfeasibility(locale, selection?.infeasibility ?? null),
      decisions: rows.map((d) => ({ applicationId: d.applicationId, personId: d.personId, name: d.displayName, outcome: d.outcome, rank: d.rank, waitlistPosition: d.waitlistPosition, score: d.score, explanation: explain(locale, d.explanation), overrideReason: d.overrideReason })),
    }
  }

  api.openapi({ ...getRoute, middleware: guards }, async (c) => c.json(await stored(c.get('cohortId'), c.get('locale')), 200))

  api.openapi({ ...runRoute, middleware: guards }, async (c) => {
    const { dryRun, ...input } = c.req.valid('json')
    const cohortId = c.get('cohortId')
    const [cohort] = await deps.db.select({ seats: cohorts.seats }).from(cohorts).where(eq(cohorts.id, cohortId))
    const run = await runSelection(deps.db, cohortId, { ...input, seats: input.seats ?? cohort!.seats }, c.get('caller')!.personId, { dryRun: dryRun === true })
    if (run.saved) return c.json(await stored(cohortId, c.get('locale')), 200)
    const locale = c.get('locale')
    const selection = await findSelection(deps.db, cohortId)
    return c.json(
      {
        status: selection?.status ?? ('none' as const),
        lockedAt: null,
        saved: false,
        constraints: { ...run.constraints } as Record<string, unknown>,
        totalScore: run.result.totalScore,
        proven: run.result.proven,
        notes: describeInfeasibility(locale, run.result.infeasibility, run.result.loweredMinimums),
        decisions: run.decisions.map((d) => ({ applicationId: d.applicationId, personId: d.personId, name: d.displayName, outcome: d.outcome, rank: d.rank, waitlistPosition: d.waitlistPosition, score: d.score, explanation: explain(locale, d.explanation), overrideReason: null })),
      },
      200,
    )
  })

  api.openapi({ ...overrideRoute, middleware: guards }, async (c) => {
    const { application } = c.req.valid('param')
    await overrideDecision(deps.db, c.get('cohortId'), application, c.req.valid('json'), c.get('caller')!.personId)
    return c.json(await stored(c.get('cohortId'), c.get('locale')), 200)
  })

  return api
}
