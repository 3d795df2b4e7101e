import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { eq, inArray } from 'drizzle-orm'
import { afterAll, expect, it } from 'vitest'
import { describeDb, TEST_NOW } from '../../../tests/support/db.ts'
import { makeCommunity } from '../../../tests/support/factories.ts'
import { buildRepository, type FixtureCommit } from '../../../tests/support/git-fixtures.ts'
import { findOrCreatePerson } from '../accounts/find-or-create-person.ts'
import { applications } from '../applications/schema.ts'
import { createPeople } from '../people/create-people.ts'
import { evaluateCommand, makeEvaluateCommand } from '../../commands/evaluate.ts'
import type { CommandIO } from '../../commands/command.ts'
import type { AppDeps } from '../../deps.ts'
import { importGitRepository } from './git/import-git.ts'
import { importGithub } from './github/import-github.ts'
import { startFakeGitHub, type FakeRepository } from './github/fake-github.ts'
import type { ApiCommit, ApiPull } from './github/records.ts'
import { importFeed, type ImportFeedInput } from './feeds/import-feed.ts'
import { linkContributorIdentity } from './link-identities.ts'
import { importRuns } from './schema.ts'

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-reimport-'))
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

/** `n` commits by `email`, one a day from `from` (UTC noon). */
function commits(email: string, from: string, n: number): FixtureCommit[] {
  return Array.from({ length: n }, (_, i) => {
    const seconds = Date.parse(`${from}T12:00:00Z`) / 1000 + i * 86_400
    const sig = { name: 'Dev', email, seconds, tz: '+0000' }
    return { author: sig, committer: sig, parents: i === 0 ? 0 : 1, message: `change ${i}` }
  })
}

function captureIo() {
  const out: string[] = []
  const err: string[] = []
  const progress: string[] = []
  const io: CommandIO = { out: (l) => out.push(l), err: (l) => err.push(l), progress: (l) => progress.push(l) }
  return { io, out, err, progress }
}

describeDb('evaluate --reimport: re-import and re-evaluate a cohort in one command', (ctx) => {
  it('runs the recorded imports of the program’s organisations again, then re-evaluates every application', async () => {
    const deps = ctx()
    const c = await makeCommunity(deps.db, {
      program: {
        requirementsAtLeast: 1,
        requirements: [{ key: 'code', title: 'Ten commits to our repositories', kind: 'code_contributions', threshold: 10, windowMonths: 12, settings: { organizations: ['ourorg'] } }],
      },
    })
    const cohort = `${c.slug}/ambassadors/2025`
    const { personId } = await findOrCreatePerson(deps.db, { provider: 'email', subject: 'dev@example.org', email: 'dev@example.org' })
    const [app] = await deps.db.insert(applications).values({ cohortId: c.cohort!.cohortId, personId, status: 'submitted' }).returning()

    // Two repositories imported once: ours with 6 commits in the window, another organisation's.
    const ours = path.join(scratch, `${deps.engine}-ours`)
    const theirs = path.join(scratch, `${deps.engine}-theirs`)
    await buildRepository(ours, commits('dev@example.org', '2024-06-01', 6))
    await buildRepository(theirs, commits('dev@example.org', '2024-06-01', 3))
    await importGitRepository(deps.db, { path: ours, repo: 'ourorg/api' })
    await importGitRepository(deps.db, { path: theirs, repo: 'otherorg/x' })

    const evaluate = async (options: Record<string, unknown>) => {
      const cap = captureIo()
      const code = await evaluateCommand.run(deps, { cohort, ...options }, cap.io)
      return { code, ...cap }
    }
    const first = await evaluate({ json: true })
    expect(first.code).toBe(0)
    expect(JSON.parse(first.out[0]!).verdict.requirements[0]).toMatchObject({ key: 'code', status: 'not_met', count: 6 })

    // Five more commits land in our repository (the same history, extended); nobody imports them.
    fs.rmSync(ours, { recursive: true })
    await buildRepository(ours, commits('dev@example.org', '2024-06-01', 11))

    const second = await evaluate({ reimport: true })
    expect(second.code).toBe(0)
    expect(second.err).toEqual([
      're-import git ourorg/api: read 11, imported 5, skipped as duplicate 6, skipped as bot 0, rejected 0',
      're-imported 1 of 1 recorded import (repositories of ourorg): read 11, imported 5, skipped as duplicate 6, skipped as bot 0, rejected 0',
      're-evaluated 1 application of Ambassadors 2025',
    ])
    expect(second.progress.some((l) => l.startsWith('re-import 1/1: git ourorg/api'))).toBe(true)
    expect(second.out.join('\n')).toContain('eligible')
    const [stored] = await deps.db.select().from(applications)
    expect(stored!.id).toBe(app!.id)
    expect((stored!.eligibility as { requirements: unknown[] }).requirements[0]).toMatchObject({ key: 'code', status: 'met', count: 11 })

    // Once more: nothing new, nothing changes.
    const third = await evaluate({ reimport: true, json: true })
    expect(third.err[0]).toBe('re-import git ourorg/api: read 11, imported 0, skipped as duplicate 11, skipped as bot 0, rejected 0')
    // With --json, the re-import's summary is the first line of stdout, then one verdict per line.
    expect(JSON.parse(third.out[0]!)).toEqual({
      reimport: {
        imports: [{ source: 'git', label: 'ourorg/api', counts: { read: 11, imported: 0, duplicates: 11, bots: 0, rejected: 0 } }],
        notes: [],
        totals: { read: 11, imported: 0, duplicates: 11, bots: 0, rejected: 0 },
      },
    })
    expect(JSON.parse(third.out[1]!).verdict.requirements[0]).toMatchObject({ status: 'met', count: 11 })

    // A recorded repository that is gone is reported, the rest still runs, and the exit code says so.
    fs.rmSync(ours, { recursive: true })
    const gone = await evaluate({ reimport: true })
    expect(gone.code).toBe(1)
    expect(gone.err[0]).toMatch(/^re-import git ourorg\/api: failed: .*-ours does not exist$/)
    expect(gone.err.at(-1)).toBe('re-evaluated 1 application of Ambassadors 2025')
  })
})

