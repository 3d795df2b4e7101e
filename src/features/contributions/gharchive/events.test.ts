import { describe, expect, it } from 'vitest'
import { commitAuthor, linePrefilter, mapEvent, outcomeWithoutParsing, repositoryMatcher } from './events.ts'
import { gh } from './test-events.ts'

const alice = { id: 1001, login: 'alice' }
const bob = { id: 1002, login: 'bob' }
const repo = 'kubesphere/console'
const at = '2023-03-01T10:00:00Z'
const kubesphere = repositoryMatcher({ orgs: ['KubeSphere'] })

const records = (e: unknown, selected = kubesphere) => {
  const m = mapEvent(e, selected)
  if (m.outcome !== 'records') throw new Error(`expected records, got ${JSON.stringify(m)}`)
  return m.records
}

describe('mapEvent', () => {
  it('maps a push to one commit per distinct commit, at push time, credited to the git author', () => {
    const e = gh.push(repo, alice, at, [
      { sha: 'A'.repeat(40), name: 'alice', email: 'alice@example.org', message: 'Fix the login page\n\nLong body' },
      { sha: 'b'.repeat(40), name: 'Bob B.', email: 'bob@example.org' },
      { sha: 'c'.repeat(40), name: 'Carol', email: 'carol@example.org', distinct: false },
    ])
    const [first, second, ...rest] = records(e)
    expect(rest).toEqual([])
    expect(first).toMatchObject({
      kind: 'commit',
      source: 'gharchive',
      repository: repo,
      externalId: 'a'.repeat(40),
      occurredAt: new Date(at),
      isMerge: false,
      title: 'Fix the login page',
      url: `https://github.com/${repo}/commit/${'a'.repeat(40)}`,
      // Git name equal to the pusher's login: the commit joins the pusher's GitHub identity.
      author: { name: 'alice', email: 'alice@example.org', githubId: 1001, login: 'alice' },
    })
    // Pushed by alice, written by Bob: stays Bob's.
    expect(second!.author).toEqual({ name: 'Bob B.', email: 'bob@example.org' })
  })

  it('links a commit to the pusher by noreply address, and never to another account', () => {
    expect(commitAuthor({ name: 'A', email: '1001+alice@users.noreply.github.com' }, { githubId: 1001, login: 'alice' })).toMatchObject({ githubId: 1001 })
    expect(commitAuthor({ name: 'A', email: 'ALICE@users.noreply.github.com' }, { githubId: 1001, login: 'alice' })).toMatchObject({ githubId: 1001 })
    expect(commitAuthor({ name: 'B', email: '1002+bob@users.noreply.github.com' }, { githubId: 1001, login: 'alice' })).toEqual({ name: 'B', email: '1002+bob@users.noreply.github.com' })
  })

  it('skips pushes without a commit list (trimmed payloads) or without new commits', () => {
    const trimmed = gh.other('PushEvent', repo, alice, at, { ref: 'refs/heads/main', head: 'a'.repeat(40), before: 'b'.repeat(40) })
    expect(mapEvent(trimmed, kubesphere)).toEqual({ outcome: 'skipped', reason: 'PushEvent without a commit list' })
    const old = gh.push(repo, alice, at, [{ sha: 'c'.repeat(40), name: 'Carol', email: 'c@example.org', distinct: false }])
    expect(mapEvent(old, kubesphere)).toMatchObject({ outcome: 'skipped' })
  })

  it('rejects pushes with malformed commits', () => {
    const e = gh.push(repo, alice, at, [{ sha: 'not-a-sha', name: 'A', email: 'a@example.org' }])
    expect(mapEvent(e, kubesphere)).toEqual({ outcome: 'rejected', reason: 'PushEvent commit 1 without a valid "sha"' })
    const anonymous = gh.push(repo, alice, at, [{ sha: 'd'.repeat(40), name: '', email: '' }])
    expect(mapEvent(anonymous, kubesphere)).toMatchObject({ outcome: 'rejected', reason: expect.stringContaining('without an author') })
  })

  it('maps an opened PR to its user, and a merged one to its author at merge time', () => {
    expect(records(gh.prOpened(repo, alice, 7, at, 'Add a chart'))).toEqual([
      {
        kind: 'pr_opened',
        source: 'gharchive',
        repository: repo,
        externalId: '7',
        occurredAt: new Date(at),
        title: 'Add a chart',
        url: `https://github.com/${repo}/pull/7`,
        author: { githubId: 1001, login: 'alice' },
      },
    ])
    const [merged] = records(gh.prClosed(repo, bob, alice, 7, '2023-03-02T08:00:00Z', true, at))
    expect(merged).toMatchObject({ kind: 'pr_merged', externalId: '7', occurredAt: new Date('2023-03-02T08:00:00Z'), author: { githubId: 1001, login: 'alice' } })
    expect(mapEvent(gh.prClosed(repo, bob, alice, 8, at, false), kubesphere)).toEqual({ outcome: 'skipped', reason: 'PullRequestEvent closed without merge' })
    expect(mapEvent(gh.other('PullRequestEvent', repo, alice, at, { action: 'labeled', number: 7, pull_request: {} }), kubesphere)).toMatchObject({ outcome: 'skipped' })
  })

  it('handles trimmed pull request payloads: opened falls back to the actor, closed cannot be credited', () => {
    const opened = gh.other('PullRequestEvent', repo, alice, at, { action: 'opened', number: 9, pull_request: { id: 1, number: 9 } })
    expect(records(opened)[0]).toMatchObject({ kind: 'pr_opened', externalId: '9', author: { githubId: 1001, login: 'alice' } })
    const closed = gh.other('PullRequestEvent', repo, bob, at, { action: 'closed', number: 9, pull_request: { id: 1, number: 9 } })
    expect(mapEvent(closed, kubesphere)).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('trimmed') })
  })

  it('maps issues, reviews and comments to the actor', () => {
    expect(records(gh.issueOpened(repo, bob, 3, at))[0]).toMatchObject({ kind: 'issue_opened', externalId: '3', title: 'Issue 3', author: { githubId: 1002, login: 'bob' } })
    expect(records(gh.review(repo, bob, 55501, 7, at))[0]).toMatchObject({ kind: 'review', externalId: '55501', title: 'PR 7', author: { githubId: 1002 } })
    expect(records(gh.issueComment(repo, bob, 66601, 3, at))[0]).toMatchObject({ kind: 'comment', externalId: '66601', title: 'Issue 3' })
    expect(records(gh.reviewComment(repo, bob, 77701, 7, at))[0]).toMatchObject({ kind: 'comment', externalId: '77701', title: 'PR 7' })
    expect(mapEvent(gh.other('IssuesEvent', repo, bob, at, { action: 'closed', issue: { number: 3 } }), kubesphere)).toEqual({ outcome: 'skipped', reason: 'IssuesEvent closed' })
    expect(mapEvent(gh.other('IssueCommentEvent', repo, bob, at, { action: 'edited', comment: { id: 1 } }), kubesphere)).toMatchObject({ outcome: 'skipped' })
  })

  it('filters other repositories, skips unknown types, rejects events missing what they need', () => {
    expect(mapEvent(gh.issueOpened('other/thing', bob, 1, at), kubesphere)).toEqual({ outcome: 'filtered' })
    expect(mapEvent(gh.other('WatchEvent', repo, bob, at, { action: 'started' }), kubesphere)).toEqual({ outcome: 'skipped', reason: 'WatchEvent' })
    expect(mapEvent(gh.other('SomethingNewEvent', repo, bob, at), kubesphere)).toEqual({ outcome: 'skipped', reason: 'SomethingNewEvent' })
    expect(mapEvent([1, 2], kubesphere)).toEqual({ outcome: 'rejected', reason: 'not a JSON object' })
    expect(mapEvent({ type: 'PushEvent', payload: {} }, kubesphere)).toEqual({ outcome: 'rejected', reason: 'PushEvent without "repo.name"' })
    expect(mapEvent({ ...gh.issueOpened(repo, bob, 1, at), created_at: 'yesterday' }, kubesphere)).toMatchObject({ outcome: 'rejected', reason: expect.stringContaining('created_at') })
    // No real moment: a day that does not exist (Date.parse rolls it over to March 2), no zone, a bare number.
    for (const bad of ['2023-02-30T00:00:00Z', '2023-03-01T10:00:00', '1', '2023-03-01T24:00:00Z']) {
      expect(mapEvent({ ...gh.issueOpened(repo, bob, 1, at), created_at: bad }, kubesphere), bad).toMatchObject({ outcome: 'rejected', reason: expect.stringContaining('created_at') })
    }
    expect(mapEvent({ ...gh.issueOpened(repo, bob, 1, at), created_at: '2023-03-01T18:00:00+08:00' }, kubesphere)).toMatchObject({ outcome: 'records' })
    expect(mapEvent(gh.other('IssueCommentEvent', repo, bob, at, { action: 'created', comment: {} }), kubesphere)).toEqual({
      outcome: 'rejected',
      reason: 'IssueCommentEvent without "payload.comment.id"',
    })
    const noActor = { ...gh.review(repo, bob, 1, 7, at), actor: {} }
    expect(mapEvent(noActor, kubesphere)).toEqual({ outcome: 'rejected', reason: 'PullRequestReviewEvent without an actor' })
  })
})

