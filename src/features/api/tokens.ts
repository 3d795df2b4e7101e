import { and, count, desc, eq, gt, isNull, lt, or } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { isUuid } from '../../lib/ids.ts'
import { randomToken, sha256 } from '../../lib/secrets.ts'
import { apiTokens, type TokenScope } from '../accounts/schema.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { people } from '../people/schema.ts'

/** Every personal access token starts with this, so secret scanners and people can recognise one. */
export const TOKEN_PREFIX = 'emb_'
/** Lifetime of a token when none is asked for. */
export const DEFAULT_TOKEN_DAYS = 90
/** Longest lifetime a token may be given. */
export const MAX_TOKEN_DAYS = 3650
/** Most tokens (not revoked, not expired) one person may hold. */
export const MAX_ACTIVE_TOKENS = 50
/** `lastUsedAt` is written at most this often per token, so reading scripts do not turn into writes. */
const LAST_USED_RESOLUTION_MS = 60_000

/** The person behind a valid token. */
export interface TokenOwner {
  tokenId: string
  personId: string
  displayName: string
  handle: string
  email: string | null
  /** What the token may do: `read` allows only GET and HEAD requests. */
  scope: TokenScope
}

/** A token as its owner may list it: never its value. */
export type TokenListing = Pick<typeof apiTokens.$inferSelect, 'id' | 'name' | 'scope' | 'createdAt' | 'lastUsedAt' | 'expiresAt' | 'revokedAt'>

/**
 * Creates a token for a person; returns it in clear — the only time it exists outside the caller's hands.
 * Without a scope it may write, as every token could before scopes existed (the API's documented default).
 */
export async function createApiToken(deps: AppDeps, personId: string, name: string, expiresInDays: number | null, scope: TokenScope = 'write') {
  const now = deps.clock()
  const [active] = await deps.db
    .select({ n: count() })
    .from(apiTokens)
    .where(and(eq(apiTokens.personId, personId), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))))
  if ((active?.n ?? 0) >= MAX_ACTIVE_TOKENS) {
    throw new AppError('conflict', `You already hold ${MAX_ACTIVE_TOKENS} active tokens. Revoke some you no longer use first.`)
  }
  const token = `${TOKEN_PREFIX}${randomToken()}`
  const expiresAt = expiresInDays === null ? null : new Date(now.getTime() + expiresInDays * 86_400_000)
  const [row] = await deps.db
    .insert(apiTokens)
    .values({ personId, name, scope, tokenHash: sha256(token), createdAt: now, expiresAt })
    .returning({ id: apiTokens.id, name: apiTokens.name, scope: apiTokens.scope, createdAt: apiTokens.createdAt, expiresAt: apiTokens.expiresAt })
  await recordAudit(deps.db, { actor: personId, action: 'api_token.create', entity: 'api_token', entityId: row!.id, after: { name, scope, expiresAt } })
  return { ...row!, token }
}

/** The owner of a token that exists, is not revoked and has not expired; records its use. */
export async function authenticateToken(deps: AppDeps, token: string): Promise<TokenOwner | undefined> {
  if (token.length > 200) return undefined
  const now = deps.clock()
  const [row] = await deps.db
    .select({ tokenId: apiTokens.id, scope: apiTokens.scope, lastUsedAt: apiTokens.lastUsedAt, personId: people.id, displayName: people.displayName, handle: people.handle, email: people.email })
    .from(apiTokens)
    .innerJoin(people, eq(people.id, apiTokens.personId))
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))))
    .limit(1)
  if (!row) return undefined
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await deps.db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, row.tokenId), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS)))))
  }
  const { lastUsedAt: _l, ...owner } = row
  return owner
}

/** A person's tokens, newest first, without their values. */
export async function listApiTokens(deps: AppDeps, personId: string): Promise<TokenListing[]> {
  return deps.db
    .select({ id: apiTokens.id, name: apiTokens.name, scope: apiTokens.scope, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, expiresAt: apiTokens.expiresAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.personId, personId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
}

/** Revokes one of a person's tokens (again is fine); someone else's token, or none, is "not found". */
export async function revokeApiToken(deps: AppDeps, personId: string, tokenId: string): Promise<void> {
  const notFound = new AppError('not_found', 'You have no token with this id.')
  if (!isUuid(tokenId)) throw notFound
  const now = deps.clock()
  const [row] = await deps.db
    .select({ id: apiTokens.id, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.personId, personId)))
  if (!row) throw notFound
  if (row.revokedAt) return
  await deps.db.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
  await recordAudit(deps.db, { actor: personId, action: 'api_token.revoke', entity: 'api_token', entityId: tokenId })
}
