import { afterAll, beforeAll, expect, it } from 'vitest'
import { and, eq, sql } from 'drizzle-orm'
import { describeDb } from '../../../../tests/support/db.ts'
import type { AppDeps } from '../../../deps.ts'
import type { CommandIO } from '../../../commands/command.ts'
import { importGithubCommand } from '../../../commands/import-github.ts'
import { ingestContributions } from '../store.ts'
import { contributions, importRuns } from '../schema.ts'
import { createGitHubClient, type RateLimitWait } from './client.ts'
import { importGithub } from './import-github.ts'
import { startFakeGitHub, type FakeGitHub, type FakeRepository } from './fake-github.ts'

const alice = { id: 1001, login: 'alice', type: 'User' }
const bob = { id: 1002, login: 'bob', type: 'User' }
const carol = { id: 1003, login: 'carol', type: 'User' }
const dependabot = { id: 49699333, login: 'dependabot[bot]', type: 'Bot' }

const commit = (sha: string, date: string, account: typeof alice | null, git: { name: string; email: string }, parents = 1) => ({
  sha,
  html_url: `https://github.com/acme/x/commit/${sha}`,
  author: account,
  commit: { message: `Change ${sha}\n\nbody`, author: { ...git, date } },
  parents: Array.from({ length: parents }, (_, i) => ({ sha: `${sha}-parent-${i}` })),
})
const pull = (number: number, user: typeof alice, created: string, merged: string | null) => ({ number, title: `PR ${number}`, html_url: `https://github.com/acme/rocket/pull/${number}`, user, created_at: created, merged_at: merged })
const issue = (number: number, user: typeof alice, created: string, updated: string, pr?: { merged_at: string | null }) => ({
  number,
  title: `Issue ${number}`,
  html_url: `https://github.com/acme/rocket/issues/${number}`,
  user,
  state: 'closed',
  created_at: created,
  updated_at: updated,
  ...(pr ? { pull_request: { html_url: `https://github.com/acme/rocket/pull/${number}`, merged_at: pr.merged_at } } : {}),
})
const review = (id: number, user: typeof alice, state: string, submitted: string | null) => ({ id, user, state, submitted_at: submitted, html_url: `https://github.com/acme/rocket/pull/1#pullrequestreview-${id}` })

