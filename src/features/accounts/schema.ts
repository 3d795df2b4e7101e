import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { people } from '../people/schema.ts'
import { communities } from '../programs/schema.ts'

/** A way a person proves who they are: a verified email, a GitHub account, an OpenID Connect subject. */
export const identities = pgTable(
  'identities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** "email", "github", or "oidc:<issuer URL>". */
    provider: text('provider').notNull(),
    /** Stable id at the provider: the lower-cased email, GitHub's numeric user id, the OIDC `sub`. */
    subject: text('subject').notNull(),
    /** GitHub login or preferred username, as the provider last reported it. */
    login: text('login'),
    email: text('email'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('identities_provider_subject').on(t.provider, t.subject), index('identities_person').on(t.personId)],
)

/** A signed-in browser. Only the SHA-256 of the cookie's token is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_person').on(t.personId)],
)

/** A one-time sign-in link sent by email: SHA-256 of the token, single use, short-lived. */
export const signInTokens = pgTable(
  'sign_in_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    email: text('email').notNull(),
    /** Where to go after signing in (a path on this site). */
    next: text('next').notNull().default('/'),
    /**
     * Set when a signed-in person asked to add this address to their account: redeeming the link proves the
     * address and connects it to that person (instead of signing in whoever has it).
     */
    personId: uuid('person_id').references(() => people.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('sign_in_tokens_email').on(t.email, t.createdAt)],
)

/** The roles a person can hold in a community (or, for admin, on the whole deployment). */
export const roleNames = ['admin', 'program_manager', 'reviewer', 'ambassador', 'applicant'] as const
/** One of roleNames. */
export type RoleName = (typeof roleNames)[number]

/** A role held by a person; community null means deployment-wide (admins). */
export const roleGrants = pgTable(
  'role_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id').references(() => communities.id, { onDelete: 'cascade' }),
    role: text('role', { enum: roleNames }).notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('role_grants_unique').on(t.personId, sql`coalesce(${t.communityId}, '00000000-0000-0000-0000-000000000000'::uuid)`, t.role)],
)

/** Fixed-window counters shared by every process (sign-in links per address and per IP, public forms). */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  count: integer('count').notNull(),
})

/** What a personal access token may do: `read` only GET (and HEAD) requests; `write` whatever its owner may do. */
export const tokenScopes = ['read', 'write'] as const
/** One of tokenScopes. */
export type TokenScope = (typeof tokenScopes)[number]

/** A personal access token for scripts using the JSON API; only its SHA-256 is stored, shown once at creation. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** Tokens made before scopes existed became `write` (migration 0029), so no script lost its rights. */
    scope: text('scope', { enum: tokenScopes }).notNull().default('read'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_person').on(t.personId), check('api_tokens_scope', sql`${t.scope} in ('read', 'write')`)],
)
