// Builders of GH Archive events in the shape of the Events API (used by the tests and the benchmark).

export interface Actor {
  id: number
  login: string
}

let nextEventId = 26_000_000_000

function event(type: string, actor: Actor, repo: string, at: string, payload: Record<string, unknown>) {
  return {
    id: String(nextEventId++),
    type,
    actor: { id: actor.id, login: actor.login, display_login: actor.login, gravatar_id: '', url: `https://api.github.com/users/${actor.login}`, avatar_url: `https://avatars.githubusercontent.com/u/${actor.id}?` },
    repo: { id: 100_000 + repo.length, name: repo, url: `https://api.github.com/repos/${repo}` },
    payload,
    public: true,
    created_at: at,
    org: { id: 1, login: repo.split('/')[0], gravatar_id: '', url: `https://api.github.com/orgs/${repo.split('/')[0]}`, avatar_url: '' },
  }
}

const user = (a: Actor) => ({ login: a.login, id: a.id, type: a.login.endsWith('[bot]') ? 'Bot' : 'User', site_admin: false, url: `https://api.github.com/users/${a.login}` })

export interface PushedCommit {
  sha: string
  name: string
  email: string
  message?: string
  distinct?: boolean
}

export const gh = {
  push(repo: string, actor: Actor, at: string, commits: PushedCommit[]) {
    return event('PushEvent', actor, repo, at, {
      repository_id: 1,
      push_id: nextEventId,
      size: commits.length,
      distinct_size: commits.filter((c) => c.distinct !== false).length,
      ref: 'refs/heads/main',
      head: commits.at(-1)?.sha,
      before: '0'.repeat(40),
      commits: commits.map((c) => ({
        sha: c.sha,
        author: { email: c.email, name: c.name },
        message: c.message ?? `Change ${c.sha.slice(0, 7)}`,
        distinct: c.distinct ?? true,
        url: `https://api.github.com/repos/${repo}/commits/${c.sha}`,
      })),
    })
  },
  prOpened(repo: string, author: Actor, number: number, at: string, title = `PR ${number}`) {
    return event('PullRequestEvent', author, repo, at, {
      action: 'opened',
      number,
      pull_request: { id: 900_000 + number, number, state: 'open', title, user: user(author), html_url: `https://github.com/${repo}/pull/${number}`, created_at: at, merged: false, merged_at: null },
    })
  },
  prClosed(repo: string, closer: Actor, author: Actor, number: number, at: string, merged: boolean, openedAt = at) {
    return event('PullRequestEvent', closer, repo, at, {
      action: 'closed',
      number,
      pull_request: {
        id: 900_000 + number,
        number,
        state: 'closed',
        title: `PR ${number}`,
        user: user(author),
        html_url: `https://github.com/${repo}/pull/${number}`,
        created_at: openedAt,
        closed_at: at,
        merged,
        merged_at: merged ? at : null,
        merged_by: merged ? user(closer) : null,
      },
    })
  },
  issueOpened(repo: string, author: Actor, number: number, at: string) {
    return event('IssuesEvent', author, repo, at, {
      action: 'opened',
      issue: { id: 800_000 + number, number, title: `Issue ${number}`, user: user(author), html_url: `https://github.com/${repo}/issues/${number}`, created_at: at },
    })
  },
  review(repo: string, reviewer: Actor, reviewId: number, prNumber: number, at: string) {
    return event('PullRequestReviewEvent', reviewer, repo, at, {
      action: 'created',
      review: { id: reviewId, user: user(reviewer), state: 'approved', html_url: `https://github.com/${repo}/pull/${prNumber}#pullrequestreview-${reviewId}`, submitted_at: at },
      pull_request: { number: prNumber, title: `PR ${prNumber}` },
    })
  },
  issueComment(repo: string, author: Actor, commentId: number, issueNumber: number, at: string) {
    return event('IssueCommentEvent', author, repo, at, {
      action: 'created',
      issue: { number: issueNumber, title: `Issue ${issueNumber}` },
      comment: { id: commentId, user: user(author), body: 'Looks good to me.', html_url: `https://github.com/${repo}/issues/${issueNumber}#issuecomment-${commentId}`, created_at: at },
    })
  },
  reviewComment(repo: string, author: Actor, commentId: number, prNumber: number, at: string) {
    return event('PullRequestReviewCommentEvent', author, repo, at, {
      action: 'created',
      comment: { id: commentId, user: user(author), body: 'Nit: rename this.', html_url: `https://github.com/${repo}/pull/${prNumber}#discussion_r${commentId}`, created_at: at },
      pull_request: { number: prNumber, title: `PR ${prNumber}` },
    })
  },
  other(type: string, repo: string, actor: Actor, at: string, payload: Record<string, unknown> = {}) {
    return event(type, actor, repo, at, payload)
  },
}
