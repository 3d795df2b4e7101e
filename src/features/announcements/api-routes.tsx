import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { managedCohort as managedCohortOf } from '../api/managed-cohort.ts'
import { callerOf, requireCaller, type ApiEnv } from '../api/auth.ts'
import { authProblems, json, problem, signedIn } from '../api/openapi-parts.ts'
import { problemErrorHandler, validationHook } from '../api/problems.ts'
import { ProgramParams } from '../api/schemas.ts'
import { scheduleJson } from './forms.ts'
import { getAnnouncementStatus, getOffer, pendingOffersOf } from './queries.ts'
import { respondToOffer } from './respond-to-offer.ts'
import { scheduleAnnouncement } from './schedule-announcement.ts'

const CohortParams = ProgramParams.extend({ cohort: z.string().min(1).max(40).openapi({ param: { name: 'cohort', in: 'path' }, example: '2023' }) })
const OfferParams = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })

const AnnouncementSchema = z
  .object({
    scheduled: z.boolean(),
    scheduledFor: z.string().nullable(),
    respondBy: z.string().nullable(),
    publishedAt: z.string().nullable(),
    title: z.string().nullable(),
    offers: z.object({ pending: z.number().int(), confirmed: z.number().int(), declined: z.number().int(), expired: z.number().int() }),
  })
  .openapi('Announcement')
const OfferSchema = z.object({ id: z.string(), status: z.enum(['pending', 'confirmed', 'declined', 'expired']), respondBy: z.string(), membershipId: z.string().nullable() }).openapi('AcceptanceOffer')

const tags = ['Announcements']
const base = '/api/v1/communities/{community}/programs/{program}/cohorts/{cohort}/announcement'

const getRoute = createRoute({ method: 'get', path: base, tags, summary: 'Get a cohort’s announcement', description: 'For program managers: when it is (or was) sent, and the answers to the offers.', security: signedIn, request: { params: CohortParams }, responses: { 200: json(AnnouncementSchema, 'The announcement.'), ...authProblems, 403: problem('You do not manage this program.'), 404: problem('No such cohort.') } })
const postRoute = createRoute({
  method: 'post',
  path: base,
  tags,
  summary: 'Schedule a cohort’s announcement',
  description: 'Locks the selection, stores the announcement and enqueues the job that sends the decisions and publishes the page at `at` (default: the calendar’s announcement date, or now once it has passed; a past `at` or `respondBy` is refused). Once per cohort.',
  security: signedIn,
  request: { params: CohortParams, body: { content: { 'application/json': { schema: scheduleJson } }, required: false } },
  responses: { 201: json(AnnouncementSchema, 'Scheduled.'), ...authProblems, 403: problem('You do not manage this program.'), 404: problem('No such cohort.'), 409: problem('Already scheduled, or selection has not run.'), 422: problem('Invalid instants, or ones that have already passed.') },
})
const listOffersRoute = createRoute({ method: 'get', path: '/api/v1/offers', tags, summary: 'Your open offers', description: 'Places offered to you that wait for your answer.', security: signedIn, responses: { 200: json(z.object({ offers: z.array(z.object({ id: z.string(), cohortTitle: z.string(), respondBy: z.string() })) }), 'Your offers.'), ...authProblems } })
const answerRoute = (answer: 'confirm' | 'decline') =>
  createRoute({
    method: 'post',
    path: `/api/v1/offers/{id}/${answer}`,
    tags,
    summary: answer === 'confirm' ? 'Confirm your place' : 'Decline your place',
    description: answer === 'confirm' ? 'Starts your membership with the cohort’s term.' : 'Frees your place for the next on the waitlist. Cannot be undone.',
    security: signedIn,
    request: { params: OfferParams },
    responses: { 200: json(OfferSchema, 'The offer after your answer.'), ...authProblems, 404: problem('No such offer of yours.'), 409: problem('Already answered otherwise, or the deadline has passed.') },
  })

/** The announcement API: managers schedule and follow it; selected applicants answer their offers. */
export function announcementApiRoutes(deps: AppDeps) {
  const api = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook(deps) })
  api.onError(problemErrorHandler(deps))
  const authenticated = requireCaller(deps)

  const managedCohort = (personId: string, params: z.infer<typeof CohortParams>) => managedCohortOf(deps.db, personId, params)
  const statusJson = async (cohortId: string) => {
    const { announcement: a, offers } = await getAnnouncementStatus(deps.db, cohortId)
    return { scheduled: !!a, scheduledFor: a?.scheduledFor.toISOString() ?? null, respondBy: a?.respondBy.toISOString() ?? null, publishedAt: a?.publishedAt?.toISOString() ?? null, title: a?.title ?? null, offers }
  }

  api.openapi({ ...getRoute, middleware: [authenticated] }, async (c) => {
    const found = await managedCohort(callerOf(c).personId, c.req.valid('param'))
    return c.json(await statusJson(found.cohort.id), 200)
  })

  api.openapi({ ...postRoute, middleware: [authenticated] }, async (c) => {
    const caller = callerOf(c)
    const found = await managedCohort(caller.personId, c.req.valid('param'))
    const body = (c.req.valid('json') ?? {}) as z.infer<typeof scheduleJson>
    await scheduleAnnouncement(deps, {
      cohortId: found.cohort.id,
      actorPersonId: caller.personId,
      at: body.at ? new Date(body.at) : undefined,
      respondBy: body.respondBy ? new Date(body.respondBy) : undefined,
      title: body.title,
      introMd: body.introMd,
    })
    return c.json(await statusJson(found.cohort.id), 201)
  })

  api.openapi({ ...listOffersRoute, middleware: [authenticated] }, async (c) => {
    const offers = await pendingOffersOf(deps.db, callerOf(c).personId)
    return c.json({ offers: offers.map((o) => ({ id: o.id, cohortTitle: o.cohortTitle, respondBy: o.respondBy.toISOString() })) }, 200)
  })

  for (const answer of ['confirm', 'decline'] as const) {
    api.openapi({ ...answerRoute(answer), middleware: [authenticated] }, async (c) => {
      const caller = callerOf(c)
      const { id } = c.req.valid('param')
      const row = await getOffer(deps.db, id)
      if (!row || row.offer.personId !== caller.personId) throw new AppError('not_found', 'There is no such offer of yours.')
      const { offer } = await respondToOffer(deps, id, answer, { personId: caller.personId, actor: caller.personId })
      return c.json({ id: offer.id, status: offer.status, respondBy: offer.respondBy.toISOString(), membershipId: offer.membershipId }, 200)
    })
  }
  return api
}
