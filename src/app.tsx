import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { bodyLimit } from 'hono/body-limit'
import type { AppDeps } from './deps.ts'
import { AppError, inputErrorOf, statusOf } from './lib/errors.ts'
import { applyScript, stylesheet, stylesheetPath } from './ui/assets.ts'
import { ErrorPage } from './ui/layout.tsx'
import { isMessageKey, t } from './ui/i18n.ts'
import { renderDocument, requestLocale } from './ui/respond.ts'
import { rememberRequestUrl } from './ui/request-url.ts'
import { programRoutes } from './features/programs/routes.tsx'
import { peopleRoutes } from './features/people/routes.tsx'
import { accountRoutes } from './features/accounts/routes.tsx'
import { privacyRoutes } from './features/privacy/routes.tsx'
import { apiRateLimit } from './features/api/rate-limit.ts'
import { problemResponse } from './features/api/problems.ts'
import { wellFormedJson } from './features/api/well-formed.ts'
import { adminRoutes } from './features/admin/routes.tsx'
import { adminOnboardingRoutes } from './features/admin/onboarding-routes.tsx'
import { adminProgramRoutes } from './features/admin/program-routes.tsx'
import { adminRoleRoutes } from './features/admin/role-routes.tsx'
import { adminFormRoutes } from './features/admin/form-routes.tsx'
import { identityRoutes } from './features/contributions/routes.tsx'
import { applicationRoutes } from './features/applications/routes.tsx'
import { apiRoutes } from './features/api/routes.tsx'
import { selectionRoutes } from './features/selection/routes.tsx'
import { reviewRoutes } from './features/reviews/routes.tsx'
import { manageReviewRoutes } from './features/reviews/manage-routes.tsx'
import { communicationRoutes } from './features/communications/routes.tsx'
import { inboxRoutes } from './features/inbox/routes.tsx'
import { commentRoutes } from './features/comments/routes.tsx'
import { feedRoutes } from './features/communications/feeds/routes.ts'
import { communityRoutes } from './features/community/routes.tsx'
import { credentialRoutes } from './features/credentials/routes.tsx'
import { adminCredentialRoutes } from './features/credentials/admin-routes.tsx'
import { certificateRoutes } from './features/credentials/certificates/routes.ts'
import { announcementRoutes } from './features/announcements/routes.tsx'
import { adminAnnouncementRoutes } from './features/announcements/admin-routes.tsx'
import { membershipRoutes } from './features/memberships/routes.tsx'
import { webhookRoutes } from './features/webhooks/routes.tsx'

const titles: Record<number, string> = { 400: 'Bad request', 401: 'Sign-in required', 403: 'Not allowed', 404: 'Page not found', 409: 'Conflict', 413: 'Too large', 422: 'Please check the form', 429: 'Too many requests', 503: 'Unavailable' }

/** Largest request body accepted on routes without a limit of their own. */
const MAX_REQUEST_BYTES = 1024 * 1024
/** Routes that take uploads (baked badges, raw inbound mail) and enforce their own limits. */
const OWN_LIMIT = /^\/(credentials\/verify|api\/inbound\/)/

/** Whether the client asked for JSON (API routes and JSON clients get RFC 9457 problem details). */
function wantsJson(path: string, accept: string | undefined): boolean {
  return path.startsWith('/api/') || (accept?.includes('application/json') === true && !accept.includes('text/html'))
}

