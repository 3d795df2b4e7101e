import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
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
const RUNS = 20

/**
 * The window query on PostgreSQL: contributions of 10,000 identities over one year, from 10,000,000 stored
 * contributions (20,000 identities, three years, 200 repositories, each person active in a few of them on
 * some days). Data is generated in SQL, and the day and month aggregates are built the way ingest maintains them.
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
          sql.raw(`insert into contributions (key, kind, source, repository, external_id, identity_id, occurred_at, is_merge)
            select md5('commit' || chr(31) || 'org' || (r / 20) || '/repo' || r || chr(31) || g)::uuid, 'commit', 'bench', 'org' || (r / 20) || '/repo' || r, g::text, i,
                   timestamptz '2021-01-01 00:00:00+00' + ((i * 11 + (k / 8) * 17) % 1095) * interval '1 day' + (g % 86400) * interval '1 second',
                   g % 7 = 0
              from (select g, 1 + (g / ${per}) % ${IDENTITIES} as i, g % ${per} as k, (((g / ${per}) % ${IDENTITIES}) * 7 + ((g % ${per}) / 97) % 4) % 200 as r
                      from generate_series(0, ${CONTRIBUTIONS - 1}) g) s`),
        ),
        1_800_000,
        'generating contributions',
      )
      // The aggregates as ingest maintains them: a day row on the author basis (the generated rows have one
      // date, so the commit basis, stored as its difference from the author basis, has no rows), and the
      // monthly roll-up of the days.
      await db.execute(
        sql.raw(`insert into contribution_days (identity_id, day, kind, repository, is_merge, date_basis, count)
          select identity_id, (occurred_at at time zone 'UTC')::date, kind, repository, is_merge, 'author', count(*)
            from contributions group by 1, 2, 3, 4, 5`),
      )
      await db.execute(
        sql.raw(`insert into contribution_months (identity_id, month, kind, repository, is_merge, date_basis, count)
          select identity_id, day - extract(day from day)::int + 1, kind, repository, is_merge, date_basis, sum(count)
            from contribution_days group by 1, 2, 3, 4, 5, 6`),
      )
      // A vacuum sets the visibility map that an index-only scan needs; autovacuum does the same after large
      // inserts on a live server (autovacuum_vacuum_insert_threshold).
      await db.execute(sql.raw('vacuum analyze'))
      const count = async (q: string) => ((await db.execute(sql.raw(q))) as unknown as { rows: { n: number }[] }).rows[0]!.n
      const days = await count('select count(*)::int as n from contribution_days')
      const months = await count('select count(*)::int as n from contribution_months')
      log(`window: generated in ${((Date.now() - started) / 1000).toFixed(0)} s (${days.toLocaleString('en-US')} day rows, ${months.toLocaleString('en-US')} month rows)`)

      const identityIds = Array.from({ length: QUERIED }, (_, k) => 1 + k * 2)
      const ids = identityIds.join(',')
      // CPU time next to wall time: on a shared machine the wall time moves with the load, the CPU time much
      // less. The server's is read from /proc for every backend of the bench database (the server is local).
      const backendTicks = async () => {
        const pids = ((await db.execute(sql.raw('select pid from pg_stat_activity where datname = current_database()'))) as unknown as { rows: { pid: number }[] }).rows
        let ticks = 0
        for (const { pid } of pids) {
          try {
            const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
            ticks += Number(fields[11]) + Number(fields[12])
          } catch {
            // a backend that ended, or /proc not readable: counted as nothing
          }
        }
        return ticks * 10 // USER_HZ = 100 on Linux: one tick is 10 ms
      }
      const timed = async (label: string, run: () => Promise<unknown>, runs = RUNS) => {
        for (let k = 0; k < 3; k++) await run()
        const times: number[] = []
        const server0 = await backendTicks()
        const node0 = process.cpuUsage()
        for (let k = 0; k < runs; k++) {
          const t0 = performance.now()
          await run()
          times.push(performance.now() - t0)
        }
        const nodeUsage = process.cpuUsage(node0)
        const serverCpu = Math.round(((await backendTicks()) - server0) / runs)
        const nodeCpu = Math.round((nodeUsage.user + nodeUsage.system) / 1000 / runs)
        times.sort((a, b) => a - b)
        const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]! * 10) / 10
        log(`window: ${label} median ${at(0.5)} ms, p95 ${at(0.95)} ms; CPU per query: server ${serverCpu} ms, node ${nodeCpu} ms`)
        return { median: at(0.5), p95: at(0.95), max: Math.round(times.at(-1)! * 10) / 10, serverCpu, nodeCpu }
      }
      let identities = 0
      const yearly = await timed('whole months', async () => {
        identities = (await countContributions(db, { since: '2022-08-01', until: '2023-08-01', kinds: ['commit'], includeMerges: false, identityIds })).length
      })
      const midMonth = await timed('mid-month edges', () =>
        countContributions(db, { since: '2022-08-15', until: '2023-08-15', kinds: ['commit'], includeMerges: false, identityIds }),
      )
      // Same-run references: the same answer from the day aggregates alone (the query before the roll-up),
      // and from the contribution rows themselves.
      const fromDays = await timed('from days only', () =>
        db.execute(
          sql.raw(`select identity_id, repository, sum(count)::int from contribution_days
                    where day >= '2022-08-01' and day < '2023-08-01' and kind = any('{commit}') and date_basis = 'author' and not is_merge
                      and identity_id = any('{${ids}}'::bigint[]) group by 1, 2`),
        ),
      )
      const monthsSql = await timed('months SQL alone', () =>
        db.execute(
          sql.raw(`select identity_id, repository, sum(count)::int from contribution_months
                    where month >= '2022-08-01' and month < '2023-08-01' and kind = any('{commit}') and date_basis = 'author' and not is_merge
                      and identity_id = any('{${ids}}'::bigint[]) group by 1, 2`),
        ),
      )
      const fromRows = await timed(
        'from rows',
        () =>
          db.execute(
            sql.raw(`select identity_id, repository, count(*) from contributions
                      where occurred_at >= '2022-08-01' and occurred_at < '2023-08-01' and not is_merge and identity_id = any('{${ids}}'::bigint[])
                      group by 1, 2`),
          ),
        3,
      )
      ctx.emit({
        bench: 'contribution-window',
        engine: 'postgres',
        contributions: CONTRIBUTIONS,
        day_rows: days,
        month_rows: months,
        identities_queried: QUERIED,
        identities_found: identities,
        window: '2022-08-01..2023-08-01',
        runs: RUNS,
        median_ms: yearly.median,
        p95_ms: yearly.p95,
        max_ms: yearly.max,
        mid_month_window: '2022-08-15..2023-08-15',
        mid_month_median_ms: midMonth.median,
        mid_month_p95_ms: midMonth.p95,
        server_cpu_ms: yearly.serverCpu,
        node_cpu_ms: yearly.nodeCpu,
        mid_month_server_cpu_ms: midMonth.serverCpu,
        mid_month_node_cpu_ms: midMonth.nodeCpu,
        load_average: loadavg().map((l) => Math.round(l * 10) / 10),
        months_sql_median_ms: monthsSql.median,
        from_days_median_ms: fromDays.median,
        from_rows_median_ms: fromRows.median,
        speedup_sql_months_vs_days: Math.round((fromDays.median / monthsSql.median) * 10) / 10,
        target: { max_ms: TARGET_MS },
        met: yearly.p95 < TARGET_MS && midMonth.p95 < TARGET_MS,
      })
    } finally {
      await opened.close()
    }
  } finally {
    await drop()
  }
}
