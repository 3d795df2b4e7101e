import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { applications } from '../applications/schema.ts'
import { people } from '../people/schema.ts'
import { cohorts } from '../programs/schema.ts'
import { memberships } from '../memberships/schema.ts'

// A required instant (every instant is stored in UTC).
function timestamptz(name: string) {
  return timestamp(name, { withTimezone: true }).notNull()
}

/**
 * A cohort's announcement: scheduled once (the unique cohort makes announcing twice impossible), sent by the
 * `announce` job at `scheduledFor`, public (program news, Atom feed) from `publishedAt`.
 */
export const announcements = pgTable(
  'announcements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** The introduction above the table of new ambassadors, Markdown. */
    introMd: text('intro_md').notNull().default(''),
    scheduledFor: timestamptz('scheduled_for'),
    /** Selected applicants confirm or decline before this instant; after it, the next on the waitlist is asked. */
    respondBy: timestamptz('respond_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    scheduledBy: uuid('scheduled_by').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('announcements_cohort').on(t.cohortId), index('announcements_published').on(t.publishedAt)],
)

/** The states of an offer of a seat. */
export const offerStatuses = ['pending', 'confirmed', 'declined', 'expired'] as const
/** One of offerStatuses. */
export type OfferStatus = (typeof offerStatuses)[number]

/**
 * A seat offered to a selected applicant (once per application): they confirm or decline by `respondBy`. A
 * confirmation creates the membership; a decline or expiry offers the seat to the next on the waitlist.
 */
export const acceptanceOffers = pgTable(
  'acceptance_offers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    status: text('status', { enum: offerStatuses }).notNull().default('pending'),
    /** "announcement": selected on the day; "waitlist": promoted after a decline or an expiry. */
    origin: text('origin', { enum: ['announcement', 'waitlist'] }).notNull().default('announcement'),
    offeredAt: timestamptz('offered_at'),
    respondBy: timestamptz('respond_by'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    membershipId: uuid('membership_id').references(() => memberships.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('acceptance_offers_application').on(t.applicationId),
    index('acceptance_offers_cohort').on(t.cohortId, t.status),
    index('acceptance_offers_due').on(t.respondBy).where(sql`${t.status} = 'pending'`),
  ],
)
