import { OpenAPIHono, createRoute } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { callerOf, requireCaller, type ApiEnv } from './auth.ts'
import { authProblems, json, problem, signedIn } from './openapi-parts.ts'
import { CreatedTokenSchema, MeSchema, NewTokenSchema, TokenListSchema, TokenParams } from './schemas.ts'
import { DEFAULT_TOKEN_DAYS, createApiToken, listApiTokens, revokeApiToken } from './tokens.ts'

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

/** Who you are and your personal access tokens, in the order the OpenAPI document lists them. */
export const accountRoutesInOrder = [meRoute, createTokenRoute, listTokensRoute, revokeTokenRoute]

/** Adds the account operations (me, tokens) to the API. */
export function addAccountRoutes(api: OpenAPIHono<ApiEnv>, deps: AppDeps, { authenticated, limitBody }: { authenticated: MiddlewareHandler<ApiEnv>; limitBody: MiddlewareHandler }) {
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
}