describe('repository selection', () => {
  it('matches organisations and repositories case-insensitively', () => {
    const m = repositoryMatcher({ orgs: ['kubesphere'], repos: ['OpenELB/openelb'] })
    expect(m('KubeSphere/console')).toBe(true)
    expect(m('openelb/openelb')).toBe(true)
    expect(m('openelb/other')).toBe(false)
    expect(m('kubesphere-sigs/x')).toBe(false)
    expect(repositoryMatcher()('any/thing')).toBe(true)
  })

  it('prefilters raw lines only when they cannot match', () => {
    const pre = linePrefilter({ orgs: ['kubesphere'], repos: ['openelb/openelb'] })!
    expect(pre(JSON.stringify(gh.issueOpened('KubeSphere/console', bob, 1, at)))).toBe(true)
    expect(pre('{"repo":{"name":"openelb\\/openelb"}}')).toBe(true)
    expect(pre(JSON.stringify(gh.issueOpened('other/thing', bob, 1, at)))).toBe(false)
    expect(linePrefilter({})).toBeUndefined()
  })
})

describe('outcomeWithoutParsing', () => {
  const lines = [
    gh.other('WatchEvent', repo, alice, at, { action: 'started' }),
    gh.other('ForkEvent', repo, bob, at),
    gh.other('WatchEvent', 'other-org/tool', alice, at, { action: 'started' }),
    gh.push('other-org/tool', alice, at, [{ sha: 'd'.repeat(40), name: 'alice', email: 'alice@example.org' }]),
    gh.push(repo, alice, at, [{ sha: 'e'.repeat(40), name: 'alice', email: 'alice@example.org' }]),
    gh.prOpened(repo, alice, 7, at),
    gh.prClosed(repo, bob, alice, 7, at, false),
    gh.issueComment(repo, bob, 55, 7, at),
  ].map((e) => JSON.stringify(e))

  it('reads what mapEvent would say of a filtered or never-counted event from its first fields, and leaves counted types to the parser', () => {
    const outcomes = lines.map((line) => outcomeWithoutParsing(line, kubesphere))
    expect(outcomes).toEqual([
      { outcome: 'skipped', reason: 'WatchEvent' },
      { outcome: 'skipped', reason: 'ForkEvent' },
      { outcome: 'filtered' },
      { outcome: 'filtered' },
      undefined,
      undefined,
      undefined, // a closed, unmerged PR is skipped, but only its payload says so
      undefined,
    ])
    // Whatever it says, the parser says the same.
    lines.forEach((line, i) => {
      if (outcomes[i]) expect(mapEvent(JSON.parse(line), kubesphere)).toEqual(outcomes[i])
    })
  })

  it('parses every line outside GH Archive’s layout: escapes, an empty name, other key orders', () => {
    const watch = lines[0]!
    expect(outcomeWithoutParsing(watch.replace('"name":"kubesphere/console"', '"name":"kubesphere\\/console"'), kubesphere)).toBeUndefined()
    expect(outcomeWithoutParsing(watch.replace('"name":"kubesphere/console"', '"name":""'), kubesphere)).toBeUndefined()
    const event = JSON.parse(watch) as Record<string, unknown>
    const { type, ...rest } = event
    expect(outcomeWithoutParsing(JSON.stringify({ type, ...rest }), kubesphere)).toBeUndefined()
    expect(outcomeWithoutParsing('{"id":"1","type":"WatchEvent"}', kubesphere)).toBeUndefined()
  })
})
