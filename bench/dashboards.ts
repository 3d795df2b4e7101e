import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import pino from 'pino'
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/db/open.ts'
import { buildDeps } from '../src/bootstrap.ts'
import { createApp } from '../src/app.tsx'
import { startSession } from '../src/features/accounts/sessions.ts'
import { makeCommunity } from '../tests/support/factories.ts'
import { activitiesByMonth, coverageByRegion, lastTwelveMonths } from '../src/features/community/dashboards/queries.ts'
import { cachedFeedbackThemes, feedbackThemes, pageFeedback } from '../src/features/community/feedback/queries.ts'
import { rebuildActivityMonths } from '../src/features/community/activities/rollup.ts'
import { listLedger } from '../src/features/community/activities/ledger.ts'
import { listGroups } from '../src/features/community/groups/queries.ts'
import { log, track, type BenchContext } from './harness.ts'

const AMBASSADORS = 400
const GROUPS = 200
const ACTIVITIES = 30_000
const FEEDBACK = 5_000
const IMPORTED_DAYS = 20_000
const TARGET_P99_MS = 100
const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 200)

/**
 * The community pages of a program with 400 ambassadors, 200 user groups, 30,000 logged activities, 20,000
 * days of imported contributions and 5,000 feedback items, on PostgreSQL: p50/p99 of each page rendered by the
 * app in-process (session lookup, queries, JSX, SVG), next to /healthz in the same run.
 */
