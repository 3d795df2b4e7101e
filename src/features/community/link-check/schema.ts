import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { activities } from '../schema.ts'

/** What checking an activity's link found: it answers (ok), answers with an error status (broken), or cannot be reached. */
export const linkStatuses = ['ok', 'broken', 'unreachable'] as const
/** One of linkStatuses. */
export type LinkStatus = (typeof linkStatuses)[number]

/** The last check of a logged activity's link (one row per activity, replaced by each check). */
export const activityLinkChecks = pgTable(
  'activity_link_checks',
  {
    activityId: uuid('activity_id')
      .primaryKey()
      .references(() => activities.id, { onDelete: 'cascade' }),
    status: text('status', { enum: linkStatuses }).notNull(),
    /** The HTTP status of the final response (after redirects); null when none came. */
    httpStatus: integer('http_status'),
    /** Why a link is unreachable (timeout, refused address, network error), for managers. */
    detail: text('detail'),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('activity_link_checks_status').on(t.status, t.checkedAt), index('activity_link_checks_checked').on(t.checkedAt)],
)
