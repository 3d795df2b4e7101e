import { expect, it } from 'vitest'
import type { ContributionRecord } from '../store.ts'
import { mapEvent } from './events.ts'
import { packRecords, unpackRecords } from './packed.ts'
import { gh } from './test-events.ts'

const alice = { id: 3001, login: 'alice' }
const at = '2023-05-01T10:00:00Z'

/** Packed, cloned as postMessage clones (the dates' buffer transferred), unpacked. */
const roundTrip = (records: ContributionRecord[]) => {
  const { packed, transfer } = packRecords(records)
  return unpackRecords(structuredClone(packed, { transfer }))
}

it('gives back the records mapEvent makes, field by field, absent fields absent', () => {
  const events = [
    gh.push('kubesphere/console', alice, at, [
      { sha: 'a1'.repeat(20), name: 'alice', email: 'alice@example.org' },
      { sha: 'b1'.repeat(20), name: 'Someone', email: 'someone@example.org', message: 'Fix\n\nbody' },
    ]),
    gh.prOpened('kubesphere/console', alice, 7, at),
    gh.prClosed('kubesphere/console', alice, alice, 7, at, true),
    gh.issueOpened('kubesphere/console', alice, 3, at),
    gh.review('kubesphere/console', alice, 5, 7, at),
    gh.issueComment('kubesphere/console', alice, 6, 3, at),
    gh.reviewComment('kubesphere/console', alice, 8, 7, at),
  ]
  const records = events.flatMap((e) => {
    const m = mapEvent(e)
    if (m.outcome !== 'records') throw new Error(`not mapped: ${JSON.stringify(m)}`)
    return m.records
  })
  expect(records).toHaveLength(8)
  // toStrictEqual tells an absent field from one set to undefined.
  expect(roundTrip(records)).toStrictEqual(records)
})

it('carries every field a record may have, nulls and dates included', () => {
  const records: ContributionRecord[] = [
    {
      kind: 'commit',
      source: 'git',
      repository: 'o/r',
      externalId: 'c'.repeat(40),
      occurredAt: new Date('2023-01-01T00:00:00.123Z'),
      committedAt: new Date('2023-01-02T00:00:00Z'),
      isMerge: true,
      title: 'Merge',
      url: null,
      author: { personId: '00000000-0000-4000-8000-000000000001', githubId: null, login: null, email: 'a@example.org', name: 'A' },
    },
    { kind: 'comment', source: 'feed', repository: '', externalId: 'x', occurredAt: new Date(0), committedAt: null, title: null, author: {} },
  ]
  expect(roundTrip(records)).toStrictEqual(records)
  expect(roundTrip([])).toStrictEqual([])
})
