import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  numeric,
} from 'drizzle-orm/pg-core'

/** A link shown on community and program pages (Twitter, YouTube, Bilibili, …). */
export interface SocialLink {
  kind: string
  label: string
  url: string
}

/** A way to reach the program team: a chat channel, a mailbox, a forum. */
export interface ContactChannel {
  kind: 'slack' | 'email' | 'forum' | 'chat' | 'web'
  label: string
  /** A URL, or an email address when kind is "email". */
  target: string
  /** The person behind a personal channel, as the community names them. */
  person?: string
}

/** An open-source community hosted on this deployment. */
export const communities = pgTable('communities', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  tagline: text('tagline').notNull().default(''),
  descriptionMd: text('description_md').notNull().default(''),
  websiteUrl: text('website_url'),
  logoUrl: text('logo_url'),
  /** Brand colours as #rrggbb; the theme stylesheet derives contrast-safe variants. */
  primaryColor: text('primary_color').notNull().default('#1f4e79'),
  accentColor: text('accent_color').notNull().default('#0b7a5c'),
  socialLinks: jsonb('social_links').$type<SocialLink[]>().notNull().default([]),
  contactChannels: jsonb('contact_channels').$type<ContactChannel[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

/** A program a community runs, such as the KubeSphere Ambassadorship Program. */
export const programs = pgTable(
  'programs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    summary: text('summary').notNull().default(''),
    descriptionMd: text('description_md').notNull().default(''),
    /** What an ambassador does in this program (the OpenStack regional-liaison role), Markdown. */
    roleMd: text('role_md').notNull().default(''),
    benefits: jsonb('benefits').$type<string[]>().notNull().default([]),
    targetSeats: integer('target_seats'),
    termMonths: integer('term_months').notNull().default(12),
    /** How many of the non-mandatory requirements an applicant must meet; null when the program sets no such rule. */
    requirementsAtLeast: integer('requirements_at_least'),
    /** Why the rule exists and what to do when below it, as the program words it. */
    requirementsNoteMd: text('requirements_note_md').notNull().default(''),
    status: text('status', { enum: ['draft', 'proposed', 'active', 'archived'] }).notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('programs_community_slug_key').on(t.communityId, t.slug),
    check('programs_target_seats_positive', sql`${t.targetSeats} is null or ${t.targetSeats} > 0`),
    check('programs_at_least_nonnegative', sql`${t.requirementsAtLeast} is null or ${t.requirementsAtLeast} >= 0`),
  ],
)

/** The kinds of requirement the eligibility engine understands. */
export const requirementKind = pgEnum('requirement_kind', [
  'content_count',
  'code_contributions',
  'events',
  'other_projects',
  'age_attestation',
  'statement',
  'free_form',
])

/** One entry of a program's requirement catalogue. */
export const requirements = pgTable(
  'requirements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    descriptionMd: text('description_md').notNull().default(''),
    kind: requirementKind('kind').notNull(),
    /** Mandatory requirements must all be met; the others count toward "at least N". */
    mandatory: boolean('mandatory').notNull().default(false),
    /** Minimum count for counting kinds (content items, contributions, events, projects). */
    threshold: integer('threshold'),
    /** The window counted, in months before the application deadline; null for timeless requirements. */
    windowMonths: integer('window_months'),
    /** Kind-specific settings (content types that count, repositories, minimum age). */
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    uniqueIndex('requirements_program_key').on(t.programId, t.key),
    index('requirements_program_position').on(t.programId, t.position),
    check('requirements_threshold_positive', sql`${t.threshold} is null or ${t.threshold} > 0`),
    check('requirements_window_positive', sql`${t.windowMonths} is null or ${t.windowMonths} > 0`),
  ],
)

/** A question of the application form. */
export const applicationQuestions = pgTable(
  'application_questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    prompt: text('prompt').notNull(),
    help: text('help').notNull().default(''),
    required: boolean('required').notNull().default(true),
    maxLength: integer('max_length').notNull().default(4000),
  },
  (t) => [uniqueIndex('application_questions_program_key').on(t.programId, t.key)],
)

/** A criterion reviewers score applications on. */
export const selectionCriteria = pgTable(
  'selection_criteria',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    weight: numeric('weight', { precision: 6, scale: 3, mode: 'number' }).notNull().default(1),
    scaleMin: integer('scale_min').notNull().default(1),
    scaleMax: integer('scale_max').notNull().default(5),
  },
  (t) => [
    uniqueIndex('selection_criteria_program_key').on(t.programId, t.key),
    check('selection_criteria_scale', sql`${t.scaleMin} < ${t.scaleMax}`),
    check('selection_criteria_weight', sql`${t.weight} > 0`),
  ],
)

/** A yearly intake of a program. */
export const cohorts = pgTable(
  'cohorts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    seats: integer('seats').notNull(),
    /** IANA zone in which the calendar's dates are meant; Anywhere on Earth (Etc/GMT+12) by default. */
    timeZone: text('time_zone').notNull().default('Etc/GMT+12'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cohorts_program_slug').on(t.programId, t.slug),
    check('cohorts_seats_positive', sql`${t.seats} > 0`),
  ],
)

/** The phases a cohort's calendar is made of. */
export const phaseKind = pgEnum('phase_kind', [
  'applications',
  'review',
  'announcement',
  'first_meeting',
  'term',
  'other',
])

/** One phase of a cohort's calendar: an instant or a span of instants. */
export const cohortPhases = pgTable(
  'cohort_phases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    kind: phaseKind('kind').notNull(),
    label: text('label').notNull(),
    position: integer('position').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    /** Exclusive end; null for a single moment such as an announcement. */
    endsAt: timestamp('ends_at', { withTimezone: true }),
    /** Whole days in the cohort's zone (shown as dates) rather than times (shown in the viewer's zone). */
    allDay: boolean('all_day').notNull().default(true),
  },
  (t) => [
    index('cohort_phases_cohort').on(t.cohortId, t.position),
    check('cohort_phases_order', sql`${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`),
  ],
)
