import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { programs } from '../programs/schema.ts'
import { people } from '../people/schema.ts'
import type { TriageRules } from './triage.ts'

/** A program's inbox policy and its own triage rules (added to the defaults). */
export const inboxSettings = pgTable('inbox_settings', {
  programId: uuid('program_id')
    .primaryKey()
    .references(() => programs.id, { onDelete: 'cascade' }),
  /** The policy quoted in replies to commercial messages. */
  policyText: text('policy_text').notNull().default(''),
  /** Where commercial inquiries should go instead (a URL or an address). */
  elsewhere: text('elsewhere').notNull().default(''),
  rules: jsonb('rules').$type<Partial<TriageRules>>().notNull().default({}),
  updatedBy: uuid('updated_by').references(() => people.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

/** A message to a program: from its contact form or delivered by mail (the inbound webhook). Never deleted. */
export const inboxMessages = pgTable(
  'inbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    source: text('source', { enum: ['form', 'email'] }).notNull(),
    /** The mail's Message-ID: a webhook delivered twice stores one message. */
    externalId: text('external_id'),
    fromName: text('from_name').notNull(),
    /** Private: shown to the program's managers only. */
    fromAddress: text('from_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    triage: text('triage', { enum: ['open_source', 'commercial', 'spam'] }).notNull(),
    /** Why triage filed it where it did (phrases, sender patterns, links, a manager's correction). */
    triageReasons: jsonb('triage_reasons').$type<string[]>().notNull(),
    status: text('status', { enum: ['open', 'waiting', 'closed'] }).notNull().default('open'),
    assigneeId: uuid('assignee_id').references(() => people.id, { onDelete: 'set null' }),
    /** The outbox message that answered a commercial message with the policy. */
    policyReplyId: uuid('policy_reply_id'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('inbox_messages_external').on(t.programId, t.externalId),
    index('inbox_messages_folder').on(t.programId, t.triage, t.status, t.receivedAt),
    index('inbox_messages_sender').on(t.programId, t.fromAddress),
  ],
)

/** A manager's reply to an inbox message, sent through the outbox. */
export const inboxReplies = pgTable(
  'inbox_replies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inboxMessageId: uuid('inbox_message_id')
      .notNull()
      .references(() => inboxMessages.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => people.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    outboxId: uuid('outbox_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('inbox_replies_message').on(t.inboxMessageId, t.createdAt)],
)

/** A manager's correction of triage, kept as a labelled example (and used for later mail from the same sender). */
export const triageExamples = pgTable(
  'triage_examples',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    inboxMessageId: uuid('inbox_message_id').references(() => inboxMessages.id, { onDelete: 'set null' }),
    /** Lower-cased sender address. */
    senderAddress: text('sender_address').notNull(),
    fromLabel: text('from_label', { enum: ['open_source', 'commercial', 'spam'] }).notNull(),
    label: text('label', { enum: ['open_source', 'commercial', 'spam'] }).notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    createdBy: uuid('created_by').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('triage_examples_sender').on(t.programId, t.senderAddress, t.createdAt)],
)
