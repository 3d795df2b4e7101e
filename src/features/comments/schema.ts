import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { communities } from '../programs/schema.ts'
import { people } from '../people/schema.ts'

/** A public comment on a program page or an announcement; replies are one level deep. */
export const comments = pgTable(
  'comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    /** What is commented on: a program or an announcement, by id. */
    targetKind: text('target_kind', { enum: ['program', 'announcement'] }).notNull(),
    targetId: uuid('target_id').notNull(),
    /** The top-level comment this one answers (never a reply itself). */
    parentId: uuid('parent_id'),
    authorName: text('author_name').notNull(),
    /** Private: never published, shown to moderators only. */
    authorEmail: text('author_email').notNull(),
    bodyMd: text('body_md').notNull(),
    status: text('status', { enum: ['held', 'published', 'hidden'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    moderatedBy: uuid('moderated_by').references(() => people.id, { onDelete: 'set null' }),
    moderatedAt: timestamp('moderated_at', { withTimezone: true }),
  },
  (t) => [index('comments_target').on(t.targetKind, t.targetId, t.status, t.createdAt), index('comments_queue').on(t.communityId, t.status, t.createdAt)],
)

/** Addresses whose comments a moderator approved once: their later comments are published at once. */
export const approvedCommenters = pgTable(
  'approved_commenters',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    /** Lower-cased address. */
    email: text('email').notNull(),
    approvedBy: uuid('approved_by').references(() => people.id, { onDelete: 'set null' }),
    approvedAt: timestamp('approved_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.email] })],
)