const rocket: FakeRepository = {
  // Five commits in the window over three pages of two; one by a bot, one a merge, one without a GitHub account.
  commits: [
    commit('r5', '2023-07-20T10:00:00Z', alice, { name: 'Alice', email: 'alice@example.com' }),
    commit('r4', '2023-06-01T10:00:00Z', dependabot, { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' }),
    commit('r3', '2023-05-01T10:00:00Z', alice, { name: 'Alice', email: 'alice@example.com' }, 2),
    commit('r2', '2023-03-01T10:00:00Z', null, { name: 'Bob', email: 'bob@example.com' }),
    commit('r1', '2023-02-01T10:00:00Z', alice, { name: 'Alice', email: 'alice@example.com' }),
    commit('r0', '2022-12-01T10:00:00Z', alice, { name: 'Alice', email: 'alice@example.com' }),
  ],
  // Newest first: #11 and #10 in the window, #5 created before it but merged in it; #2 and #1 never read.
  pulls: [
    pull(11, bob, '2023-04-01T00:00:00Z', null),
    pull(10, alice, '2023-03-01T00:00:00Z', '2023-03-05T00:00:00Z'),
    pull(5, carol, '2022-12-01T00:00:00Z', '2023-01-10T00:00:00Z'),
    pull(2, alice, '2022-06-01T00:00:00Z', '2022-06-02T00:00:00Z'),
    pull(1, alice, '2022-05-01T00:00:00Z', null),
  ],
  issues: [
    issue(13, carol, '2023-08-05T00:00:00Z', '2023-08-05T00:00:00Z'), // after the window
    issue(12, carol, '2023-05-01T00:00:00Z', '2023-05-02T00:00:00Z'),
    issue(11, bob, '2023-04-01T00:00:00Z', '2023-04-02T00:00:00Z', { merged_at: null }), // a PR: skipped
    issue(10, alice, '2023-03-01T00:00:00Z', '2023-03-05T00:00:00Z', { merged_at: '2023-03-05T00:00:00Z' }),
    issue(7, bob, '2022-11-01T00:00:00Z', '2023-02-01T00:00:00Z'), // opened before the window
    issue(5, carol, '2022-12-01T00:00:00Z', '2023-01-10T00:00:00Z', { merged_at: '2023-01-10T00:00:00Z' }),
    issue(2, alice, '2022-06-01T00:00:00Z', '2022-06-02T00:00:00Z', { merged_at: '2022-06-02T00:00:00Z' }),
  ],
  reviews: {
    10: [
      review(9001, bob, 'APPROVED', '2023-03-04T00:00:00Z'),
      review(9002, alice, 'COMMENTED', '2023-03-04T01:00:00Z'), // the author answering: not a review
      review(9004, carol, 'PENDING', null),
    ],
    5: [review(9000, bob, 'COMMENTED', '2022-12-02T00:00:00Z'), review(9003, bob, 'APPROVED', '2023-01-09T00:00:00Z')],
  },
}

const engine: FakeRepository = {
  commits: [
    commit('e2', 'not a date', carol, { name: 'Carol', email: 'carol@example.com' }), // rejected
    commit('e1', '2023-04-04T00:00:00Z', carol, { name: 'Carol', email: 'carol@example.com' }),
  ],
  pulls: [],
  issues: [],
}

const data = {
  orgs: { acme: ['acme/engine', 'acme/rocket', 'acme/rocket-fork'], locked: [] },
  repos: { 'acme/rocket': rocket, 'acme/engine': engine, 'acme/rocket-fork': { fork: true, commits: rocket.commits }, 'acme/broken': {}, 'acme/secret': {} },
}

/** Collects what a command or an import writes. */
function captureIO(): CommandIO & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = []
  const errLines: string[] = []
  return { outLines, errLines, out: (l) => void outLines.push(l), err: (l) => void errLines.push(l), progress: () => {} }
}

const window = { since: '2023-01-01', until: '2023-08-01' }
const TOKEN = 'ghs_test_token_never_printed'

describeDb('GitHub API importer', (ctx) => {
  let fake: FakeGitHub
  let deps: AppDeps
  /** A client that does not wait real seconds: one second of a wait lasts 10 ms. */
  const testClient = (waits: RateLimitWait[] = []) => createGitHubClient({ apiUrl: fake.url, token: TOKEN, secondMs: 10, onWait: (w) => void waits.push(w) })

  beforeAll(async () => {
    fake = await startFakeGitHub(data)
    const base = ctx()
    deps = { ...base, config: { ...base.config, githubApiUrl: fake.url, githubToken: TOKEN } }
  })
  afterAll(async () => {
    await fake.close()
  })

  it('imports an organisation: paginated commits, PRs, issues and reviews; waits out rate limits; retries a 500; a second run only gets 304s', async () => {
    // The same commit imported from a local clone first: it must be stored once.
    await ingestContributions(deps.db, [
      { kind: 'commit', source: 'git', repository: 'acme/rocket', externalId: 'r1', occurredAt: new Date('2023-02-01T10:00:00Z'), author: { name: 'Alice', email: 'alice@example.com' } },
    ])
    const resetSoon = () => ({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1) })
    fake.script('/repos/acme/engine/commits', { status: 403, headers: resetSoon, body: { message: 'API rate limit exceeded for user ID 1001.' } })
    fake.script('/repos/acme/engine/pulls', { status: 429, headers: { 'retry-after': '1' }, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' } })
    fake.script('/repos/acme/engine/issues', { status: 500, body: { message: 'Server Error' } })

    const waits: RateLimitWait[] = []
    const client = testClient(waits)
    const io = captureIO()
    const first = await importGithub(deps, { org: 'acme', ...window, client }, io)

    expect(first.error).toBeUndefined()
    expect(first.skippedForks).toEqual(['acme/rocket-fork'])
    const byRepo = Object.fromEntries(first.repositories.map((r) => [r.repository, r]))
    expect(byRepo['acme/rocket']).toMatchObject({
      status: 'imported',
      kinds: { commit: 5, pr_opened: 2, pr_merged: 2, issue_opened: 1, review: 2 },
      counts: { read: 12, imported: 10, duplicates: 1, bots: 1, rejected: 0 },
    })
    expect(byRepo['acme/engine']).toMatchObject({ status: 'imported', counts: { read: 2, imported: 1, duplicates: 0, bots: 0, rejected: 1 } })
    expect(first.counts).toEqual({ read: 14, imported: 11, duplicates: 1, bots: 1, rejected: 1 })

    // Commits over three pages, followed through Link rel="next"; the PR listing stops at the first page older than the window.
    const paths = fake.requests.map((r) => r.path)
    expect(paths.filter((p) => p.startsWith('/repos/acme/rocket/commits'))).toHaveLength(3)
    expect(paths.filter((p) => p.startsWith('/repos/acme/rocket/pulls?'))).toHaveLength(2)
    expect(paths.some((p) => p.startsWith('/repos/acme/rocket-fork'))).toBe(false)
    expect(fake.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true)

    // The primary limit (reset a second away) and the secondary one (retry-after: 1) were waited out, the 500 retried.
    expect(waits.map((w) => w.kind)).toEqual(['primary', 'secondary'])
    expect(waits[0]!.seconds).toBeGreaterThanOrEqual(1)
    expect(waits[1]!.seconds).toBe(1)
    expect(io.errLines.filter((l) => /rate limit/.test(l))).toHaveLength(2)
    const statuses = (path: string) => fake.requests.filter((r) => r.path.startsWith(path)).map((r) => r.status)
    expect(statuses('/repos/acme/engine/commits')).toEqual([403, 200])
    expect(statuses('/repos/acme/engine/pulls')).toEqual([429, 200])
    expect(statuses('/repos/acme/engine/issues')).toEqual([500, 200])

    // What was stored.
    const rows = await deps.db.select().from(contributions).where(eq(contributions.repository, 'acme/rocket'))
    const keys = rows.map((r) => `${r.kind}:${r.externalId}`).sort()
    expect(keys).toEqual(['commit:r1', 'commit:r2', 'commit:r3', 'commit:r5', 'issue_opened:12', 'pr_merged:10', 'pr_merged:5', 'pr_opened:10', 'pr_opened:11', 'review:9001', 'review:9003'])
    expect(rows.find((r) => r.externalId === 'r1')!.source).toBe('git')
    expect(rows.find((r) => r.externalId === 'r3')!.isMerge).toBe(true)
    expect(rows.find((r) => r.kind === 'pr_merged' && r.externalId === '5')!.occurredAt.toISOString()).toBe('2023-01-10T00:00:00.000Z')

    const [run] = await deps.db.select().from(importRuns).where(eq(importRuns.id, first.runId))
    expect(run).toMatchObject({ source: 'github', status: 'done', counts: first.counts })

    // Again, with the same client: every request conditional, every answer 304, nothing new.
    const before = fake.requests.length
    const second = await importGithub(deps, { org: 'acme', ...window, client }, captureIO())
    const again = fake.requests.slice(before)
    expect(second.counts).toEqual({ read: 14, imported: 0, duplicates: 12, bots: 1, rejected: 1 })
    expect(again.length).toBeGreaterThan(10)
    expect(again.every((r) => r.ifNoneMatch && r.status === 304)).toBe(true)
    expect(second.requests.notModified - first.requests.notModified).toBe(again.length)
    const [{ n }] = (await deps.db.select({ n: sql<number>`count(*)::int` }).from(contributions).where(and(eq(contributions.repository, 'acme/rocket'), eq(contributions.externalId, 'r1')))) as [{ n: number }]
    expect(n).toBe(1)
  })

  it('resumes a killed import where it stopped', async () => {
    fake.script('/repos/acme/engine/issues', { status: 401, body: { message: 'Bad credentials' } })
    const first = await importGithub(deps, { repos: ['acme/rocket', 'acme/engine'], ...window, client: testClient() }, captureIO())
    expect(first.error).toMatch(/GitHub rejected GITHUB_TOKEN while reading repository acme\/engine \(401: "Bad credentials"\)/)
    expect(first.error).not.toContain(TOKEN)
    expect(first.repositories.map((r) => r.status)).toEqual(['imported', 'failed'])
    const [failed] = await deps.db.select().from(importRuns).where(eq(importRuns.id, first.runId))
    expect(failed).toMatchObject({ status: 'failed', cursor: { repos: { 'acme/rocket': 'done', 'acme/engine': { commits: true, pulls: true } } } })

    const before = fake.requests.length
    const second = await importGithub(deps, { repos: ['acme/rocket', 'acme/engine'], ...window, client: testClient() }, captureIO())
    expect(second.error).toBeUndefined()
    expect(second.repositories.map((r) => r.status)).toEqual(['done-before', 'imported'])
    expect(fake.requests.slice(before).map((r) => r.path.replace(/\?.*/, ''))).toEqual(['/repos/acme/rocket', '/repos/acme/engine', '/repos/acme/engine/issues'])
  })

  it('names the repository or organisation in clear errors: not found, a token without rights, a server error that persists', async () => {
    fake.script('/repos/acme/secret', { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' } }, 10)
    const refused = await importGithub(deps, { repos: ['acme/missing', 'acme/secret', 'acme/rocket'], ...window, client: testClient() }, captureIO())
    expect(refused.error).toMatch(/^Repository acme\/missing was not found on GitHub \(404\)/m)
    expect(refused.error).toMatch(/^The GitHub token lacks access to repository acme\/secret \(403: "Resource not accessible by integration"\)/m)
    expect(refused.repositories).toEqual([]) // nothing imported when a listed repository is wrong

    fake.script('/orgs/locked/repos', { status: 403, body: { message: 'Resource not accessible by integration' } })
    const org = await importGithub(deps, { org: 'locked', ...window, client: testClient() }, captureIO())
    expect(org.error).toMatch(/The GitHub token lacks access to organisation locked \(403/)

    const nobody = await importGithub(deps, { org: 'nobody', ...window, client: testClient() }, captureIO())
    expect(nobody.error).toMatch(/Organisation nobody was not found on GitHub \(404\)/)

    fake.script('/repos/acme/broken/commits', { status: 502, body: { message: 'Bad Gateway' } }, 10)
    const before = fake.requests.length
    const broken = await importGithub(deps, { repos: ['acme/broken', 'acme/engine'], ...window, client: testClient() }, captureIO())
    expect(broken.error).toMatch(/GitHub answered 502: "Bad Gateway" while reading repository acme\/broken, still after 3 retries/)
    expect(fake.requests.slice(before).filter((r) => r.path.startsWith('/repos/acme/broken/commits'))).toHaveLength(4)
    // A repository failing this way does not stop the others.
    expect(broken.repositories.map((r) => [r.repository, r.status])).toEqual([
      ['acme/broken', 'failed'],
      ['acme/engine', 'imported'],
    ])
  })

  it('embassy import github: validates options, warns without a token, prints a line per repository (GitHub Enterprise path)', async () => {
    const bad = captureIO()
    expect(await importGithubCommand.run(deps, { org: 'acme', repos: 'acme/rocket' }, bad)).toBe(2)
    expect(await importGithubCommand.run(deps, { repos: 'acme/rocket,not-a-repo', since: '2023-02-30' }, bad)).toBe(2)
    expect(bad.errLines.join('\n')).toMatch(/either --org or --repos, not both[\s\S]*"not-a-repo" is not owner\/name[\s\S]*--since "2023-02-30" is not a day/)

    const io = captureIO()
    const ghe = { ...deps, config: { ...deps.config, githubApiUrl: `${fake.url}/api/v3`, githubToken: undefined } }
    const before = fake.requests.length
    expect(await importGithubCommand.run(ghe, { repos: 'ACME/Rocket', ...window }, io)).toBe(0)
    expect(io.errLines[0]).toMatch(/GITHUB_TOKEN is not set; GitHub allows only 60 unauthenticated requests an hour/)
    expect(io.outLines[0]).toBe('acme/rocket: 5 commits, 2 PRs opened, 2 PRs merged, 1 issue, 2 reviews; read 12, imported 0, skipped as duplicate 11, skipped as bot 1, rejected 0')
    expect(io.outLines.at(-1)).toMatch(/^total over 1 repository: read 12, imported 0/)
    expect(fake.requests.slice(before).every((r) => r.authorization === undefined)).toBe(true)

    const missing = captureIO()
    expect(await importGithubCommand.run(deps, { repos: 'acme/missing', ...window }, missing)).toBe(1)
    expect(missing.errLines.at(-1)).toMatch(/^import github: Repository acme\/missing was not found on GitHub/)
  })
})
