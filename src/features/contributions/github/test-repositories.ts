// Test support: the organisations and repositories the GitHub importer's tests read from the fake GitHub
// (fake-github.ts): commits over pages, pull requests in and before the window, reviews over pages, issues.
import type { FakeRepository } from './fake-github.ts'

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
    issue(3, bob, '2022-10-01T00:00:00Z', '2023-02-02T00:00:00Z', { merged_at: null }), // a PR GraphQL no longer finds: left out
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

export const data = {
  orgs: { acme: ['acme/engine', 'acme/rocket', 'acme/rocket-fork'], locked: [] },
  repos: { 'acme/rocket': rocket, 'acme/engine': engine, 'acme/rocket-fork': { fork: true, commits: rocket.commits }, 'acme/broken': {}, 'acme/secret': {} },
}