/** Builds the web application around its dependencies; no I/O happens here. */
export function createApp(deps: AppDeps) {
  const app = new Hono()

  app.use(requestId())
  app.use(rememberRequestUrl)
  app.use(async (c, next) => {
    const started = performance.now()
    await next()
    deps.logger.info(
      { reqId: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - started) * 10) / 10 },
      'request',
    )
  })
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // Sign-in buttons post to us and we redirect to the provider: Chromium applies form-action to that redirect.
        formAction: ["'self'", ...[deps.config.github?.baseUrl, deps.config.oidc?.issuer].flatMap((u) => (u ? [new URL(u).origin] : []))],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'strict-origin-when-cross-origin',
      crossOriginEmbedderPolicy: false,
    }),
  )

  // One cap on request bodies for every route; the two upload routes check their own, larger limits.
  const capBody = bodyLimit({
    maxSize: MAX_REQUEST_BYTES,
    onError: (c) => {
      const message = `The request is larger than ${MAX_REQUEST_BYTES / 1024 / 1024} MB; nothing was saved.`
      if (c.req.path.startsWith('/api/')) return problemResponse(c, deps, 'payload-too-large', message)
      throw new AppError('too_large', message, {}, { key: 'error.tooLarge', vars: { mb: MAX_REQUEST_BYTES / 1024 / 1024 } })
    },
  })
  // GET and HEAD carry no body; asking for one would make the Node adapter build a full Request object
  // (with an AbortSignal) for every page view, a tenth of a cached page's cost.
  app.use((c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' || OWN_LIMIT.test(c.req.path) ? next() : capBody(c, next)))

  app.use('/api/v1/*', apiRateLimit(deps))
  app.use('/api/v1/*', wellFormedJson(deps))

  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  app.get('/readyz', async (c) => {
    try {
      await deps.database.ping()
      return c.json({ status: 'ready', database: deps.database.engine })
    } catch (err) {
      deps.logger.warn({ err }, 'readiness check failed')
      return c.json({ status: 'unavailable', database: deps.database.engine, reason: 'database unreachable' }, 503)
    }
  })
  app.get(stylesheetPath, (c) =>
    c.body(stylesheet, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=31536000, immutable' }),
  )

  app.get('/assets/apply.js', (c) =>
    c.body(applyScript, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=300' }),
  )

  app.route('/', programRoutes(deps))
  app.route('/', peopleRoutes(deps))
  app.route('/', accountRoutes(deps))
  app.route('/', privacyRoutes(deps))
  app.route('/', adminRoutes(deps))
  // Before adminProgramRoutes: `/admin/c/:community/programs/new` is not a program called "new".
  app.route('/', adminOnboardingRoutes(deps))
  app.route('/', adminProgramRoutes(deps))
  app.route('/', adminRoleRoutes(deps))
  app.route('/', adminFormRoutes(deps))
  app.route('/', identityRoutes(deps))
  app.route('/', applicationRoutes(deps))
  app.route('/', apiRoutes(deps))
  app.route('/', selectionRoutes(deps))
  app.route('/', reviewRoutes(deps))
  app.route('/', manageReviewRoutes(deps))
  app.route('/', communicationRoutes(deps))
  app.route('/', inboxRoutes(deps))
  app.route('/', commentRoutes(deps))
  app.route('/', feedRoutes(deps))
  app.route('/', communityRoutes(deps))
  app.route('/', credentialRoutes(deps))
  app.route('/', adminCredentialRoutes(deps))
  app.route('/', certificateRoutes(deps))
  app.route('/', announcementRoutes(deps))
  app.route('/', adminAnnouncementRoutes(deps))
  app.route('/', membershipRoutes(deps))
  app.route('/', webhookRoutes(deps))

  app.notFound(async (c) => {
    if (wantsJson(c.req.path, c.req.header('accept'))) {
      return c.json({ type: 'about:blank', title: 'Not Found', status: 404, detail: `No route for ${c.req.path}` }, 404, {
        'Content-Type': 'application/problem+json',
      })
    }
    const locale = requestLocale(c)
    return c.html(await renderDocument(<ErrorPage status={404} locale={locale} message={t(locale, 'error.noPage')} />), 404)
  })

  app.onError(async (thrown, c) => {
    const err = inputErrorOf(thrown) ?? thrown
    const known = err instanceof AppError
    // Hono's own refusals (malformed bodies and the like) carry their status; they are the client's fault.
    const httpStatus = err instanceof HTTPException ? err.status : undefined
    const status = known ? statusOf[err.code] : (httpStatus ?? 500)
    if (!known && !httpStatus) deps.logger.error({ err, reqId: c.get('requestId'), path: c.req.path }, 'unhandled error')
    // Pages answer in the visitor's language. Problem titles stay English (programs match on them); a detail a
    // route wrote is in the language the request asked for, as a human-readable detail may be (RFC 9457).
    const locale = wantsJson(c.req.path, c.req.header('accept')) ? 'en' : requestLocale(c)
    const message = known
      ? err.say && isMessageKey(err.say.key)
        ? t(locale, err.say.key, err.say.vars)
        : err.message
      : t(locale, httpStatus && httpStatus < 500 ? 'error.unreadable' : 'error.server')
    if (wantsJson(c.req.path, c.req.header('accept'))) {
      return c.json(
        { type: 'about:blank', title: titles[status] ?? 'Internal Server Error', status, detail: message, ...(known && Object.keys(err.fields).length ? { errors: err.fields } : {}) },
        status,
        { 'Content-Type': 'application/problem+json' },
      )
    }
    return c.html(await renderDocument(<ErrorPage status={status} locale={locale} message={message} />), status)
  })

  return app
}
