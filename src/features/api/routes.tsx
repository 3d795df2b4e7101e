import { OpenAPIHono } from '@hono/zod-openapi'
import { reviewApiRoutes } from '../reviews/api-routes.tsx'
import { selectionApiRoutes } from '../selection/api-routes.tsx'
import { announcementApiRoutes } from '../announcements/api-routes.tsx'
import { bodyLimit } from 'hono/body-limit'
import type { AppDeps } from '../../deps.ts'
import { requireCaller, type ApiEnv } from './auth.ts'
import { accountRoutesInOrder, addAccountRoutes } from './account-routes.tsx'
import { addApplicationRoutes, applicationRoutesInOrder } from './application-routes.tsx'
import { configApiRoutes, configRoutesInOrder } from './config-routes.tsx'
import { onboardingApiRoutes, onboardingRoutesInOrder } from './onboarding-routes.tsx'
import { DocsPage } from './docs-page.tsx'
import { problemErrorHandler, problemResponse, validationHook } from './problems.ts'
import { addProgramRoutes, programRoutesInOrder } from './program-routes.tsx'

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
      { name: 'Onboarding', description: 'For site admins: a new community with its programs; for a community’s program managers (and admins): a new program.' },
    ],
  }
}

const routesInOrder = [...programRoutesInOrder, ...accountRoutesInOrder, ...applicationRoutesInOrder, ...configRoutesInOrder, ...onboardingRoutesInOrder]

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

  // Registered in the order the OpenAPI document lists them.
  addProgramRoutes(api, deps)
  addAccountRoutes(api, deps, { authenticated, limitBody })
  addApplicationRoutes(api, deps, { authenticated, limitBody })

  api.route('/', configApiRoutes(deps, { authenticated, limitBody }))
  api.route('/', onboardingApiRoutes(deps, { authenticated, limitBody }))
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
