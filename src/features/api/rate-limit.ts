import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { AppDeps } from '../../deps.ts'
import { sha256 } from '../../lib/secrets.ts'
import { allowAttempt } from '../accounts/rate-limit.ts'
import { clientIp } from '../accounts/routes.tsx'
import { problemResponse } from './problems.ts'

const WINDOW_SECONDS = 60

/**
 * Limits API requests per caller and minute (API_RATE_LIMIT_PER_MINUTE), counted in the database so the limit
 * holds across processes: per token, else per session, else per client address. Over the limit: a 429 problem
 * with Retry-After.
 */
export function apiRateLimit(deps: AppDeps): MiddlewareHandler {
  return async (c, next) => {
    const limit = deps.config.apiRateLimitPerMinute
    if (limit <= 0) return next()
    const bearer = /^Bearer[ \t]+(\S+)/i.exec(c.req.header('authorization') ?? '')?.[1]
    const session = getCookie(c, 'embassy_session')
    const who = bearer ? `token:${sha256(bearer)}` : session ? `session:${sha256(session)}` : `ip:${clientIp(c)}`
    if (!(await allowAttempt(deps.db, `api:${who}`, limit, WINDOW_SECONDS, deps.clock()))) {
      return problemResponse(c, deps, 'rate-limited', `At most ${limit} API requests a minute; try again in a minute.`, { headers: { 'Retry-After': String(WINDOW_SECONDS) } })
    }
    await next()
  }
}
