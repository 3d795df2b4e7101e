import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/** Every email Embassy sends, written before it is sent: the outbox admins can read and the mailer works from. */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** A retry with the same key is the same message: it is stored and sent once. */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    /** Transactional mail (sign-in links, receipts) or notices people can opt out of. */
    category: text('category', { enum: ['transactional', 'notice'] }).notNull().default('transactional'),
    /** "stored" when no SMTP server is configured: the outbox is the delivery. */
    status: text('status', { enum: ['pending', 'sent', 'failed', 'stored'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** When the mailer may try again after a failure (exponential backoff). */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('outbox_messages_due').on(t.status, t.nextAttemptAt), index('outbox_messages_to').on(t.toAddress, t.createdAt)],
)
