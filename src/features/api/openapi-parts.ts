import type { z } from '@hono/zod-openapi'
import { ProblemSchema } from './schemas.ts'

/** Building blocks of the API's route definitions (shared by routes.tsx and config-routes.tsx). */

/** A JSON response of `schema`. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description })
/** A problem details response. */
export const problem = (description: string) => ({ content: { 'application/problem+json': { schema: ProblemSchema } }, description })
/** The 401 of every operation that needs a caller. */
export const authProblems = { 401: problem('No credentials, or an unknown, revoked or expired token (with a `WWW-Authenticate: Bearer` challenge).') }
/** Security of operations that take a token or the session. */
export const signedIn: Record<string, string[]>[] = [{ bearerAuth: [] }, { sessionCookie: [] }]