// ---------------------------------------------------------------------------------------------------------
// GitHub API imports and applicants' feeds

const ana = { id: 2001, login: 'ana-gh', type: 'User' }
const ghCommit = (sha: string, date: string): ApiCommit => ({
  sha,
  html_url: `https://github.com/ghorg/app/commit/${sha}`,
  author: ana,
  commit: { message: `Change ${sha}`, author: { name: 'Ana', email: 'ana@example.org', date } },
  parents: [{ sha: `${sha}-parent` }],
})
const ghPull = (number: number, created: string): ApiPull => ({ number, title: `PR ${number}`, html_url: `https://github.com/ghorg/app/pull/${number}`, user: ana, created_at: created, merged_at: null })

/** An RSS feed of posts, each [path, day]. */
const rss = (title: string, site: string, posts: [string, string][]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title>${posts
    .map(([p, day]) => `<item><title>Post ${p}</title><link>https://${site}/${p}</link><pubDate>${new Date(`${day}T08:00:00Z`).toUTCString()}</pubDate></item>`)
    .join('')}</channel></rss>`

/** A blog server on 127.0.0.1 that a stand-in resolver names blog.example.org; what it serves can change between runs. */
async function startBlogs() {
  const posts: Record<string, [string, string][]> = {
    ana: [
      ['ana-1', '2024-09-01'],
      ['ana-2', '2025-01-15'],
    ],
    bo: [['bo-1', '2024-10-01']],
    other: [['other-1', '2024-10-01']],
    di: [['di-1', '2024-10-01']],
  }
  const requests: string[] = []
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://local').pathname
    requests.push(p)
    const feed = /^\/(ana|bo|other|di)\.xml$/.exec(p)?.[1]
    if (p === '/') {
      // Ana's blog: a home page that announces its feed, as applicants give it.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end('<!DOCTYPE html><html><head><title>Ana</title><link rel="alternate" type="application/rss+xml" title="Ana" href="/ana.xml"></head><body>Hi</body></html>')
    } else if (feed) {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
      res.end(rss(feed, `${feed}.example.org`, posts[feed]!))
    } else if (p === '/about') {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<!DOCTYPE html><html><head><title>About</title></head><body>No feed here</body></html>')
    } else if (p === '/huge.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' })
      res.end(`<rss><channel>${'<item><title>x</title></item>'.repeat(80_000)}</channel></rss>`) // 2.2 MB: over the 2 MB limit
    } else {
      res.writeHead(404)
      res.end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const fetch: ImportFeedInput['fetch'] = {
    allowAddresses: ['127.0.0.1'],
    resolve: async (host) => {
      if (host === 'blog.example.org') return [{ address: '127.0.0.1', family: 4 }]
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
    },
  }
  return {
    posts,
    requests,
    fetch,
    url: (p: string) => `http://blog.example.org:${port}${p}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

describeDb('evaluate --reimport: GitHub API imports and applicants’ feeds', (ctx) => {
  it('re-runs the GitHub API import with the configured token and fetches the applicants’ feeds again; failures are reported, the rest goes on', async () => {
    const base = ctx()
    const repo: FakeRepository = { commits: [ghCommit('a1', '2024-06-01T10:00:00Z'), ghCommit('a2', '2024-07-01T10:00:00Z')], pulls: [], issues: [] }
    const fake = await startFakeGitHub({ orgs: { ghorg: ['ghorg/app'] }, repos: { 'ghorg/app': repo } })
    const blogs = await startBlogs()
    const TOKEN = 'ghs_reimport_token_never_printed'
    const deps: AppDeps = { ...base, config: { ...base.config, githubApiUrl: fake.url, githubToken: TOKEN } }
    // Feed items dated after "now" are refused: place now after the cohort's window (March 2025).
    base.setNow(new Date('2025-04-10T00:00:00Z'))
    try {
      const c = await makeCommunity(deps.db, {
        program: {
          requirementsAtLeast: 2,
          requirements: [
            { key: 'code', title: 'Three contributions', kind: 'code_contributions', threshold: 3, windowMonths: 12, settings: { organizations: ['ghorg'], kinds: ['commit', 'pr_opened'] } },
            { key: 'blogs', title: 'Two blog posts', kind: 'content_count', threshold: 2, windowMonths: 12 },
          ],
        },
      })
      const cohort = `${c.slug}/ambassadors/2025`
      const [pAna, pBo, pCy, pEd, pFay, pDi, pOut] = await createPeople(deps.db, ['ana', 'bo', 'cy', 'ed', 'fay', 'di', 'out'].map((h) => ({ displayName: h.toUpperCase(), handle: h })))
      await linkContributorIdentity(deps.db, `github:${ana.id}`, pAna!.id)
      const apply = (personId: string, blog: string | undefined, status: 'submitted' | 'withdrawn' = 'submitted') =>
        deps.db.insert(applications).values({ cohortId: c.cohort!.cohortId, personId, status, links: blog ? { blog } : {} }).returning()
      await apply(pAna!.id, blogs.url('/')) // a home page announcing the feed
      await apply(pBo!.id, blogs.url('/gone.xml')) // 404
      await apply(pCy!.id, 'http://10.1.2.3/feed.xml') // a private address: refused
      await apply(pEd!.id, blogs.url('/huge.xml')) // too large
      await apply(pFay!.id, blogs.url('/about')) // a page without a feed: skipped, not a failure
      await apply(pDi!.id, blogs.url('/di.xml'), 'withdrawn') // withdrawn: not fetched

      // Imported once: the organisation through the API, Bo's feed and a feed of someone who did not apply by hand.
      const quietIo: CommandIO = { out: () => {}, err: () => {} }
      expect((await importGithub(deps, { org: 'ghorg', since: '2024-01-01' }, quietIo)).counts).toMatchObject({ imported: 2 })
      await importFeed(deps, { url: blogs.url('/bo.xml'), personHandle: 'bo', fetch: blogs.fetch }, quietIo)
      await importFeed(deps, { url: blogs.url('/other.xml'), personHandle: 'out', fetch: blogs.fetch }, quietIo)
      const [recorded] = await deps.db.select().from(importRuns).where(eq(importRuns.source, 'github'))
      expect(recorded!.cursor).toMatchObject({ request: { org: 'ghorg', since: '2024-01-01', apiUrl: fake.url } })
      expect(JSON.stringify(recorded)).not.toContain(TOKEN)
      // Runs recorded by an older version (no request, no person), and one recorded from another GitHub.
      await deps.db.insert(importRuns).values([
        { source: 'github', target: 'org:ghorg since:- until:-', status: 'done', cursor: { repos: {} } },
        { source: 'github', target: 'org:elsewhere since:- until:-', status: 'done', cursor: { repos: {} } },
        { source: 'github', target: 'org:ghorg since:2024-02-30 until:-', status: 'failed', cursor: { repos: {}, request: { org: 'ghorg', since: '2024-02-30', apiUrl: fake.url } } },
        { source: 'github', target: 'repos:ghorg/lib since:- until:-', status: 'done', cursor: { repos: {}, request: { repos: ['ghorg/lib'], apiUrl: 'https://ghe.example.com/api/v3' } } },
        { source: 'feed', target: 'https://old.example.org/feed.xml', status: 'done', cursor: {} },
      ])

      const evaluate = async (options: Record<string, unknown>, d: AppDeps = deps) => {
        const cap = captureIo()
        const code = await makeEvaluateCommand({ feedFetch: blogs.fetch }).run(d, { cohort, ...options }, cap.io)
        return { code, ...cap }
      }
      const verdictOf = (out: string[], name: string) => out.map((l) => JSON.parse(l)).find((l) => l.applicant === name)!.verdict
      const first = await evaluate({ json: true })
      expect(first.code).toBe(0)
      expect(verdictOf(first.out, 'ANA')).toMatchObject({ overall: 'not_eligible', requirements: [{ key: 'code', count: 2 }, { key: 'blogs', count: 0 }] })

      // New on GitHub: a commit and a pull request; Bo posts again.
      repo.commits!.unshift(ghCommit('a3', '2024-12-01T10:00:00Z'))
      repo.pulls!.push(ghPull(1, '2025-01-10T00:00:00Z'))
      blogs.posts.bo!.push(['bo-2', '2025-02-01'])
      const ghBefore = fake.requests.length
      blogs.requests.length = 0

      const second = await evaluate({ reimport: true })
      expect(second.code).toBe(1) // three feeds failed; everything else was imported
      const u = blogs.url
      expect(second.err).toEqual([
        're-import github org ghorg: skipped: recorded by an older version of Embassy, which did not keep the request and API address a re-run needs; run `embassy import github --org ghorg` once more to record it',
        're-import github org ghorg (since 2024-01-01): read 4, imported 2, skipped as duplicate 2, skipped as bot 0, rejected 0',
        're-import github org ghorg (since 2024-02-30): skipped: its recorded request does not hold (--since "2024-02-30" is not a day written YYYY-MM-DD); run `embassy import github --org ghorg` once more to record it',
        `re-import github repos ghorg/lib: skipped: recorded from https://ghe.example.com/api/v3, but GITHUB_API_URL is now ${fake.url}; run \`embassy import github --repos ghorg/lib\` once more to record it there`,
        `re-import feed ${u('/')} (@ana): read 2, imported 2, skipped as duplicate 0, skipped as bot 0, rejected 0`,
        `re-import feed ${u('/bo.xml')} (@bo): read 2, imported 1, skipped as duplicate 1, skipped as bot 0, rejected 0`,
        `re-import feed ${u('/gone.xml')} (@bo): failed: could not fetch the feed: HTTP 404 from ${u('/gone.xml')}`,
        're-import feed http://10.1.2.3/feed.xml (@cy): failed: refused: 10.1.2.3 is a private address; feeds are fetched from public addresses only',
        `re-import feed ${u('/huge.xml')} (@ed): failed: could not fetch the feed: response larger than 2 MB`,
        `re-import feed ${u('/about')} (@fay): skipped: the application's blog link: not a feed: the document is an HTML page, not an RSS or Atom feed (the page may link to its feed, often at /feed, /rss or /atom.xml) (${u('/about')}), and it announces no feed`,
        '1 recorded feed import names no person (recorded by an older version of Embassy), so it is not matched to applicants; `embassy import feed URL --person HANDLE` once records it',
        "re-imported 3 of 6 recorded imports (repositories of ghorg; feeds of the cohort's applicants), 4 skipped: read 8, imported 5, skipped as duplicate 3, skipped as bot 0, rejected 0",
        're-evaluated 6 applications of Ambassadors 2025',
      ])
      expect(second.progress.filter((l) => l.startsWith('re-import ')).map((l) => l.replace(/:.*/, ''))).toEqual(Array.from({ length: 7 }, (_, i) => `re-import ${i + 1}/7`))
      // Only the cohort's applicants' feeds were fetched (not the withdrawn one's, nor anyone else's), once each.
      expect([...blogs.requests].sort()).toEqual(['/', '/about', '/ana.xml', '/bo.xml', '/gone.xml', '/huge.xml'])
      // The API was read with the configured token, from the recorded organisation only.
      const ghRequests = fake.requests.slice(ghBefore)
      expect(ghRequests.length).toBeGreaterThan(0)
      const readsGhorg = (r: (typeof ghRequests)[number]) => (r.operation ? r.variables?.owner === 'ghorg' && r.variables?.name === 'app' : /^\/(orgs\/ghorg|repos\/ghorg\/app)\//.test(r.path))
      expect(ghRequests.every((r) => r.authorization?.includes(TOKEN) && readsGhorg(r))).toBe(true)
      expect(ghRequests.some((r) => r.operation === 'PullRequests')).toBe(true)
      expect(second.out.join('\n')).toMatch(/ANA\s+submitted\s+eligible/)
      const [stored] = await deps.db.select().from(applications).where(eq(applications.personId, pAna!.id))
      expect((stored!.eligibility as { requirements: unknown[] }).requirements).toMatchObject([
        { key: 'code', status: 'met', count: 4 },
        { key: 'blogs', status: 'met', count: 2 },
      ])

      // Once more: nothing new, nothing changes; with --json the summary is the first line of stdout.
      const third = await evaluate({ reimport: true, json: true })
      expect(third.code).toBe(1)
      const summary = JSON.parse(third.out[0]!).reimport
      expect(summary.totals).toEqual({ read: 8, imported: 0, duplicates: 8, bots: 0, rejected: 0 })
      expect(summary.imports).toContainEqual({ source: 'github', label: 'org ghorg (since 2024-01-01)', counts: { read: 4, imported: 0, duplicates: 4, bots: 0, rejected: 0 } })
      expect(summary.imports).toContainEqual({ source: 'feed', label: `${u('/gone.xml')} (@bo)`, error: `could not fetch the feed: HTTP 404 from ${u('/gone.xml')}` })
      expect(summary.imports.filter((i: { skipped?: string }) => i.skipped)).toHaveLength(4)
      expect(summary.notes).toHaveLength(1)
      expect(verdictOf(third.out.slice(1), 'ANA')).toMatchObject({ overall: 'eligible', requirements: [{ count: 4 }, { count: 2 }] })

      // GitHub refuses the token half-way: what was read before is counted, the error says why, the token is not printed.
      fake.script('/repos/ghorg/app/issues', { status: 401, body: { message: 'Bad credentials' } })
      const refused = await evaluate({ reimport: true })
      expect(refused.code).toBe(1)
      const refusedLine = refused.err.find((l) => l.startsWith('re-import github org ghorg (since 2024-01-01)'))!
      expect(refusedLine).toMatch(/: failed after read 4, imported 0, skipped as duplicate 4, skipped as bot 0, rejected 0: GitHub rejected GITHUB_TOKEN while reading repository ghorg\/app \(401: "Bad credentials"\)/)
      expect(refused.err.join('\n')).not.toContain(TOKEN)

      // Applicants fix their links; without a GitHub token the API imports are left out with one line, the feeds still run.
      await deps.db.update(applications).set({ links: {} }).where(inArray(applications.personId, [pBo!.id, pCy!.id, pEd!.id, pFay!.id]))
      const ghBeforeNoToken = fake.requests.length
      const noToken = await evaluate({ reimport: true }, { ...deps, config: { ...deps.config, githubToken: undefined } })
      expect(noToken.code).toBe(0)
      expect(noToken.err).toEqual([
        `re-import feed ${u('/')} (@ana): read 2, imported 0, skipped as duplicate 2, skipped as bot 0, rejected 0`,
        `re-import feed ${u('/bo.xml')} (@bo): read 2, imported 0, skipped as duplicate 2, skipped as bot 0, rejected 0`,
        'GitHub imports not re-run: no GITHUB_TOKEN configured (4 recorded: org ghorg; org ghorg (since 2024-01-01); org ghorg (since 2024-02-30); repos ghorg/lib)',
        '1 recorded feed import names no person (recorded by an older version of Embassy), so it is not matched to applicants; `embassy import feed URL --person HANDLE` once records it',
        "re-imported 2 of 2 recorded imports (repositories of ghorg; feeds of the cohort's applicants): read 4, imported 0, skipped as duplicate 4, skipped as bot 0, rejected 0",
        're-evaluated 6 applications of Ambassadors 2025',
      ])
      expect(fake.requests.length).toBe(ghBeforeNoToken)
      expect(noToken.out.join('\n')).toMatch(/ANA\s+submitted\s+eligible/)

      // Bad input stays clean.
      const bad = await evaluate({ reimport: true, cohort: 'nope/nope/nope' })
      expect(bad).toMatchObject({ code: 2, err: ['evaluate: There is no cohort nope/nope/nope.'] })
      expect((await evaluate({ reimport: true, cohort: 'nope' })).code).toBe(2)
      expect(pDi && pOut).toBeTruthy()
    } finally {
      base.setNow(TEST_NOW)
      await fake.close()
      await blogs.close()
    }
  })
})
