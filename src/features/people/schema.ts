import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'

/** A person known to the deployment: applicant, ambassador, organiser, reviewer. */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Public handle used in profile URLs. */
    handle: text('handle').notNull(),
    /** The name exactly as the person entered it (any script, any normalisation form). */
    displayName: text('display_name').notNull(),
    /** NFC, diacritic- and case-folded name and login, for search only. */
    searchKey: text('search_key').notNull(),
    githubLogin: text('github_login'),
    /** Private: never rendered on a public page. */
    email: text('email'),
    /** ISO 3166-1 alpha-2 country code. */
    country: text('country'),
    /** The program region the person belongs to (e.g. "Europe", "Asia Pacific"). */
    region: text('region'),
    bio: text('bio').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('people_handle_key').on(t.handle),
    uniqueIndex('people_email_key').on(sql`lower(${t.email})`),
    uniqueIndex('people_github_login_key').on(sql`lower(${t.githubLogin})`),
    index('people_region').on(t.region),
  ],
)
