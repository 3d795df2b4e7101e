import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { programs } from '../programs/schema.ts'
import { people } from '../people/schema.ts'

/** Every email Embassy sends, written before it is sent: the outbox admins can read and the mailer works from. */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** A retry with the same key is the same message: it is stored and sent once. */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    /** Display name of the sender (a program's name); the address stays MAIL_FROM's. */
    fromName: text('from_name'),
    /** Where replies go (the program inbox), when not to the sender. */
    replyTo: text('reply_to'),
    /** Message-ID this one answers (inbox replies thread in the recipient's client). */
    inReplyTo: text('in_reply_to'),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    /** Transactional mail (sign-in links, receipts) or notices people can opt out of. */
    category: text('category', { enum: ['transactional', 'notice'] }).notNull().default('transactional'),
    /** "stored" when no SMTP server is configured: the outbox is the delivery; "suppressed": a notice to someone who unsubscribed. */
    status: text('status', { enum: ['pending', 'sent', 'failed', 'stored', 'suppressed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** When the mailer may try again after a failure (exponential backoff). */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('outbox_messages_due').on(t.status, t.nextAttemptAt), index('outbox_messages_to').on(t.toAddress, t.createdAt)],
)

/** A program's own wording of a mail template in one language; without a row, the template in code is used. */
export const mailTemplateOverrides = pgTable(
  'mail_template_overrides',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    /** A key of the template catalogue (src/features/communications/templates/catalogue.ts). */
    template: text('template').notNull(),
    locale: text('locale').notNull(),
    subject: text('subject').notNull(),
    /** Markdown with {{variables}}: the plain-text part as written, the HTML part rendered from it. */
    body: text('body').notNull(),
    updatedBy: uuid('updated_by').references(() => people.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('mail_template_overrides_key').on(t.programId, t.template, t.locale)],
)

/** What an address agreed to receive; notices are sent unless it opted out (transactional mail always is). */
export const mailPreferences = pgTable('mail_preferences', {
  /** Lower-cased address. */
  address: text('address').primaryKey(),
  notices: boolean('notices').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})
