import { sql } from 'drizzle-orm'
import { boolean, check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { applications } from '../applications/schema.ts'
import { people } from '../people/schema.ts'
import { cohorts } from '../programs/schema.ts'
import type { Explanation, Infeasibility, SelectionConstraints } from './types.ts'

/**
 * A cohort's selection: the last run (its constraints and result) and whether it is still a draft or locked
 * because the announcement was scheduled. One per cohort; running again replaces its decisions.
 */
export const selections = pgTable(
  'selections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['draft', 'locked'] }).notNull().default('draft'),
    constraints: jsonb('constraints').$type<SelectionConstraints>().notNull(),
    seats: integer('seats').notNull(),
    /** Sum of the selected applicants' scores (0..1 each) as the optimiser saw them. */
    totalScore: doublePrecision('total_score').notNull().default(0),
    /** False when the optimiser stopped at its node budget before proving the result optimal. */
    proven: boolean('proven').notNull().default(true),
    /** The constraints that could not all be met, and the relaxation that was applied; null when all were met. */
    infeasibility: jsonb('infeasibility').$type<Infeasibility>(),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    runBy: text('run_by').notNull(),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    lockedBy: text('locked_by'),
  },
  (t) => [uniqueIndex('selections_cohort').on(t.cohortId), check('selections_seats', sql`${t.seats} > 0`)],
)

/** The outcomes of a decision. */
export const selectionOutcomes = ['selected', 'waitlisted', 'not_selected'] as const
/** One of selectionOutcomes. */
export type SelectionOutcome = (typeof selectionOutcomes)[number]

/** The decision on one submitted application of a selection, with its explanation and any override. */
export const selectionDecisions = pgTable(
  'selection_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    selectionId: uuid('selection_id')
      .notNull()
      .references(() => selections.id, { onDelete: 'cascade' }),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    outcome: text('outcome', { enum: selectionOutcomes }).notNull(),
    /** Place among the scored, eligible applicants (1 = best); null for the others. */
    rank: integer('rank'),
    waitlistPosition: integer('waitlist_position'),
    score: doublePrecision('score'),
    /** Region, country and employer as the run saw them, so promotions check the same caps. */
    groups: jsonb('groups').$type<{ region: string | null; country: string | null; employer: string | null }>().notNull(),
    /** Why, as a message code and its values (rendered in the reader's language). */
    explanation: jsonb('explanation').$type<Explanation>().notNull(),
    /** A committee member's written reason when the outcome was set by hand. */
    overrideReason: text('override_reason'),
    overriddenBy: text('overridden_by'),
    overriddenAt: timestamp('overridden_at', { withTimezone: true }),
    /** A selected applicant who declined or let the offer lapse: the seat is free for the waitlist. */
    releasedAt: timestamp('released_at', { withTimezone: true }),
    /** Set when this applicant was moved from the waitlist to a freed seat. */
    promotedAt: timestamp('promoted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('selection_decisions_application').on(t.selectionId, t.applicationId),
    index('selection_decisions_outcome').on(t.selectionId, t.outcome, t.waitlistPosition),
    check('selection_decisions_override', sql`(${t.overriddenAt} is null) = (${t.overrideReason} is null)`),
  ],
)

/** An applicant below the eligibility bar whom the committee allowed into the selection anyway (audited). */
export const selectionExceptions = pgTable(
  'selection_exceptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    grantedBy: text('granted_by').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('selection_exceptions_application').on(t.applicationId), index('selection_exceptions_cohort').on(t.cohortId)],
)
