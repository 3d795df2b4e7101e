import fs from 'node:fs'
import { expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import type { Db } from '../../db/client.ts'
import { ingestContributions } from './store.ts'
import { foldRollUps } from './rollup.ts'
import { history } from './test-history.ts'

// The migrations that changed the form of the day and month aggregates, run on aggregates of their former form.

const rows = async <T,>(db: Db, query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as { rows: T[] }).rows

describeDb('migrations of the contribution aggregates', (ctx) => {
  /** The aggregates per key (days are appended per batch, so a key may have several rows), zero sums left out. */
  const aggregateSnapshot = (db: Db) =>
    rows<{ k: string }>(
      db,
      sql`select concat_ws(' ', 'd', identity_id, day, kind, repository, is_merge, date_basis, sum(count)) as k from contribution_days
          group by identity_id, day, kind, repository, is_merge, date_basis having sum(count) <> 0
          union all select concat_ws(' ', 'm', identity_id, month, kind, repository, is_merge, date_basis, count) from contribution_months where count <> 0 order by 1`,
    )
  const runMigration = async (db: Db, file: string) => {
    const migration = fs.readFileSync(new URL(`../../../drizzle/${file}`, import.meta.url), 'utf8')
    for (const statement of migration.split('--> statement-breakpoint')) await db.execute(sql.raw(statement))
  }

  it('migration 0021 turns aggregates of the former form (full counts on both bases) into what the store now writes', async () => {
    const { db } = ctx()
    await db.execute(sql`truncate contribution_days, contribution_months, contributions, contributor_identities cascade`)
    for (const [i, batch] of [history().slice(0, 200), history().slice(200)].entries()) await ingestContributions(db, batch, { deferRollUp: i === 1 })
    await foldRollUps(db)
    const now = await aggregateSnapshot(db)
    // The former form: every contribution counted on its author day and, again, on its commit day.
    await db.execute(sql`delete from contribution_days`)
    await db.execute(sql`delete from contribution_months`)
    await db.execute(sql`insert into contribution_days (identity_id, day, kind, repository, is_merge, date_basis, count)
      select identity_id, (occurred_at at time zone 'UTC')::date, kind, repository, is_merge, 'author', count(*) from contributions group by 1, 2, 3, 4, 5
      union all
      select identity_id, (coalesce(committed_at, occurred_at) at time zone 'UTC')::date, kind, repository, is_merge, 'commit', count(*) from contributions group by 1, 2, 3, 4, 5`)
    await db.execute(sql`insert into contribution_months (identity_id, month, kind, repository, is_merge, date_basis, count)
      select identity_id, (date_trunc('month', day::timestamp))::date, kind, repository, is_merge, date_basis, sum(count) from contribution_days group by 1, 2, 3, 4, 5, 6`)
    expect(await aggregateSnapshot(db)).not.toEqual(now)
    // 0021 upserts on the days' key of its time (a primary key until migration 0024): a unique index stands in.
    await db.execute(sql`create unique index days_key_0021 on contribution_days (identity_id, date_basis, is_merge, day, kind, repository)`)
    await runMigration(db, '0021_commit_basis_as_difference.sql')
    await db.execute(sql`drop index days_key_0021`)
    expect(await aggregateSnapshot(db)).toEqual(now)
  })

  it('migration 0024 keeps the days of the former primary key, and the store then appends to them', async () => {
    const { db } = ctx()
    await db.execute(sql`truncate contribution_days, contribution_months, contributions, contributor_identities cascade`)
    // Two commits a minute apart each time: days with two contributions of the same key.
    const records = history().flatMap((r) => [r, { ...r, externalId: `${r.externalId}b`, occurredAt: new Date(r.occurredAt.getTime() + 60_000) }])
    const half = Math.floor(records.length / 2)
    await ingestContributions(db, records.slice(0, half))
    // The schema before 0024: the days keyed by a primary key (one row per key, as the store wrote them then).
    await db.execute(sql`drop index contribution_days_key`)
    await db.execute(sql`alter table contribution_days add constraint contribution_days_pk primary key (identity_id, date_basis, is_merge, day, kind, repository) include (count)`)
    await runMigration(db, '0024_contribution_days_append_only.sql')
    // Both halves again, in batches that cut the days elsewhere: the second half's days are appended next to
    // the first's (several rows for some keys) and every count is what one import of everything gives.
    for (let i = 0; i < records.length; i += 61) await ingestContributions(db, records.slice(i, i + 61))
    const repeated = await rows<{ n: number }>(db, sql`select count(*)::int as n from (select 1 from contribution_days group by identity_id, date_basis, is_merge, day, kind, repository having count(*) > 1) x`)
    expect(repeated[0]!.n).toBeGreaterThan(0)
    const appended = await aggregateSnapshot(db)
    await db.execute(sql`truncate contribution_days, contribution_months, contributions, contributor_identities cascade`)
    await ingestContributions(db, records)
    // (Identity ids differ between the two stores: compared without them.)
    const withoutIds = (xs: { k: string }[]) => xs.map((r) => r.k.replace(/^(\S+ )\d+ /, '$1')).sort()
    expect(withoutIds(appended)).toEqual(withoutIds(await aggregateSnapshot(db)))
  })
})
