import { describe, expect, it } from 'vitest'
import { commitRecord, inWindow, issueRecord, pullRecords, reviewRecord, windowOf, type ApiCommit } from './records.ts'
import { importTarget, isDay, parseGithubImportOptions } from './options.ts'

const w = windowOf('2023-01-01', '2023-08-01')
const alice = { id: 1001, login: 'alice' }

describe('window', () => {
  it('is [since, until) in UTC, either end open', () => {
    expect(inWindow(w, new Date('2023-01-01T00:00:00Z'))).toBe(true)
    expect(inWindow(w, new Date('2023-07-31T23:59:59Z'))).toBe(true)
    expect(inWindow(w, new Date('2023-08-01T00:00:00Z'))).toBe(false)
    expect(inWindow(w, new Date('2022-12-31T23:59:59Z'))).toBe(false)
    expect(inWindow(windowOf(undefined, undefined), new Date('1999-01-01'))).toBe(true)
  })
})

describe('commitRecord', () => {
  const c = (over: Partial<ApiCommit> = {}): ApiCommit => ({
    sha: 'abc',
    html_url: 'https://github.com/a/b/commit/abc',
    author: alice,
    commit: { message: 'Fix it\n\nLong text', author: { name: 'Alice', email: 'alice@example.com', date: '2023-02-01T10:00:00+08:00' } },
    parents: [{ sha: 'p' }],
    ...over,
  })

  it('takes the GitHub account with the git name and email, the author date, the subject, and the merge flag', () => {
    expect(commitRecord('a/b', c())).toEqual({
      record: {
        kind: 'commit',
        source: 'github',
        repository: 'a/b',
        externalId: 'abc',
        occurredAt: new Date('2023-02-01T02:00:00Z'),
        isMerge: false,
        title: 'Fix it',
        url: 'https://github.com/a/b/commit/abc',
        author: { githubId: 1001, login: 'alice', name: 'Alice', email: 'alice@example.com' },
      },
    })
    expect(commitRecord('a/b', c({ parents: [{ sha: 'p' }, { sha: 'q' }] }))).toMatchObject({ record: { isMerge: true } })
    expect(commitRecord('a/b', c({ author: null }))).toMatchObject({ record: { author: { githubId: null, login: null, email: 'alice@example.com' } } })
  })

  it('rejects a commit without a date or any author', () => {
    expect(commitRecord('a/b', c({ commit: { author: { name: 'A', email: 'a@x.org', date: 'nope' } } }))).toHaveProperty('rejected')
    expect(commitRecord('a/b', c({ author: null, commit: { author: { name: '', email: '', date: '2023-01-01T00:00:00Z' } } }))).toHaveProperty('rejected')
  })
})

describe('pullRecords', () => {
  const p = { number: 7, title: 'T', html_url: 'u', user: alice, created_at: '2023-03-01T00:00:00Z', merged_at: '2023-03-02T00:00:00Z' as string | null }
  it('gives the opening and, when merged in the window, the merge, both by the author', () => {
    expect(pullRecords('a/b', p, w, { opened: true }).map((m) => ('record' in m ? [m.record.kind, m.record.occurredAt.toISOString(), m.record.author.login] : m))).toEqual([
      ['pr_opened', '2023-03-01T00:00:00.000Z', 'alice'],
      ['pr_merged', '2023-03-02T00:00:00.000Z', 'alice'],
    ])
    expect(pullRecords('a/b', { ...p, merged_at: '2023-09-01T00:00:00Z' }, w, { opened: true })).toHaveLength(1)
    expect(pullRecords('a/b', { ...p, created_at: '2022-01-01T00:00:00Z' }, w, { opened: false }).map((m) => 'record' in m && m.record.kind)).toEqual(['pr_merged'])
    expect(pullRecords('a/b', { ...p, user: null }, w, { opened: true })[0]).toHaveProperty('rejected')
  })
})

describe('issueRecord', () => {
  const i = { number: 3, user: alice, created_at: '2023-02-01T00:00:00Z' }
  it('skips pull requests and issues opened outside the window', () => {
    expect(issueRecord('a/b', i, w)).toMatchObject({ record: { kind: 'issue_opened', externalId: '3' } })
    expect(issueRecord('a/b', { ...i, pull_request: { html_url: 'x' } }, w)).toEqual({ skip: true })
    expect(issueRecord('a/b', { ...i, created_at: '2022-02-01T00:00:00Z' }, w)).toEqual({ skip: true })
  })
})

describe('reviewRecord', () => {
  const pull = { number: 7, title: 'T', authorId: 1001 }
  const r = { id: 55, user: { id: 1002, login: 'bob' }, state: 'APPROVED', submitted_at: '2023-03-01T00:00:00Z' }
  it("counts a submitted review in the window by someone other than the PR's author", () => {
    expect(reviewRecord('a/b', pull, r, w)).toMatchObject({ record: { kind: 'review', externalId: '55', author: { githubId: 1002 } } })
    expect(reviewRecord('a/b', pull, { ...r, state: 'PENDING', submitted_at: null }, w)).toEqual({ skip: true })
    expect(reviewRecord('a/b', pull, { ...r, user: alice }, w)).toEqual({ skip: true })
    expect(reviewRecord('a/b', pull, { ...r, submitted_at: '2024-01-01T00:00:00Z' }, w)).toEqual({ skip: true })
  })
})

describe('parseGithubImportOptions', () => {
  it('accepts an organisation or a list of repositories, and a window', () => {
    expect(parseGithubImportOptions({ org: 'kubesphere', since: '2023-01-01', until: '2023-08-01' })).toEqual({ ok: true, value: { org: 'kubesphere', since: '2023-01-01', until: '2023-08-01' } })
    expect(parseGithubImportOptions({ repos: ' kubesphere/console, kubesphere/kubesphere,kubesphere/console ' })).toEqual({ ok: true, value: { repos: ['kubesphere/console', 'kubesphere/kubesphere'] } })
  })

  it.each([
    [{}, /give --org ORG .* or --repos/],
    [{ org: 'a', repos: 'a/b' }, /either --org or --repos, not both/],
    [{ org: 'not/an-org' }, /--org "not\/an-org" is not a GitHub organisation name/],
    [{ repos: 'a/b,c' }, /--repos: "c" is not owner\/name/],
    [{ repos: ',' }, /--repos lists no repository/],
    [{ org: 'a', since: '2023-1-1' }, /--since "2023-1-1" is not a day written YYYY-MM-DD/],
    [{ org: 'a', until: '2023-02-29' }, /--until "2023-02-29" is not a day/],
    [{ org: 'a', since: '2023-08-01', until: '2023-08-01' }, /--since 2023-08-01 must come before --until 2023-08-01/],
  ])('rejects %o', (options, message) => {
    const parsed = parseGithubImportOptions(options)
    expect(parsed.ok).toBe(false)
    expect(parsed.ok ? '' : parsed.problems.join('\n')).toMatch(message)
  })

  it('reads real calendar days only', () => {
    expect(isDay('2024-02-29')).toBe(true)
    expect(isDay('2023-02-29')).toBe(false)
    expect(isDay('2023-13-01')).toBe(false)
  })
})

describe('importTarget', () => {
  it('is the same whatever the case and order of the repositories, and includes the window', () => {
    expect(importTarget({ repos: ['B/x', 'a/y'], since: '2023-01-01' })).toBe(importTarget({ repos: ['a/y', 'b/X'], since: '2023-01-01' }))
    expect(importTarget({ org: 'Acme' })).toBe('org:acme since:- until:-')
  })
})
