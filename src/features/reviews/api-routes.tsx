import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { managedCohort as managedCohortOf } from '../api/managed-cohort.ts'
import { callerOf, requireCaller, type ApiEnv } from '../api/auth.ts'
import { authProblems, json, problem, signedIn } from '../api/openapi-parts.ts'
import { problemErrorHandler, validationHook } from '../api/problems.ts'
import { ProgramParams } from '../api/schemas.ts'
import { cohortScores } from './cohort-scores.ts'
import { reviewInput } from './forms.ts'
import { reviewerDashboard } from './queries.ts'
import { runAssignment } from './run-assignment.ts'
import { MAX_CAPACITY, setReviewerCapacity } from './reviewer-capacity.ts'
import { saveReview } from './save-review.ts'

const CohortParams = ProgramParams.extend({ cohort: z.string().min(1).max(40).openapi({ param: { name: 'cohort', in: 'path' }, example: '2023' }) })
const ApplicationParams = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })
const ReviewBody = reviewInput.openapi('ReviewInput', {
  description: 'Scores by criterion key (every criterion of the program, each a whole number within its scale), a private comment for the committee, optional feedback to the applicant.',
  example: { scores: { 'track-record': 4, location: 3, impact: 7 }, privateComment: 'Runs the Berlin meetup.', feedbackToApplicant: '' },
})
const SavedReview = z.object({ id: z.string(), created: z.boolean() }).openapi('SavedReview')
const AssignedList = z
  .object({ cohorts: z.array(z.object({ cohortId: z.string(), cohortTitle: z.string(), programName: z.string(), reviewsOpen: z.boolean(), applications: z.array(z.object({ applicationId: z.string(), label: z.string(), reviewed: z.boolean() })) })) })
  .openapi('ReviewAssignments')
const ScoreList = z
  .object({
    scores: z.array(z.object({ applicationId: z.string(), personId: z.string(), score: z.number().nullable(), normalisedScore: z.number().nullable(), reviewCount: z.number().int(), expectedReviews: z.number().int(), flags: z.array(z.enum(['missing_reviews', 'tie'])) })),
  })
  .openapi('CohortScores')
const AssignmentRunSchema = z
  .object({ k: z.number().int(), applications: z.number().int(), added: z.number().int(), conflictedRemoved: z.number().int(), shortfalls: z.array(z.object({ applicationId: z.string(), assigned: z.number().int(), wanted: z.number().int(), eligible: z.number().int(), atCapacity: z.number().int() })), capacity: z.object({ needed: z.number().int(), available: z.number().int().nullable() }), shortByCapacity: z.number().int(), dryRun: z.boolean() })
  .openapi('AssignmentRun')

const tags = ['Reviews']
const cohortBase = '/api/v1/communities/{community}/programs/{program}/cohorts/{cohort}'

const listRoute = createRoute({ method: 'get', path: '/api/v1/reviews', tags, summary: 'Your review assignments', description: 'The applications assigned to you for review, per cohort, with your progress (names hidden in blind review).', security: signedIn, responses: { 200: json(AssignedList, 'Your assignments.'), ...authProblems } })
const putRoute = createRoute({
  method: 'put',
  path: '/api/v1/applications/{id}/review',
  tags,
  summary: 'Save your review of an application',
  description: 'The same write path as the review form. Refused outside the review phase, when you have a conflict of interest with the application, when it is not assigned to you, or when the phase forbids changing saved scores.',
  security: signedIn,
  request: { params: ApplicationParams, body: { content: { 'application/json': { schema: ReviewBody } }, required: true } },
  responses: { 200: json(SavedReview, 'Saved.'), ...authProblems, 403: problem('Conflict of interest, or not assigned to you (or a missing X-CSRF-Token header with the session).'), 404: problem('No such submitted application.'), 409: problem('The review phase is not open, or scores may not change.'), 422: problem('Scores missing, unknown or outside their scale; see `errors`.') },
})
const scoresRoute = createRoute({ method: 'get', path: `${cohortBase}/scores`, tags, summary: 'Aggregated review scores', description: 'For program managers: every submitted application’s weighted mean (0–1), mean per-reviewer z-score, review counts and flags.', security: signedIn, request: { params: CohortParams }, responses: { 200: json(ScoreList, 'The scores.'), ...authProblems, 403: problem('You do not manage this program.'), 404: problem('No such cohort.') } })
const assignRoute = createRoute({
  method: 'post',
  path: `${cohortBase}/assignments`,
  tags,
  summary: 'Assign reviewers',
  description: 'For program managers: tops every submitted application up to k reviewers (the phase’s setting unless given), respecting conflicts and languages and balancing load. `dryRun` writes nothing.',
  security: signedIn,
  request: { params: CohortParams, body: { content: { 'application/json': { schema: z.object({ k: z.number().int().min(1).max(20).optional(), dryRun: z.boolean().optional() }).openapi('AssignmentRequest') } }, required: false } },
  responses: { 200: json(AssignmentRunSchema, 'What was (or would be) assigned.'), ...authProblems, 403: problem('You do not manage this program.'), 404: problem('No such cohort.') },
})

