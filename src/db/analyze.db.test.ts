import { sql } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { describeDb } from '../../tests/support/db.ts'
import { createPeople } from '../features/people/create-people.ts'
import { people } from '../features/people/schema.ts'
import { reviews } from '../features/reviews/schema.ts'
import { analyzeTables } from './analyze.ts'
import { queryRows } from './rows.ts'

describeDb('analyzeTables', (ctx) => {
  it('gives the planner statistics of the tables just written, and does nothing for no tables', async () => {
    const db = ctx().db
    await createPeople(db, Array.from({ length: 120 }, (_, i) => ({ displayName: `Analyzed ${i}`, email: `analyzed-${i}@example.org` })))
    await analyzeTables(db, [])
    await analyzeTables(db, [people, reviews, people])
    const rows = await queryRows<{ relname: string; reltuples: number }>(db, sql`select relname, reltuples::float8 as reltuples from pg_class where relname in ('people', 'reviews')`)
    const tuples = Object.fromEntries(rows.map((r) => [r.relname, Number(r.reltuples)]))
    expect(tuples.people).toBeGreaterThanOrEqual(120)
    // Analyzed, even empty: 0 rather than the never-analyzed -1.
    expect(tuples.reviews).toBe(0)
  })
})
