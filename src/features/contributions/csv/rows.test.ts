import { describe, expect, it } from 'vitest'
import { CSV_COLUMNS, checkHeader, parseOccurredAt, parseRow } from './rows.ts'

const columns = (() => {
  const h = checkHeader([...CSV_COLUMNS])
  if ('error' in h) throw new Error(h.error)
  return h.columns
})()
const row = (values: Partial<Record<(typeof CSV_COLUMNS)[number], string>>) => CSV_COLUMNS.map((c) => values[c] ?? '')

describe('CSV header', () => {
  it('accepts the documented columns in any order and case, with optional ones left out', () => {
    expect(checkHeader(['Kind', 'occurred_at', 'external_id', 'author_email'])).toEqual({ columns: { kind: 0, occurred_at: 1, external_id: 2, author_email: 3 } })
  })

  it('names unknown, missing and repeated columns', () => {
    expect(checkHeader(['kind', 'external_id', 'occurred_at', 'author_name', 'Stars', 'lang'])).toEqual({
      error: `unknown columns "stars", "lang" in the header; the columns are ${CSV_COLUMNS.join(',')}`,
    })
    expect(checkHeader(['kind', 'external_id', 'author_name'])).toEqual({ error: 'missing column occurred_at in the header (required: kind, external_id, occurred_at)' })
    expect(checkHeader(['kind', 'external_id', 'occurred_at', 'title'])).toMatchObject({ error: expect.stringContaining('at least one author column') })
    expect(checkHeader(['kind', 'kind', 'external_id', 'occurred_at', 'author_name'])).toEqual({ error: 'column "kind" appears twice in the header' })
  })
})

describe('occurred_at', () => {
  it('reads instants with an offset, and bare dates as the start of the UTC day', () => {
    expect(parseOccurredAt('2023-05-01')).toEqual(new Date('2023-05-01T00:00:00Z'))
    expect(parseOccurredAt('2023-05-01T18:30:00+08:00')).toEqual(new Date('2023-05-01T10:30:00Z'))
    expect(parseOccurredAt('2023-05-01 18:30+0800')).toEqual(new Date('2023-05-01T10:30:00Z'))
    expect(parseOccurredAt('2023-05-01T10:30:00.250z')).toEqual(new Date('2023-05-01T10:30:00.250Z'))
  })

  it('rejects the rest with a reason', () => {
    expect(parseOccurredAt('2023-02-30')).toBe('occurred_at "2023-02-30" is not a calendar date')
    expect(parseOccurredAt('2023-05-01T10:30:00')).toMatch(/has no UTC offset/)
    expect(parseOccurredAt('01/05/2023')).toMatch(/is not an ISO 8601 date/)
    expect(parseOccurredAt('2023-05-01T24:00:00Z')).toMatch(/not a valid date-time/)
    expect(parseOccurredAt('2023-05-01T10:00:00+15:00')).toMatch(/impossible UTC offset/)
  })
})

describe('CSV rows', () => {
  it('maps a commit row', () => {
    expect(
      parseRow(
        row({ kind: 'commit', repository: 'kubesphere/console', external_id: 'abc123', occurred_at: '2023-05-01', author_name: ' Alice ', author_email: 'alice@example.org', github_id: '1001', is_merge: 'no' }),
        columns,
      ),
    ).toEqual({
      kind: 'commit',
      source: 'csv',
      repository: 'kubesphere/console',
      externalId: 'abc123',
      occurredAt: new Date('2023-05-01T00:00:00Z'),
      isMerge: false,
      title: null,
      url: null,
      author: { name: 'Alice', email: 'alice@example.org', login: null, githubId: 1001 },
    })
  })

  it('identifies a content item by its URL when it has no id, with or without a site', () => {
    const r = parseRow(row({ kind: 'content_item', occurred_at: '2023-06-02', author_login: 'alice', title: 'KubeSphere on ARM', url: 'https://blog.example.org/arm' }), columns)
    expect(r).toMatchObject({ kind: 'content_item', repository: '', externalId: 'https://blog.example.org/arm', author: { login: 'alice' } })
  })

  it('rejects bad rows with the reason', () => {
    const ok = { kind: 'commit', repository: 'kubesphere/console', external_id: 'abc', occurred_at: '2023-05-01', author_name: 'A' }
    expect(parseRow(row({ ...ok, kind: 'tweet' }), columns)).toMatch(/^unknown kind "tweet" \(one of commit, /)
    expect(parseRow(row({ ...ok, kind: '' }), columns)).toBe('kind is empty')
    expect(parseRow(row({ ...ok, repository: 'console' }), columns)).toBe('repository "console" is not owner/name')
    expect(parseRow(row({ ...ok, repository: '' }), columns)).toBe('repository is empty (required for commit)')
    expect(parseRow(row({ ...ok, external_id: '' }), columns)).toBe('external_id is empty')
    expect(parseRow(row({ ...ok, occurred_at: 'May 1st' }), columns)).toMatch(/^occurred_at "May 1st" is not an ISO 8601 date/)
    expect(parseRow(row({ ...ok, author_name: '' }), columns)).toMatch(/^no author/)
    expect(parseRow(row({ ...ok, author_email: 'alice at example' }), columns)).toMatch(/is not an email address/)
    expect(parseRow(row({ ...ok, github_id: '-4' }), columns)).toMatch(/is not a GitHub user id/)
    expect(parseRow(row({ ...ok, url: 'javascript:alert(1)' }), columns)).toMatch(/is not an http\(s\) URL/)
    expect(parseRow(row({ ...ok, is_merge: 'maybe' }), columns)).toBe('is_merge "maybe" is not true or false')
    expect(parseRow(row({ ...ok, kind: 'review', is_merge: 'true' }), columns)).toBe('is_merge applies to commits only')
    expect(parseRow(row({ kind: 'content_item', occurred_at: '2023-05-01', author_name: 'A' }), columns)).toBe('external_id and url are both empty')
  })
})
