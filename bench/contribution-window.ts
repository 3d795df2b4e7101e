import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/db/open.ts'
import { countContributions } from '../src/features/contributions/queries.ts'
import { log, track, withTimeout, type BenchContext } from './harness.ts'

const CONTRIBUTIONS = Number(process.env.BENCH_WINDOW_CONTRIBUTIONS ?? 10_000_000)
const IDENTITIES = 20_000
const QUERIED = 10_000
const TARGET_MS = 200

/**
 * The window query on PostgreSQL: contributions of 10,000 identities over one year, from 10,000,000 stored
 * contributions (20,000 identities, three years, 200 repositories, each person active in a few of them on
 * some days). Data is generated in SQL, and the per-day aggregates are built the way ingest maintains them.
 */
export async function run(ctx: BenchContext): Promise<void> {
  const adminUrl = new URL(process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test')
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(adminUrl.hostname)) throw new Error('BENCH_DATABASE_URL must point at a local server')
  const name = `embassy_bench_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl.toString() })
  await admin.connect()
  await admin.query(`create database "${name}"`)
  const drop = track(async () => {
    await admin.query(`drop database if exists "${name}" with (force)`)
    await admin.end()
    log(`dropped database ${name}`)
  })
  try {
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    const opened = await openDatabase(loadConfig({ DATABASE_URL: url.toString(), SECRET_KEY: randomBytes(36).toString('base64url') }), { kind: 'cli' })
    const { db } = opened.database
    try {
      const started = Date.now()
      log(`window: generating ${CONTRIBUTIONS.toLocaleString('en-US')} contributions`)
      await db.execute(sql.raw(`insert into contributor_identities (key, name, last_seen_at) select 'email:dev' || g || '@example.org', 'Dev ' || g, now() from generate_series(1, ${IDENTITIES}) g`))
      // Each identity has CONTRIBUTIONS / IDENTITIES contributions, in bursts of 8 on one day, over three years,
      // in ~4 of 200 repositories; one in seven is a merge.
      const per = Math.max(1, Math.floor(CONTRIBUTIONS / IDENTITIES))
      await withTimeout(
        db.execute(
          sql.raw(`insert into contributions (kind, source, repository, external_id, identity_id, occurred_at, is_merge)
            select 'commit', 'bench', 'org' || (r / 20) || '/repo' || r, g::text, i,
                   timestamptz '2021-01-01 00:00:00+00' + ((i * 11 + (k / 8) * 17) % 1095) * interval '1 day' + (g % 86400) * interval '1 second',
                   g % 7 = 0
              from (select g, 1 + (g / ${per}) % ${IDENTITIES} as i, g % ${per} as k, (((g / ${per}) % ${IDENTITIES}) * 7 + ((g % ${per}) / 97) % 4) % 200 as r
                      from generate_series(0, ${CONTRIBUTIONS - 1}) g) s`),
        ),
        1_800_000,
        'generating contributions',
      )
      await db.execute(
        sql.raw(`insert into contribution_days (identity_id, day, kind, repository, is_merge, count)
          select identity_id, (occurred_at at time zone 'UTC')::date, kind, repository, is_merge, count(*) from contributions group by 1, 2, 3, 4, 5`),
      )
      await db.execute(sql.raw('analyze'))
      const [{ days }] = ((await db.execute(sql.raw('select count(*)::int as days from contribution_days'))) as unknown as { rows: { days: number }[] }).rows as [{ days: number }]
      log(`window: generated in ${((Date.now() - started) / 1000).toFixed(0)} s (${days.toLocaleString('en-US')} day aggregates)`)

      const identityIds = Array.from({ length: QUERIED }, (_, k) => 1 + k * 2)
      const query = () => countContributions(db, { since: '2022-08-01', until: '2023-08-01', kinds: ['commit'], includeMerges: false, identityIds })
      for (let k = 0; k < 3; k++) await query()
      const times: number[] = []
      let identities = 0
      for (let k = 0; k < 15; k++) {
        const t0 = performance.now()
        identities = (await query()).length
        times.push(performance.now() - t0)
      }
      times.sort((a, b) => a - b)
      const median = times[Math.floor(times.length / 2)]!
      const worst = times.at(-1)!
      // Same-run reference: the same answer computed from the contribution rows themselves.
      const t0 = performance.now()
      await db.execute(
        sql.raw(`select identity_id, repository, count(*) from contributions
                  where occurred_at >= '2022-08-01' and occurred_at < '2023-08-01' and not is_merge and identity_id = any(array[${identityIds.join(',')}])
                  group by 1, 2`),
      )
      const raw = performance.now() - t0
      ctx.emit({
        bench: 'contribution-window',
        engine: 'postgres',
        contributions: CONTRIBUTIONS,
        day_aggregates: days,
        identities_queried: QUERIED,
        identities_found: identities,
        window: '2022-08-01..2023-08-01',
        median_ms: Math.round(median * 10) / 10,
        max_ms: Math.round(worst * 10) / 10,
        from_rows_ms: Math.round(raw),
        speedup_vs_rows: Math.round((raw / median) * 10) / 10,
        target: { max_ms: TARGET_MS },
        met: worst < TARGET_MS,
      })
    } finally {
      await opened.close()
    }
  } finally {
    await drop()
  }
}