export async function run(ctx: BenchContext): Promise<void> {
  const adminUrl = new URL(process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test')
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(adminUrl.hostname)) throw new Error('BENCH_DATABASE_URL must point at a local server')
  const name = `embassy_bench_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl.toString() })
  await admin.connect()
  await admin.query(`create database "${name}"`)
  const drop = track(async () => {
    // BENCH_KEEP_DATABASE=1 leaves the data for EXPLAIN ANALYZE (drop it by hand afterwards).
    if (process.env.BENCH_KEEP_DATABASE === '1') return void (await admin.end(), log(`kept database ${name}`))
    await admin.query(`drop database if exists "${name}" with (force)`)
    await admin.end()
    log(`dropped database ${name}`)
  })
  try {
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    const config = loadConfig({ DATABASE_URL: url.toString(), SECRET_KEY: randomBytes(36).toString('base64url'), PAGE_CACHE_SECONDS: '0', BASE_URL: 'http://bench.test' })
    const opened = await openDatabase(config, { kind: 'cli' })
    const deps = buildDeps(config, opened.database, pino({ level: 'silent' }))
    const { db } = deps
    try {
      const started = Date.now()
      const made = await makeCommunity(db)
      const p = made.programId
      const exec = (q: string) => db.execute(sql.raw(q))
      await exec(`insert into people (handle, display_name, search_key, email) select 'bench-amb-' || g, 'Ambassador ' || g, 'ambassador ' || g, 'amb' || g || '@bench.test' from generate_series(1, ${AMBASSADORS}) g`)
      await exec(`insert into memberships (person_id, cohort_id, term_start, term_end) select id, '${made.cohort!.cohortId}', now() - interval '200 days', now() + interval '165 days' from people where handle like 'bench-amb-%'`)
      await exec(`insert into user_groups (program_id, name, name_key, city, country, region, cadence, last_meetup_on, status)
        select '${p}', 'Group ' || g, 'group ' || g, 'City ' || g, 'DE', (array['africa','east_asia','south_asia','southeast_asia','oceania','europe','middle_east','north_america','latin_america'])[1 + g % 9], 'monthly', current_date - (g * 3 % 400), 'approved'
          from generate_series(1, ${GROUPS}) g`)
      await exec(`insert into user_group_liaisons (group_id, person_id) select g.id, p.id from (select id, row_number() over (order by name) as n from user_groups where program_id = '${p}') g
        join (select id, row_number() over (order by handle) as n from people where handle like 'bench-amb-%') p on p.n = g.n or p.n = g.n + ${GROUPS}`)
      await exec(`insert into activities (program_id, person_id, type, title, occurred_on, url, url_key, region, group_id, audience_size)
        select '${p}', p.id, (array['blog_post','video','talk','workshop','event_organised','meetup','user_case','localisation','onboarding','feedback_session'])[1 + a.g % 10], 'Activity ' || a.g,
               current_date - (a.g % 365), 'https://bench.example/a/' || a.g, 'bench.example/a/' || a.g, g.region, g.id, a.g % 200
          from generate_series(1, ${ACTIVITIES}) a(g)
          join (select id, row_number() over (order by handle) - 1 as n from people where handle like 'bench-amb-%') p on p.n = a.g % ${AMBASSADORS}
          join (select id, region, row_number() over (order by name) - 1 as n from user_groups where program_id = '${p}') g on g.n = a.g % ${GROUPS}`)
      await exec(`insert into feedback_items (program_id, group_id, text, product_area, kind, created_at)
        select '${p}', g.id, 'Feedback point ' || f.g, 'area-' || (f.g % 40), (array['bug','docs_gap','feature_request','praise'])[1 + f.g % 4], now() - (f.g % 365) * interval '1 day'
          from generate_series(1, ${FEEDBACK}) f(g) join (select id, row_number() over (order by name) - 1 as n from user_groups where program_id = '${p}') g on g.n = f.g % ${GROUPS}`)
      await exec(`insert into feedback_votes (feedback_id, group_id) select f.id, g.id from (select id, group_id, row_number() over (order by id) as n from feedback_items) f
        join (select id, row_number() over (order by name) as n from user_groups where program_id = '${p}') g on g.n = 1 + (f.n * 7) % ${GROUPS} and g.id <> f.group_id where f.n % 2 = 0 on conflict do nothing`)
      // The bulk inserts bypass the write paths, so bring their roll-ups up to date the way the migration did.
      await rebuildActivityMonths(db, p)
      await exec(`update feedback_items f set vote_count = (select count(*) from feedback_votes v where v.feedback_id = f.id),
        merged_count = (select count(*) from feedback_items d where d.merged_into_id = f.id) where f.program_id = '${p}'`)
      await exec(`insert into contributor_identities (key, person_id, last_seen_at) select 'email:' || email, id, now() from people where handle like 'bench-amb-%'`)
      await exec(`insert into contribution_days (identity_id, day, kind, repository, is_merge, date_basis, count)
        select i.id, current_date - (d.g % 365), case when d.g % 5 = 0 then 'content_item' else 'commit' end, 'kubesphere/repo' || (d.g % 7), false, 'author', 1 + d.g % 4
          from generate_series(1, ${IMPORTED_DAYS}) d(g) join (select id, row_number() over (order by key) - 1 as n from contributor_identities) i on i.n = d.g % ${AMBASSADORS}
          on conflict do nothing`)
      await exec(`insert into people (handle, display_name, search_key, email) values ('bench-manager', 'Bench Manager', 'bench manager', 'manager@bench.test')`)
      await exec(`insert into role_grants (person_id, community_id, role) select id, '${made.communityId}', 'program_manager' from people where handle = 'bench-manager'`)
      await exec('vacuum analyze')
      const ids = (await db.execute(sql.raw(`select (select id from people where handle = 'bench-manager') as manager, (select id from people where handle = 'bench-amb-1') as ambassador`))) as unknown as { rows: { manager: string; ambassador: string }[] }
      const managerCookie = `embassy_session=${await startSession(db, ids.rows[0]!.manager, new Date())}`
      const ambassadorCookie = `embassy_session=${await startSession(db, ids.rows[0]!.ambassador, new Date())}`
      log(`dashboards: data generated in ${((Date.now() - started) / 1000).toFixed(0)} s`)

      const app = createApp(deps)
      const base = `/c/${made.slug}/programs/${made.programSlug}`
      const timed = async (path: string, cookie: string) => {
        const get = async () => {
          const res = await app.request(path, { headers: { cookie } })
          if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
          await res.text()
        }
        for (let k = 0; k < 10; k++) await get()
        const times: number[] = []
        for (let k = 0; k < RUNS; k++) {
          const t0 = performance.now()
          await get()
          times.push(performance.now() - t0)
        }
        times.sort((a, b) => a - b)
        const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]! * 10) / 10
        return { p50: at(0.5), p99: at(0.99) }
      }
      // The queries alone (no HTTP, no rendering), to see where page time goes.
      const today = new Date().toISOString().slice(0, 10)
      const months = lastTwelveMonths(today)
      const [ny, nm] = months[11]!.split('-').map(Number) as [number, number]
      const window = { programId: p, fromDay: `${months[0]}-01`, toDay: new Date(Date.UTC(ny, nm, 1)).toISOString().slice(0, 10) }
      const queries: [string, () => Promise<unknown>][] = [
        ['activitiesByMonth', () => activitiesByMonth(db, window)],
        ['coverageByRegion', () => coverageByRegion(db, { ...window, today })],
        ['feedbackThemes', () => feedbackThemes(db, p)],
        ['cachedFeedbackThemes', () => cachedFeedbackThemes(db, p)],
        ['pageFeedback', () => pageFeedback(db, { programId: p })],
        ['listLedger', () => listLedger(db, { programId: p })],
        ['listGroups', () => listGroups(db, { programId: p, today })],
      ]
      for (const [query, runQuery] of queries) {
        const times: number[] = []
        for (let k = 0; k < 3; k++) await runQuery()
        for (let k = 0; k < 30; k++) {
          const t0 = performance.now()
          await runQuery()
          times.push(performance.now() - t0)
        }
        times.sort((a, b) => a - b)
        ctx.emit({ bench: 'dashboards', engine: 'postgres', query, runs: 30, p50_ms: Math.round(times[14]! * 10) / 10, max_ms: Math.round(times[29]! * 10) / 10 })
      }
      // Deep pages by keyset (the middle of the ledger and of the feedback list) cost what the first pages cost.
      const deep = (await db.execute(sql.raw(`select
          (select occurred_on::text || '.logged.' || id from activities where program_id = '${p}' order by occurred_on desc, id offset ${ACTIVITIES / 2} limit 1) as ledger,
          (select vote_count::text || '_' || to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '_' || id from feedback_items
            where program_id = '${p}' and merged_into_id is null order by vote_count desc, created_at desc, id offset ${FEEDBACK / 2} limit 1) as feedback`))) as unknown as { rows: { ledger: string; feedback: string }[] }
      const baseline = await timed('/healthz', '')
      log(`dashboards: /healthz p50 ${baseline.p50} ms, p99 ${baseline.p99} ms`)
      const pages: [string, string, string][] = [
        ['dashboard', `${base}/dashboard`, managerCookie],
        ['feedback', `${base}/feedback`, managerCookie],
        ['activities', `${base}/activities`, managerCookie],
        ['activities-deep', `${base}/activities?after=${encodeURIComponent(deep.rows[0]!.ledger)}`, managerCookie],
        ['feedback-deep', `${base}/feedback?after=${encodeURIComponent(deep.rows[0]!.feedback)}`, managerCookie],
        ['groups', `${base}/groups`, managerCookie],
        ['my-year', `${base}/my-year`, ambassadorCookie],
      ]
      for (const [page, path, cookie] of pages) {
        const r = await timed(path, cookie)
        log(`dashboards: ${page} p50 ${r.p50} ms, p99 ${r.p99} ms`)
        ctx.emit({ bench: 'dashboards', engine: 'postgres', page, ambassadors: AMBASSADORS, groups: GROUPS, activities: ACTIVITIES, imported_days: IMPORTED_DAYS, feedback: FEEDBACK, runs: RUNS, p50_ms: r.p50, p99_ms: r.p99, target_p99_ms: TARGET_P99_MS, meets_target: r.p99 < TARGET_P99_MS, healthz_p99_ms: baseline.p99, ratio_to_healthz_p99: Math.round((r.p99 / Math.max(0.1, baseline.p99)) * 10) / 10 })
      }
    } finally {
      await opened.close()
    }
  } finally {
    await drop()
  }
}
