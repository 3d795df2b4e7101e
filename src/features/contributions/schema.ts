import { bigint, bigserial, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { people } from '../people/schema.ts'

/**
 * Who made a contribution, as the source recorded it. `key` is the most stable handle available:
 * "github:<numeric id>" (from the API or a `12345+login@users.noreply.github.com` address, surviving
 * renames), else "email:<lower-cased address>", else "login:<login>", else "name:<folded name>".
 */
export const contributorIdentities = pgTable(
  'contributor_identities',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    /** Last name the source recorded, as written. */
    name: text('name'),
    email: text('email'),
    login: text('login'),
    isBot: boolean('is_bot').notNull().default(false),
    /** The person this identity belongs to, once known (verified identity or a confirmed merge). */
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    /** When the newest contribution under this identity happened: its name and login are the latest ones. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('contributor_identities_key').on(t.key), index('contributor_identities_person').on(t.personId)],
)

/** The kinds of contribution the store counts. */
export const contributionKinds = ['commit', 'pr_opened', 'pr_merged', 'issue_opened', 'review', 'comment', 'content_item'] as const
/** One of contributionKinds. */
export type ContributionKind = (typeof contributionKinds)[number]

/**
 * One contribution, unique on its natural key (kind, repository, external id: a commit sha, a PR or issue
 * number, a review or comment id, a content URL) so that re-imports and overlapping sources never count twice.
 * The primary key is `key`, the natural key's MD5 as a uuid (migration 0025, decision 24): 16 bytes compared
 * as such, where the three text columns made index entries of ~80 bytes compared column by column.
 *
 * No surrogate id and no foreign key on `identity_id` (migration 0022, decision 22): both cost an index entry
 * or a per-row check on every stored row of a bulk import (together ~40 % of the batch statement). A trigger on
 * contributor_identities deletes an identity's contributions with it instead (the cascade the key gave), and
 * the only writer (store.ts) takes its identity ids from the upsert that locks those identities in the
 * same transaction, so no row can point at a deleted identity.
 */
export const contributions = pgTable(
  'contributions',
  {
    kind: text('kind', { enum: contributionKinds }).notNull(),
    /** Where it was imported from: git, github, gharchive, feed, csv. */
    source: text('source').notNull(),
    /** owner/name on GitHub (or the feed's site for content items); '' when none. */
    repository: text('repository').notNull().default(''),
    externalId: text('external_id').notNull(),
    identityId: bigint('identity_id', { mode: 'number' }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    /** When a commit entered the history (commit date); null when the source knows only one date. */
    committedAt: timestamp('committed_at', { withTimezone: true }),
    isMerge: boolean('is_merge').notNull().default(false),
    title: text('title'),
    url: text('url'),
    /**
     * md5(kind ␟ repository ␟ external_id) as a uuid: the natural key, in 16 bytes. Computed by the store
     * (`contributionKey`, natural-key.ts) since migration 0026; it was a generated column (decision 25).
     */
    key: uuid('key').notNull(),
  },
  (t) => [
    primaryKey({ name: 'contributions_pk', columns: [t.key] }),
    index('contributions_identity_time').on(t.identityId, t.occurredAt),
  ],
)

/**
 * Per identity, UTC day, kind, repository, merge flag and date basis: how many contributions. Every inserted
 * contribution counts once on its author day (basis 'author'); a contribution whose commit date falls on
 * another day also moves one from its author day to its commit day on basis 'commit' (−1 and +1; migration
 * 0021), so a count by commit date is the sum of both bases and single-date sources write one row, not two.
 *
 * Append-only (migration 0024, decision 23): the statement that stores a batch (or the fold of a bulk import's
 * queue) appends its day deltas, grouped; a key may have several rows and every reader sums them. Appending
 * takes no row lock and needs no uniqueness check, where upserting each day row was most of a fold.
 */
export const contributionDays = pgTable(
  'contribution_days',
  {
    // No foreign key (migration 0023): the identities' delete trigger deletes these rows, like contributions'.
    identityId: bigint('identity_id', { mode: 'number' }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: contributionKinds }).notNull(),
    repository: text('repository').notNull(),
    isMerge: boolean('is_merge').notNull(),
    /**
     * 'author': contributions counted on the day they were written. 'commit': the difference the commit date
     * makes (−1 on the author day, +1 on the commit day, only for contributions whose two dates fall on
     * different days), so a count by commit date sums both bases.
     */
    dateBasis: text('date_basis', { enum: ['author', 'commit'] }).notNull().default('author'),
    count: integer('count').notNull(),
  },
  // The index starts with what every window question fixes (identity, date basis, merge flag), then the day, so
  // an identity's days in a range are one contiguous index range on either basis; migration 0024 makes it
  // cover `count` (as the primary key of migration 0018 did), so edge days are read from the index alone.
  (t) => [index('contribution_days_key').on(t.identityId, t.dateBasis, t.isMerge, t.day, t.kind, t.repository)],
)

/**
 * The monthly roll-up of contribution_days: the same counts summed per UTC calendar month (`month` is its
 * first day), maintained in the same statement as the days. A window reads its whole months here and only
 * its partial edge months from the days, so a one-year question reads about twelve rows per identity,
 * kind and repository instead of one per active day. The key starts with what every window question fixes
 * (identity, date basis, merge flag, kind) so the month range is one contiguous index range; migration
 * 0010 makes the key cover `count`, so the question is answered from the index alone.
 */
export const contributionMonths = pgTable(
  'contribution_months',
  {
    // No foreign key (migration 0023): the identities' delete trigger deletes these rows, like contributions'.
    identityId: bigint('identity_id', { mode: 'number' }).notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: contributionKinds }).notNull(),
    repository: text('repository').notNull(),
    isMerge: boolean('is_merge').notNull(),
    dateBasis: text('date_basis', { enum: ['author', 'commit'] }).notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ name: 'contribution_months_pk', columns: [t.identityId, t.dateBasis, t.isMerge, t.kind, t.month, t.repository] })],
)

