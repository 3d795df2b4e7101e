import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { cohorts } from '../programs/schema.ts'
import { people } from '../people/schema.ts'

/** A person's place in a cohort: an ambassador's term, or an organiser of the program. */
export const memberships = pgTable(
  'memberships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['ambassador', 'organizer'] }).notNull().default('ambassador'),
    termStart: timestamp('term_start', { withTimezone: true }).notNull(),
    termEnd: timestamp('term_end', { withTimezone: true }).notNull(),
    status: text('status', { enum: ['active', 'alumni', 'revoked'] }).notNull().default('active'),
    /** Which year in a row this term is for the person in this program and role (1 for a first term). */
    consecutiveYears: integer('consecutive_years').notNull().default(1),
    /** The next year's term that continues this one; an ended term without it moves to alumni. */
    renewedById: uuid('renewed_by_id').references((): AnyPgColumn => memberships.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('memberships_person_cohort_role').on(t.personId, t.cohortId, t.role),
    index('memberships_cohort').on(t.cohortId, t.status),
    check('memberships_term_order', sql`${t.termEnd} > ${t.termStart}`),
    check('memberships_consecutive_years', sql`${t.consecutiveYears} >= 1`),
    index('memberships_term_end').on(t.termEnd).where(sql`${t.status} = 'active'`),
  ],
)
