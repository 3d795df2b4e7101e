import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { programs } from '../programs/schema.ts'
import { people } from '../people/schema.ts'

/** What a webhook is told about. `test` is the managers' "send test". */
export const webhookEvents = ['application.submitted', 'announcement.published', 'activity.logged', 'test'] as const
export type WebhookEvent = (typeof webhookEvents)[number]

/** An outgoing webhook of a program: where events are POSTed, in which shape, signed with its secret. */
export const programWebhooks = pgTable(
  'program_webhooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /** `slack`: {"text": …} (Slack, Mattermost, Rocket.Chat, Zulip's Slack endpoint); `generic`: the event as JSON. */
    kind: text('kind', { enum: ['slack', 'generic'] }).notNull(),
    /** The HMAC secret, sealed under SECRET_KEY (lib/sealed.ts); shown once when the webhook is added. */
    secretSealed: text('secret_sealed').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: uuid('created_by').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('program_webhooks_program').on(t.programId)],
)

/** One event to deliver to one webhook: its payload and the outcome of the last attempt (visible to managers). */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => programWebhooks.id, { onDelete: 'cascade' }),
    event: text('event', { enum: webhookEvents }).notNull(),
    /** The event's own id (application, cohort, activity): one delivery per webhook and event. */
    eventKey: text('event_key').notNull(),
    /** What happened, without personal data: titles, ids and paths under BASE_URL. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed', 'skipped'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('webhook_deliveries_once').on(t.webhookId, t.event, t.eventKey), index('webhook_deliveries_recent').on(t.webhookId, t.createdAt)],
)