const ReviewerParams = CohortParams.extend({ person: z.uuid().openapi({ param: { name: 'person', in: 'path' } }) })
const CapacityBody = z
  .object({ maxAssignments: z.number().int().min(0).max(MAX_CAPACITY).nullable() })
  .openapi('ReviewerCapacity', { description: 'The most active assignments the reviewer may have in this cohort; null: unlimited.', example: { maxAssignments: 40 } })
const capacityRoute = createRoute({
  method: 'put',
  path: `${cohortBase}/reviewers/{person}/capacity`,
  tags,
  summary: 'Set a reviewer’s capacity',
  description: 'For program managers: automatic assignment never gives the reviewer more active assignments in this cohort than this (existing ones stay if it is lowered); a manual assignment beyond it must be confirmed.',
  security: signedIn,
  request: { params: ReviewerParams, body: { content: { 'application/json': { schema: CapacityBody } }, required: true } },
  responses: { 200: json(CapacityBody, 'Saved.'), ...authProblems, 403: problem('You do not manage this program.'), 404: problem('No such cohort, or the person is not one of its reviewers.'), 422: problem('Not a whole number from 0 to 100,000 or null.') },
})

/** The review API: reviewers list their assignments and save reviews; managers assign and read scores. */
export function reviewApiRoutes(deps: AppDeps) {
  const api = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook(deps) })
  api.onError(problemErrorHandler(deps))
  const authenticated = requireCaller(deps)

  const managedCohort = (personId: string, params: z.infer<typeof CohortParams>) => managedCohortOf(deps.db, personId, params)

  api.openapi({ ...listRoute, middleware: [authenticated] }, async (c) => {
    const now = deps.clock().getTime()
    const cohorts = await reviewerDashboard(deps.db, callerOf(c).personId)
    return c.json(
      { cohorts: cohorts.map(({ phase, ...rest }) => ({ ...rest, reviewsOpen: Boolean(phase && phase.opensAt.getTime() <= now && now < phase.closesAt.getTime()) })) },
      200,
    )
  })

  api.openapi({ ...putRoute, middleware: [authenticated] }, async (c) => {
    const body = c.req.valid('json')
    const saved = await saveReview(deps, { reviewer: callerOf(c).personId, application: c.req.valid('param').id, ...body, locale: c.get('locale') })
    return c.json(saved, 200)
  })

  api.openapi({ ...scoresRoute, middleware: [authenticated] }, async (c) => {
    const found = await managedCohort(callerOf(c).personId, c.req.valid('param'))
    return c.json({ scores: await cohortScores(deps.db, found.cohort.id) }, 200)
  })

  api.openapi({ ...assignRoute, middleware: [authenticated] }, async (c) => {
    const caller = callerOf(c)
    const found = await managedCohort(caller.personId, c.req.valid('param'))
    const body = c.req.valid('json') ?? {}
    const run = await runAssignment(deps, found.cohort.id, { k: body.k, dryRun: body.dryRun, actor: caller.personId })
    return c.json({ k: run.k, applications: run.applications, added: run.added.length, conflictedRemoved: run.conflictedRemoved.length, shortfalls: run.shortfalls.map(({ applicant: _a, ...s }) => s), capacity: run.capacity, shortByCapacity: run.shortByCapacity, dryRun: run.dryRun }, 200)
  })

  api.openapi({ ...capacityRoute, middleware: [authenticated] }, async (c) => {
    const caller = callerOf(c)
    const params = c.req.valid('param')
    const found = await managedCohort(caller.personId, params)
    const { maxAssignments } = c.req.valid('json')
    await setReviewerCapacity(deps, { cohortId: found.cohort.id, reviewerPersonId: params.person, maxAssignments, actor: caller.personId })
    return c.json({ maxAssignments }, 200)
  })

  return api
}
