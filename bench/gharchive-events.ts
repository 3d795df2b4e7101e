// The GH Archive benchmark's input: a synthetic hourly-style file of events shaped and sized like the Events
// API's (full user, repository and pull request objects), generated once per size and cached.
import fs from 'node:fs'
import { rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import { seededRandom } from '../src/db/seed/generate.ts'
import { log, track } from './harness.ts'

/** The organisation the benchmark selects: most repositories belong to it. */
export const ORG = 'kubesphere'
/** Bump when the generator changes, so that a cached file is not reused. */
const GENERATOR_VERSION = 1

const ACTORS = 3000
const REPOS = 2000
/** Share of repositories in the selected organisation (the filter keeps most events). */
const IN_ORG = 0.8

interface Account {
  id: number
  login: string
}

const fullUser = (a: Account) => ({
  login: a.login,
  id: a.id,
  node_id: `MDQ6VXNlcj${a.id}`,
  avatar_url: `https://avatars.githubusercontent.com/u/${a.id}?v=4`,
  gravatar_id: '',
  url: `https://api.github.com/users/${a.login}`,
  html_url: `https://github.com/${a.login}`,
  followers_url: `https://api.github.com/users/${a.login}/followers`,
  following_url: `https://api.github.com/users/${a.login}/following{/other_user}`,
  gists_url: `https://api.github.com/users/${a.login}/gists{/gist_id}`,
  starred_url: `https://api.github.com/users/${a.login}/starred{/owner}{/repo}`,
  subscriptions_url: `https://api.github.com/users/${a.login}/subscriptions`,
  organizations_url: `https://api.github.com/users/${a.login}/orgs`,
  repos_url: `https://api.github.com/users/${a.login}/repos`,
  events_url: `https://api.github.com/users/${a.login}/events{/privacy}`,
  received_events_url: `https://api.github.com/users/${a.login}/received_events`,
  type: a.login.endsWith('[bot]') ? 'Bot' : 'User',
  site_admin: false,
})

const fullRepo = (name: string, id: number, owner: Account) => {
  const api = `https://api.github.com/repos/${name}`
  return {
    id,
    node_id: `MDEwOlJlcG9zaXRvcnk${id}`,
    name: name.split('/')[1],
    full_name: name,
    private: false,
    owner: fullUser(owner),
    html_url: `https://github.com/${name}`,
    description: 'A synthetic repository of the GH Archive benchmark, described in a sentence or two like real ones.',
    fork: false,
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    contributors_url: `${api}/contributors`,
    commits_url: `${api}/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    created_at: '2019-06-01T08:00:00Z',
    updated_at: '2023-02-28T10:00:00Z',
    pushed_at: '2023-03-01T09:00:00Z',
    homepage: 'https://kubesphere.io',
    size: 40_000 + (id % 1000),
    stargazers_count: 1000 + (id % 5000),
    watchers_count: 1000 + (id % 5000),
    language: 'Go',
    forks_count: 300 + (id % 700),
    open_issues_count: 40 + (id % 200),
    license: { key: 'apache-2.0', name: 'Apache License 2.0', spdx_id: 'Apache-2.0', url: 'https://api.github.com/licenses/apache-2.0', node_id: 'MDc6TGljZW5zZTI=' },
    topics: ['kubernetes', 'cloud-native', 'devops'],
    visibility: 'public',
    default_branch: 'master',
  }
}

/** Deterministic events, one JSON line each. */
function* syntheticLines(count: number): Generator<string> {
  const rand = seededRandom(2023)
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!
  const actors: Account[] = Array.from({ length: ACTORS }, (_, i) => ({ id: 10_000 + i, login: i % 40 === 0 ? `ci-helper-${i}[bot]` : `dev-${i.toString(36)}` }))
  const orgAccount = { id: 4_000_000, login: ORG }
  const repos = Array.from({ length: REPOS }, (_, i) => {
    const inOrg = i < REPOS * IN_ORG
    const name = inOrg ? `${ORG}/project-${i}` : `other-${i % 97}/project-${i}`
    return { id: 200_000 + i, name, owner: inOrg ? orgAccount : { id: 5_000_000 + (i % 97), login: `other-${i % 97}` }, nextNumber: 1 }
  })
  const hex = () => Math.floor(rand() * 0xffffffff).toString(16).padStart(8, '0')
  const sha = () => hex() + hex() + hex() + hex() + hex()
  const body = 'This change updates the controller so that reconciliation is retried with backoff.\r\n\r\nFixes the flaky test seen in CI.'
  let id = 26_000_000_000
  let second = 0
  for (let i = 0; i < count; i++) {
    const actor = pick(actors)
    const repo = pick(repos)
    second = (second + (rand() < 0.3 ? 1 : 0)) % 3600
    const at = new Date(Date.UTC(2023, 2, 1, 10, 0, second)).toISOString().replace('.000Z', 'Z')
    const head = { id: String(id++), actor: { id: actor.id, login: actor.login, display_login: actor.login, gravatar_id: '', url: `https://api.github.com/users/${actor.login}`, avatar_url: `https://avatars.githubusercontent.com/u/${actor.id}?` }, repo: { id: repo.id, name: repo.name, url: `https://api.github.com/repos/${repo.name}` } }
    const tail = { public: true, created_at: at, org: { id: repo.owner.id, login: repo.owner.login, gravatar_id: '', url: `https://api.github.com/orgs/${repo.owner.login}`, avatar_url: `https://avatars.githubusercontent.com/u/${repo.owner.id}?` } }
    const r = rand()
    let type: string
    let payload: Record<string, unknown>
    if (r < 0.45) {
      type = 'PushEvent'
      const n = 1 + Math.floor(rand() * rand() * 5)
      const commits = Array.from({ length: n }, () => {
        const author = rand() < 0.8 ? actor : pick(actors)
        const s = sha()
        return { sha: s, author: { email: rand() < 0.5 ? `${author.id}+${author.login}@users.noreply.github.com` : `${author.login}@example.org`, name: author.login }, message: `Fix reconciliation of ${s.slice(0, 6)}\n\nSigned-off-by: ${author.login} <${author.login}@example.org>`, distinct: rand() < 0.92, url: `https://api.github.com/repos/${repo.name}/commits/${s}` }
      })
      payload = { repository_id: repo.id, push_id: 12_000_000_000 + i, size: n, distinct_size: commits.filter((c) => c.distinct).length, ref: 'refs/heads/master', head: commits.at(-1)!.sha, before: sha(), commits }
    } else if (r < 0.55 || (r >= 0.72 && r < 0.82)) {
      // Pull request events and reviews / review comments all carry the full pull request.
      const number = rand() < 0.5 && repo.nextNumber > 1 ? 1 + Math.floor(rand() * (repo.nextNumber - 1)) : repo.nextNumber++
      const author = r < 0.55 && rand() < 0.6 ? actor : pick(actors)
      const a = rand()
      const action = r >= 0.55 ? 'created' : a < 0.5 ? 'opened' : 'closed'
      const merged = action === 'closed' && a < 0.85
      const pr = {
        url: `https://api.github.com/repos/${repo.name}/pulls/${number}`,
        id: 1_200_000_000 + i,
        node_id: `PR_kwDOB${i}`,
        html_url: `https://github.com/${repo.name}/pull/${number}`,
        diff_url: `https://github.com/${repo.name}/pull/${number}.diff`,
        patch_url: `https://github.com/${repo.name}/pull/${number}.patch`,
        issue_url: `https://api.github.com/repos/${repo.name}/issues/${number}`,
        number,
        state: action === 'closed' ? 'closed' : 'open',
        locked: false,
        title: `Retry reconciliation with backoff (#${number})`,
        user: fullUser(author),
        body,
        created_at: at,
        updated_at: at,
        closed_at: action === 'closed' ? at : null,
        merged_at: merged ? at : null,
        merge_commit_sha: sha(),
        assignee: null,
        assignees: [],
        requested_reviewers: [],
        labels: [{ id: 9000 + (i % 7), node_id: 'LA_kwDO', url: `https://api.github.com/repos/${repo.name}/labels/kind/bug`, name: 'kind/bug', color: 'e11d21', default: false, description: 'Categorizes issue or PR as related to a bug.' }],
        draft: false,
        head: { label: `${author.login}:fix-${number}`, ref: `fix-${number}`, sha: sha(), user: fullUser(author), repo: fullRepo(`${author.login}/${repo.name.split('/')[1]}`, repo.id + 10_000_000, author) },
        base: { label: `${repo.owner.login}:master`, ref: 'master', sha: sha(), user: fullUser(repo.owner), repo: fullRepo(repo.name, repo.id, repo.owner) },
        author_association: 'CONTRIBUTOR',
        merged,
        mergeable: null,
        comments: Math.floor(rand() * 10),
        review_comments: Math.floor(rand() * 10),
        commits: 1 + Math.floor(rand() * 5),
        additions: Math.floor(rand() * 500),
        deletions: Math.floor(rand() * 200),
        changed_files: 1 + Math.floor(rand() * 20),
      }
      if (r < 0.55) {
        type = 'PullRequestEvent'
        payload = { action, number, pull_request: pr }
      } else if (r < 0.77) {
        type = 'PullRequestReviewEvent'
        payload = { action: 'created', review: { id: 1_500_000_000 + i, node_id: `PRR_${i}`, user: fullUser(actor), body: null, commit_id: sha(), submitted_at: at, state: rand() < 0.6 ? 'approved' : 'commented', html_url: `${pr.html_url}#pullrequestreview-${1_500_000_000 + i}`, author_association: 'MEMBER' }, pull_request: pr }
      } else {
        type = 'PullRequestReviewCommentEvent'
        payload = { action: 'created', comment: { id: 1_100_000_000 + i, node_id: `PRRC_${i}`, path: 'pkg/controller/reconcile.go', position: 12, commit_id: sha(), user: fullUser(actor), body: 'Could this use the shared backoff helper instead?', created_at: at, updated_at: at, html_url: `${pr.html_url}#discussion_r${1_100_000_000 + i}`, author_association: 'MEMBER' }, pull_request: pr }
      }
    } else if (r < 0.72) {
      const number = rand() < 0.6 && repo.nextNumber > 1 ? 1 + Math.floor(rand() * (repo.nextNumber - 1)) : repo.nextNumber++
      const issue = { url: `https://api.github.com/repos/${repo.name}/issues/${number}`, repository_url: `https://api.github.com/repos/${repo.name}`, html_url: `https://github.com/${repo.name}/issues/${number}`, id: 1_600_000_000 + i, node_id: `I_kwDO${i}`, number, title: `Reconciliation fails after upgrade (#${number})`, user: fullUser(rand() < 0.5 ? actor : pick(actors)), labels: [], state: 'open', locked: false, assignee: null, assignees: [], comments: Math.floor(rand() * 10), created_at: at, updated_at: at, closed_at: null, author_association: 'NONE', body }
      if (r < 0.6) {
        type = 'IssuesEvent'
        payload = { action: rand() < 0.6 ? 'opened' : 'closed', issue }
      } else {
        type = 'IssueCommentEvent'
        payload = { action: 'created', issue, comment: { url: `${issue.url}/comments/${1_300_000_000 + i}`, html_url: `${issue.html_url}#issuecomment-${1_300_000_000 + i}`, id: 1_300_000_000 + i, node_id: `IC_${i}`, user: fullUser(actor), created_at: at, updated_at: at, author_association: 'CONTRIBUTOR', body: 'I can reproduce this on v3.3 as well; the logs are attached.' } }
      }
    } else {
      const o = rand()
      type = o < 0.45 ? 'WatchEvent' : o < 0.8 ? 'CreateEvent' : o < 0.9 ? 'ForkEvent' : 'DeleteEvent'
      payload = type === 'WatchEvent' ? { action: 'started' } : type === 'ForkEvent' ? { forkee: fullRepo(`${actor.login}/${repo.name.split('/')[1]}`, repo.id + 20_000_000, actor) } : { ref: `feature-${i % 100}`, ref_type: 'branch', master_branch: 'master', description: null, pusher_type: 'user' }
    }
    yield JSON.stringify({ id: head.id, type, actor: head.actor, repo: head.repo, payload, ...tail })
  }
}

/** The synthetic file for `count` events, generated once and cached under the temporary directory. */
export async function syntheticFile(count: number): Promise<{ file: string; bytes: number }> {
  const file = path.join(os.tmpdir(), `embassy-bench-gharchive-v${GENERATOR_VERSION}-${count}.json.gz`)
  if (!fs.existsSync(file)) {
    log(`gharchive-import: generating ${count.toLocaleString('en-US')} events into ${file} (once; cached)`)
    const started = performance.now()
    const partial = `${file}.${process.pid}.partial`
    const release = track(() => rm(partial, { force: true }))
    try {
      const batches = (function* () {
        let chunk: string[] = []
        for (const line of syntheticLines(count)) {
          chunk.push(line)
          if (chunk.length === 1000) {
            yield `${chunk.join('\n')}\n`
            chunk = []
          }
        }
        if (chunk.length) yield `${chunk.join('\n')}\n`
      })()
      await pipeline(Readable.from(batches), zlib.createGzip(), fs.createWriteStream(partial))
      fs.renameSync(partial, file)
    } finally {
      await release()
    }
    log(`gharchive-import: generated in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
  return { file, bytes: fs.statSync(file).size }
}