/**
 * Contributions stored by a bulk import whose day and month aggregates are not raised yet: one row per batch
 * and key (identity, kind, repository, merge flag, author and commit day) with how many contributions it
 * stands for, written in the same transaction as the contributions, folded into
 * contribution_days (appended) and contribution_months (upserted) by `foldRollUps` (rollup.ts) in large groups.
 * No index and no foreign key, so a row costs a heap append; readers of the aggregates add what is still
 * queued, so a count is exact even while an import runs or after one was killed before folding.
 */
export const contributionRollupQueue = pgTable('contribution_rollup_queue', {
  identityId: bigint('identity_id', { mode: 'number' }).notNull(),
  kind: text('kind', { enum: contributionKinds }).notNull(),
  repository: text('repository').notNull(),
  isMerge: boolean('is_merge').notNull(),
  /** UTC day of the author date. */
  authorDay: date('author_day', { mode: 'string' }).notNull(),
  /** UTC day of the commit date (the author day when the source has one date). */
  commitDay: date('commit_day', { mode: 'string' }).notNull(),
  /** How many inserted contributions this row stands for: a batch queues its rows grouped (migration 0027). */
  n: integer('n').notNull().default(1),
})

/** An import: what it read, where it is (for resuming), and its counts. */
export const importRuns = pgTable(
  'import_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source').notNull(),
    /** What was imported: a repository path and ref, an organisation, a file. */
    target: text('target').notNull(),
    status: text('status', { enum: ['running', 'done', 'failed'] }).notNull().default('running'),
    /** Where a resumed run starts again (a line number, a page cursor, a commit). */
    cursor: jsonb('cursor').$type<Record<string, unknown>>().notNull().default({}),
    counts: jsonb('counts').$type<Record<string, number>>().notNull().default({}),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('import_runs_target').on(t.source, t.target, t.startedAt)],
)

/** A suggested merge of two identities (same name with different emails, same GitHub id with different logins). */
export const identityMergeSuggestions = pgTable(
  'identity_merge_suggestions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    identityId: bigint('identity_id', { mode: 'number' })
      .notNull()
      .references(() => contributorIdentities.id, { onDelete: 'cascade' }),
    otherIdentityId: bigint('other_identity_id', { mode: 'number' })
      .notNull()
      .references(() => contributorIdentities.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['open', 'confirmed', 'rejected'] }).notNull().default('open'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('identity_merge_pair').on(t.identityId, t.otherIdentityId), index('identity_merge_status').on(t.status)],
)
