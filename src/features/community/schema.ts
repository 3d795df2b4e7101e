import { sql } from 'drizzle-orm'
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { people } from '../people/schema.ts'
import { programs } from '../programs/schema.ts'

/** The regions a program's coverage is reported by (the OpenStack proposal's "particular region"). */
export const regions = ['africa', 'east_asia', 'south_asia', 'southeast_asia', 'oceania', 'europe', 'middle_east', 'north_america', 'latin_america'] as const
/** One of regions. */
export type Region = (typeof regions)[number]

/** What an ambassador can log (the seeds' activities: content, talks, events, user cases, localisation, onboarding, feedback). */
export const activityTypes = ['blog_post', 'video', 'talk', 'workshop', 'event_organised', 'meetup', 'user_case', 'localisation', 'onboarding', 'feedback_session', 'other'] as const
/** One of activityTypes. */
export type ActivityType = (typeof activityTypes)[number]

/** How often a user group meets. */
export const meetingCadences = ['weekly', 'biweekly', 'monthly', 'quarterly', 'irregular'] as const

/** A local user group of a program's community, proposed by an ambassador and approved by a manager. */
export const userGroups = pgTable(
  'user_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** NFC + case-folded name: one group per name in a program. */
    nameKey: text('name_key').notNull(),
    city: text('city').notNull(),
    /** ISO 3166-1 alpha-2. */
    country: text('country').notNull(),
    region: text('region', { enum: regions }).notNull(),
    links: jsonb('links').$type<string[]>().notNull().default([]),
    /** Organisers as the group names them (not necessarily people with accounts). */
    organisers: text('organisers').notNull().default(''),
    cadence: text('cadence', { enum: meetingCadences }).notNull().default('monthly'),
    lastMeetupOn: date('last_meetup_on', { mode: 'string' }),
    status: text('status', { enum: ['proposed', 'approved', 'rejected'] }).notNull().default('proposed'),
    proposedBy: uuid('proposed_by').references(() => people.id, { onDelete: 'set null' }),
    decidedBy: uuid('decided_by').references(() => people.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('user_groups_program_name').on(t.programId, t.nameKey), index('user_groups_program_status').on(t.programId, t.status)],
)

/** Ambassadors who are a group's liaison (they report for it). */
export const userGroupLiaisons = pgTable(
  'user_group_liaisons',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => userGroups.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.personId] }), index('user_group_liaisons_person').on(t.personId)],
)

/** An activity an ambassador logged by hand (imported contributions join them in the ledger by query). */
export const activities = pgTable(
  'activities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    type: text('type', { enum: activityTypes }).notNull(),
    title: text('title').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    url: text('url').notNull(),
    /** The URL normalised (lower-case host, no fragment, no trailing slash): one log per link in a program. */
    urlKey: text('url_key').notNull(),
    region: text('region', { enum: regions }).notNull(),
    groupId: uuid('group_id').references(() => userGroups.id, { onDelete: 'set null' }),
    audienceSize: integer('audience_size'),
    confirmedBy: uuid('confirmed_by').references(() => people.id, { onDelete: 'set null' }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('activities_program_url').on(t.programId, t.urlKey),
    index('activities_program_day').on(t.programId, t.occurredOn),
    index('activities_person_day').on(t.personId, t.occurredOn),
    // The ledger's keyset order (newest day first, then id): a page reads 51 index entries, not the program's activities.
    index('activities_program_ledger').on(t.programId, t.occurredOn.desc(), t.id),
    check('activities_audience_positive', sql`${t.audienceSize} is null or ${t.audienceSize} >= 0`),
  ],
)

/**
 * Logged activities counted per program, month, type, region and person: the dashboard's roll-up, kept exact by
 * logActivity in the same transaction (and rebuilt from activities by rebuildActivityMonths), so a year of the
 * program's activity is read from a few thousand rows instead of every activity. `month` is its first day.
 */
export const activityMonths = pgTable(
  'activity_months',
  {
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    month: date('month', { mode: 'string' }).notNull(),
    type: text('type', { enum: activityTypes }).notNull(),
    region: text('region', { enum: regions }).notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ name: 'activity_months_pk', columns: [t.programId, t.month, t.type, t.region, t.personId] })],
)

/** The kinds of feedback a user group raises. */
export const feedbackKinds = ['bug', 'docs_gap', 'feature_request', 'praise'] as const
/** One of feedbackKinds. */
export type FeedbackKind = (typeof feedbackKinds)[number]

