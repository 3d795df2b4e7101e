import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/**
 * The durable job queue: emails to send in bulk, imports, issuance, announcements. A job is stored once per
 * idempotency key and delivered at least once; handlers are idempotent, so a repeat has no second effect.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Which handler runs it (a key of jobHandlers). */
    kind: text('kind').notNull(),
    /** Enqueueing the same key again gives the same job (e.g. `announce:<cohort id>`). */
    key: text('key').notNull().unique(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status', { enum: ['pending', 'running', 'done', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(8),
    /** Not before this instant; after a failure, when the next attempt is due. */
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    /** While running: until when the claiming process holds it; a lease that ran out means the process died. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lockedBy: text('locked_by'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('jobs_due').on(t.status, t.runAt), index('jobs_kind').on(t.kind, t.status)],
)
