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
import { startFakeGitHub, type FakeGitHub } from './fake-github.ts'
import { data } from './test-repositories.ts'

const TOKEN = 'ghs_test_token_never_printed'

/** Collects what a command or an import writes. */
function captureIO(): CommandIO & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = []
  const errLines: string[] = []
  return { outLines, errLines, out: (l) => void outLines.push(l), err: (l) => void errLines.push(l), progress: () => {} }
}

const window = { since: '2023-01-01', until: '2023-08-01' }

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

  it('imports an organisation: paginated commits and issues (REST), PRs and reviews (GraphQL); waits out rate limits; retries a 500; a second run gets 304s', async () => {
    // The same commit imported from a local clone first: it must be stored once.
    await ingestContributions(deps.db, [
      { kind: 'commit', source: 'git', repository: 'acme/rocket', externalId: 'r1', occurredAt: new Date('2023-02-01T10:00:00Z'), author: { name: 'Alice', email: 'alice@example.com' } },
    ])
    const resetSoon = () => ({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1) })
    fake.script('/repos/acme/engine/commits', { status: 403, headers: resetSoon, body: { message: 'API rate limit exceeded for user ID 1001.' } })
    fake.script('/graphql#PullRequests', { status: 429, headers: { 'retry-after': '1' }, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' } })
    fake.script('/repos/acme/engine/issues', { status: 500, body: { message: 'Server Error' } })
    // GraphQL's own way of saying the quota is used up: a 200 whose errors say RATE_LIMITED.
    fake.script('/graphql#PullRequestsByNumber', { status: 200, headers: resetSoon, body: { data: null, errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1001.' }] } })

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

    // Commits over three pages, followed through Link rel="next"; the PR pages (GraphQL) stop at the first page
    // older than the window; #10's third review is on a second page of its reviews; the older PRs the issues
    // listing names (#5, and #3 that is gone) are asked in one query.
    const paths = fake.requests.map((r) => r.path)
    const asked = (operation: string, name: string) => fake.requests.filter((r) => r.operation === operation && r.variables?.name === name)
    expect(paths.filter((p) => p.startsWith('/repos/acme/rocket/commits'))).toHaveLength(3)
    expect(asked('PullRequests', 'rocket').map((r) => r.variables?.after)).toEqual([null, expect.any(String)])
    expect(asked('PullRequestReviews', 'rocket').map((r) => r.variables?.number)).toEqual([10])
    // One query per issues page naming older PRs (#5, then #3), and the first asked again after its RATE_LIMITED.
    expect(asked('PullRequestsByNumber', 'rocket')).toHaveLength(3)
    expect(paths.some((p) => p.includes('/pulls'))).toBe(false)
    expect(paths.some((p) => p.startsWith('/repos/acme/rocket-fork'))).toBe(false)
    expect(fake.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true)

    // The primary limit (reset a second away) and the secondary one (retry-after: 1) were waited out, the 500 retried.
    expect(waits.map((w) => w.kind)).toEqual(['primary', 'secondary', 'primary'])
    expect(waits[0]!.seconds).toBeGreaterThanOrEqual(1)
    expect(waits[1]!.seconds).toBe(1)
    expect(io.errLines.filter((l) => /rate limit/.test(l))).toHaveLength(3)
    const statuses = (path: string) => fake.requests.filter((r) => r.path.startsWith(path)).map((r) => r.status)
    expect(statuses('/repos/acme/engine/commits')).toEqual([403, 200])
    expect(asked('PullRequests', 'engine').map((r) => r.status)).toEqual([429, 200])
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

    // Again, with the same client: every REST request conditional, every answer 304, nothing new. GraphQL
    // queries are POSTs, which GitHub answers without ETags.
    const before = fake.requests.length
    const second = await importGithub(deps, { org: 'acme', ...window, client }, captureIO())
    const again = fake.requests.slice(before)
    expect(second.counts).toEqual({ read: 14, imported: 0, duplicates: 12, bots: 1, rejected: 1 })
    const gets = again.filter((r) => r.method === 'GET')
    expect(gets.length).toBeGreaterThan(10)
    expect(gets.every((r) => r.ifNoneMatch && r.status === 304)).toBe(true)
    expect(second.requests.notModified - first.requests.notModified).toBe(gets.length)
    expect(again.filter((r) => r.method !== 'GET').map((r) => `${r.variables?.name} ${r.operation}`)).toEqual([
      'engine PullRequests',
      'rocket PullRequests',
      'rocket PullRequestReviews',
      'rocket PullRequests',
      'rocket PullRequestsByNumber',
      'rocket PullRequestsByNumber',
    ])
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

    // Stopped between two pages of pull requests: the cursor keeps GraphQL's, and the next run starts there.
    const stopsAt = (r: { variables?: Record<string, unknown> }) => r.variables?.name === 'rocket' && r.variables.after !== null
    fake.script('/graphql#PullRequests', { status: 401, body: { message: 'Bad credentials' } }, 1, stopsAt)
    const window2 = { since: '2023-01-02', until: '2023-08-01' } // another window: another run
    const third = await importGithub(deps, { repos: ['acme/rocket'], ...window2, client: testClient() }, captureIO())
    expect(third.error).toMatch(/GitHub rejected GITHUB_TOKEN while reading repository acme\/rocket/)
    const [stopped] = await deps.db.select().from(importRuns).where(eq(importRuns.id, third.runId))
    const saved = (stopped!.cursor as { repos: Record<string, { pulls?: string }> }).repos['acme/rocket']!.pulls!
    expect(saved).toMatch(new RegExp(`^${fake.url}/graphql\\?after=.+`))
    const resumedFrom = fake.requests.length
    const fourth = await importGithub(deps, { repos: ['acme/rocket'], ...window2, client: testClient() }, captureIO())
    expect(fourth.error).toBeUndefined()
    const pages = fake.requests.slice(resumedFrom).filter((r) => r.operation === 'PullRequests')
    expect(pages.map((r) => r.variables?.after)).toEqual([decodeURIComponent(saved.replace(/^.*\?after=/, ''))])
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

    // GraphQL refuses with a 200 and errors: the repository fails with what GitHub said, the next one goes on.
    fake.script('/graphql#PullRequests', { status: 200, body: { data: { repository: null }, errors: [{ type: 'FORBIDDEN', path: ['repository'], message: 'Resource not accessible by integration' }] } })
    const forbidden = await importGithub(deps, { repos: ['acme/engine', 'acme/rocket'], ...window, client: testClient() }, captureIO())
    expect(forbidden.error).toBe(
      'The GitHub token lacks access to repository acme/engine (GraphQL FORBIDDEN: "Resource not accessible by integration"): give GITHUB_TOKEN read access to it (for a fine-grained token: the repository or organisation, with Contents, Issues, Pull requests and Metadata read).',
    )
    expect(forbidden.repositories.map((r) => [r.repository, r.status])).toEqual([
      ['acme/engine', 'failed'],
      ['acme/rocket', 'imported'],
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
    // Without a token, pull requests and their reviews are read over REST: GitHub's GraphQL API needs one.
    const anonymous = fake.requests.slice(before)
    expect(anonymous.some((r) => r.method === 'POST')).toBe(false)
    expect(anonymous.filter((r) => r.rawUrl.startsWith('/api/v3/repos/acme/rocket/pulls')).map((r) => r.path.replace(/\?.*/, ''))).toEqual([
      '/repos/acme/rocket/pulls',
      '/repos/acme/rocket/pulls/11/reviews',
      '/repos/acme/rocket/pulls/10/reviews',
      '/repos/acme/rocket/pulls/10/reviews',
      '/repos/acme/rocket/pulls',
      '/repos/acme/rocket/pulls/5', // older PRs the issues listing names; #3 is gone (404) and left out
      '/repos/acme/rocket/pulls/5/reviews',
      '/repos/acme/rocket/pulls/3',
    ])

    // With one, GitHub Enterprise Server's GraphQL endpoint is /api/graphql, beside /api/v3.
    const withToken = captureIO()
    const after = fake.requests.length
    expect(await importGithubCommand.run({ ...ghe, config: { ...ghe.config, githubToken: TOKEN } }, { repos: 'acme/rocket', ...window }, withToken)).toBe(0)
    expect(withToken.outLines[0]).toBe('acme/rocket: 5 commits, 2 PRs opened, 2 PRs merged, 1 issue, 2 reviews; read 12, imported 0, skipped as duplicate 11, skipped as bot 1, rejected 0')
    const posts = fake.requests.slice(after).filter((r) => r.method === 'POST')
    expect(posts.length).toBeGreaterThan(0)
    expect(posts.every((r) => r.rawUrl === '/api/graphql' && r.authorization === `token ${TOKEN}`)).toBe(true)

    const missing = captureIO()
    expect(await importGithubCommand.run(deps, { repos: 'acme/missing', ...window }, missing)).toBe(1)
    expect(missing.errLines.at(-1)).toMatch(/^import github: Repository acme\/missing was not found on GitHub/)
  })
})