/** A point raised in a user group, reported by its liaison; merged duplicates point at the item they joined. */
export const feedbackItems = pgTable(
  'feedback_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    groupId: uuid('group_id')
      .notNull()
      .references(() => userGroups.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => people.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    /** Product area as the program names it (e.g. "installer", "docs", "multi-cluster"), lower-cased. */
    productArea: text('product_area').notNull(),
    kind: text('kind', { enum: feedbackKinds }).notNull(),
    /** Link to the issue in the project's own tracker, once filed. */
    issueUrl: text('issue_url'),
    mergedIntoId: uuid('merged_into_id'),
    /** Votes on this item (feedback_votes rows), kept by voteFeedback and mergeFeedback: the list's sort key. */
    voteCount: integer('vote_count').notNull().default(0),
    /** Items merged into this one, kept by mergeFeedback. */
    mergedCount: integer('merged_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('feedback_program_time').on(t.programId, t.createdAt),
    index('feedback_merged').on(t.mergedIntoId),
    // The list's keyset order (most raised, newest, id) over unmerged items.
    index('feedback_program_rank')
      .on(t.programId, t.voteCount.desc(), t.createdAt.desc(), t.id)
      .where(sql`${t.mergedIntoId} is null`),
  ],
)

/** Per program, a version of its feedback bumped by every feedback write: cached theme aggregates are keyed by it. */
export const communityVersions = pgTable('community_versions', {
  programId: uuid('program_id')
    .primaryKey()
    .references(() => programs.id, { onDelete: 'cascade' }),
  feedback: integer('feedback').notNull().default(0),
})

/** Another group raising the same point (one vote per group per item). */
export const feedbackVotes = pgTable(
  'feedback_votes',
  {
    feedbackId: uuid('feedback_id')
      .notNull()
      .references(() => feedbackItems.id, { onDelete: 'cascade' }),
    groupId: uuid('group_id')
      .notNull()
      .references(() => userGroups.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.feedbackId, t.groupId] })],
)

/** A working group of a program's ambassadors. */
export const workingGroups = pgTable(
  'working_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('working_groups_program_name').on(t.programId, t.name)],
)

/** Members of a working group. */
export const workingGroupMembers = pgTable(
  'working_group_members',
  {
    workingGroupId: uuid('working_group_id')
      .notNull()
      .references(() => workingGroups.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.workingGroupId, t.personId] }), index('working_group_members_person').on(t.personId)],
)

/**
 * A recurring weekly meeting, kept as wall-clock time in its zone (the first start, as local "YYYY-MM-DDTHH:mm"),
 * so every occurrence keeps its local time across daylight-saving changes.
 */
export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    /** The working group the meeting belongs to; null for program-wide meetings. */
    workingGroupId: uuid('working_group_id').references(() => workingGroups.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    timeZone: text('time_zone').notNull(),
    firstStartLocal: text('first_start_local').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    /** Weeks between occurrences (1 = weekly). */
    intervalWeeks: integer('interval_weeks').notNull().default(1),
    /** Last day (local) an occurrence may fall on; null: open-ended. */
    untilDay: date('until_day', { mode: 'string' }),
    location: text('location').notNull().default(''),
    agendaMd: text('agenda_md').notNull().default(''),
    sequence: integer('sequence').notNull().default(0),
    createdBy: uuid('created_by').references(() => people.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('meetings_program').on(t.programId), check('meetings_duration', sql`${t.durationMinutes} between 5 and 1440`)],
)

/** Notes and attendance of one occurrence of a meeting (keyed by its start instant). */
export const meetingOccurrences = pgTable(
  'meeting_occurrences',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    notesMd: text('notes_md').notNull().default(''),
    attendees: jsonb('attendees').$type<string[]>().notNull().default([]),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.startsAt] })],
)

/** Per person, the salt of their calendar feed token; a new salt revokes old subscription URLs. */
export const calendarFeedKeys = pgTable('calendar_feed_keys', {
  personId: uuid('person_id')
    .primaryKey()
    .references(() => people.id, { onDelete: 'cascade' }),
  salt: text('salt').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/** Kinds of benefit a program offers (the KubeSphere seed: gifts, cloud credits, forum badges, …). */
export const benefitKinds = ['gift', 'cloud_credits', 'forum_badge', 'chat_invite', 'other'] as const

/** A benefit in a program's catalogue; `shipperIds` are the people who fulfil it (and alone see addresses). */
export const benefits = pgTable(
  'benefits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: benefitKinds }).notNull(),
    /** A physical gift needs a shipping address. */
    needsAddress: boolean('needs_address').notNull().default(false),
    shipperIds: jsonb('shipper_ids').$type<string[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('benefits_program_name').on(t.programId, t.name)],
)

/** One ambassador's benefit: its status, the sealed shipping address and the sealed credit code (shown once). */
export const benefitFulfilments = pgTable(
  'benefit_fulfilments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    benefitId: uuid('benefit_id')
      .notNull()
      .references(() => benefits.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['pending', 'sent', 'delivered', 'declined'] }).notNull().default('pending'),
    /** AES-256-GCM under a key derived from SECRET_KEY; null when the benefit ships nothing. */
    addressSealed: text('address_sealed'),
    codeSealed: text('code_sealed'),
    /** When the ambassador saw the code; it is never shown again. */
    codeRevealedAt: timestamp('code_revealed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('benefit_fulfilments_person').on(t.benefitId, t.personId)],
)
