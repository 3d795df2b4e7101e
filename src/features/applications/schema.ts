import { sql } from 'drizzle-orm'
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { people } from '../people/schema.ts'
import { cohorts } from '../programs/schema.ts'

/** Links an applicant gives. */
export interface ApplicationLinks {
  github?: string
  blog?: string
  social?: string
}

/** One application per person per cohort (enforced by a unique index), from draft to submission. */
export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['draft', 'submitted', 'withdrawn'] }).notNull().default('draft'),
    /** Answers to the program's questions, by question key, exactly as written. */
    answers: jsonb('answers').$type<Record<string, string>>().notNull().default({}),
    country: text('country'),
    region: text('region'),
    links: jsonb('links').$type<ApplicationLinks>().notNull().default({}),
    /** The age the applicant attests to be at least (18); a birth date is never asked or stored. */
    attestedMinimumAge: integer('attested_minimum_age'),
    /** Keys of the statement requirements the applicant affirms. */
    affirmed: jsonb('affirmed').$type<string[]>().notNull().default([]),
    /** Text for free-form requirements, by requirement key. */
    freeForm: jsonb('free_form').$type<Record<string, string>>().notNull().default({}),
    /** Why the program should consider an applicant below the bar (the KubeSphere page invites it). */
    exceptionReason: text('exception_reason'),
    /** The eligibility verdict as last computed (recomputed whenever the application or its evidence changes). */
    eligibility: jsonb('eligibility'),
    eligibilityOverall: text('eligibility_overall', { enum: ['eligible', 'needs_review', 'not_eligible'] }),
    /** Language the applicant used the site in, for emails. */
    locale: text('locale').notNull().default('en'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('applications_cohort_person').on(t.cohortId, t.personId),
    index('applications_cohort_status').on(t.cohortId, t.status),
    check('applications_age', sql`${t.attestedMinimumAge} is null or ${t.attestedMinimumAge} between 0 and 150`),
  ],
)

/** What an imported code-contribution item counted: the repository and the window's first and last days. */
export interface CountedContributions {
  repository: string
  firstDay: string
  lastDay: string
}

/** An item of evidence: a blog post, a talk, a contribution, a role in another project. */
export const evidenceItems = pgTable(
  'evidence_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    type: text('type', {
      enum: ['blog_post', 'video', 'social_post', 'talk', 'user_case', 'code_contribution', 'event_organized', 'event_presented', 'project_role', 'other'],
    }).notNull(),
    title: text('title').notNull(),
    url: text('url'),
    occurredOn: date('occurred_on', { mode: 'string' }),
    count: integer('count').notNull().default(1),
    notes: text('notes').notNull().default(''),
    source: text('source', { enum: ['self', 'import'] }).notNull().default('self'),
    /**
     * For a code-contribution count imported from the contribution store: its repository and window, so each
     * page words the item in its reader's language (the stored title is English). Null for everything else.
     */
    counted: jsonb('counted').$type<CountedContributions>(),
    /** Order in which the applicant listed the items. */
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('evidence_items_application').on(t.applicationId), check('evidence_items_count', sql`${t.count} between 1 and 100000`)],
)
