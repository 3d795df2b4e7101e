import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { applications } from '../applications/schema.ts'
import { people } from '../people/schema.ts'
import { cohorts } from '../programs/schema.ts'

/** The review phase of a cohort: when reviewers may score, and what they may see (pretalx-style flags). */
export const reviewPhases = pgTable(
  'review_phases',
  {
    cohortId: uuid('cohort_id')
      .primaryKey()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    /** Exclusive end. */
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    canSeeOtherReviews: boolean('can_see_other_reviews').notNull().default(false),
    /** False means blind review: names, emails, handles and identifying links are hidden; answers stay. */
    canSeeApplicantNames: boolean('can_see_applicant_names').notNull().default(false),
    scoresChangeable: boolean('scores_changeable').notNull().default(true),
    /** How many reviewers automatic assignment gives each application. */
    reviewsPerApplication: integer('reviews_per_application').notNull().default(2),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('review_phases_order', sql`${t.closesAt} > ${t.opensAt}`),
    check('review_phases_k', sql`${t.reviewsPerApplication} between 1 and 20`),
  ],
)

/** A person invited to review a cohort's applications, with the languages they can read. */
export const cohortReviewers = pgTable(
  'cohort_reviewers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** Locales of applications this reviewer can read (e.g. "en", "zh-CN"); empty means any. */
    languages: jsonb('languages').$type<string[]>().notNull().default([]),
    /** At most this many active assignments in the cohort (its review phase); null: unlimited. */
    maxAssignments: integer('max_assignments'),
    invitedBy: text('invited_by').notNull(),
    invitedAt: timestamp('invited_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('cohort_reviewers_cohort_person').on(t.cohortId, t.personId), check('cohort_reviewers_capacity', sql`${t.maxAssignments} >= 0`)],
)

/** Why a reviewer must not review an application. */
export const conflictReasons = ['self', 'same_employer', 'close_collaborator'] as const
/** One of conflictReasons. */
export type ConflictReason = (typeof conflictReasons)[number]

/** A conflict a reviewer declared on an application (detected ones are computed, never stored). */
export const reviewConflicts = pgTable(
  'review_conflicts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    reviewerPersonId: uuid('reviewer_person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    reason: text('reason', { enum: conflictReasons }).notNull(),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('review_conflicts_pair').on(t.applicationId, t.reviewerPersonId)],
)

/** A reviewer assigned to an application; a removed one stays (removedAt) so automatic runs do not re-add it. */
export const reviewAssignments = pgTable(
  'review_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    reviewerPersonId: uuid('reviewer_person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    source: text('source', { enum: ['auto', 'manual'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('review_assignments_pair').on(t.applicationId, t.reviewerPersonId),
    index('review_assignments_cohort_reviewer').on(t.cohortId, t.reviewerPersonId),
  ],
)

/** A reviewer's rubric scores for an application, by criterion key, with comments. */
export const reviews = pgTable(
  'reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    reviewerPersonId: uuid('reviewer_person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    scores: jsonb('scores').$type<Record<string, number>>().notNull(),
    /** For the committee only. */
    privateComment: text('private_comment').notNull().default(''),
    /** May be sent to the applicant with the decision. */
    feedbackToApplicant: text('feedback_to_applicant').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('reviews_pair').on(t.applicationId, t.reviewerPersonId), index('reviews_cohort').on(t.cohortId)],
)
