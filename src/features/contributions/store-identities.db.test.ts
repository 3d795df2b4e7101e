import { expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import type { Db } from '../../db/client.ts'
import { queryRows as rows } from '../../db/rows.ts'
import { ingestContributions, type ContributionRecord } from './store.ts'
import { IdentityMemo } from './store-identities.ts'

const commit = (sha: string, at: string, author: ContributionRecord['author']): ContributionRecord => ({
  kind: 'commit',
  source: 'git',
  repository: 'kubesphere/kubesphere',
  externalId: sha,
  occurredAt: new Date(at),
  author,
})

describeDb('identities of a bulk import (the memo)', (ctx) => {
  const identity = async (db: Db, key: string) =>
    (await rows<{ id: number; name: string; login: string | null; seen: number }>(db, sql`select id::int, name, login, (extract(epoch from last_seen_at) * 1000)::float8 as seen from contributor_identities where key = ${key}`))[0]

  it('locks the identities it stored before, and still applies what a later batch changes', async () => {
    const { db } = ctx()
    const memo = new IdentityMemo()
    const ingest = (records: ContributionRecord[]) => ingestContributions(db, records, { identities: memo })
    const wei = { name: 'Wei Zhang', email: '2001+wei@users.noreply.github.com' }
    // git log lists the newest commits first: the first batch names the identity.
    await ingest([commit('m1', '2023-05-02T00:00:00Z', wei), commit('m2', '2023-05-01T00:00:00Z', wei)])
    expect(memo.size).toBe(1)
    const first = await identity(db, 'github:2001')
    // An older batch under an older login: the row keeps the newest name and login.
    await ingest([commit('m3', '2023-04-01T00:00:00Z', { name: 'wz', email: '2001+weizhang-old@users.noreply.github.com' })])
    expect(await identity(db, 'github:2001')).toEqual(first)
    // A newer batch under a new login renames it.
    await ingest([commit('m4', '2023-06-01T00:00:00Z', { name: 'Wei Z.', email: '2001+wei-z@users.noreply.github.com' })])
    expect(await identity(db, 'github:2001')).toMatchObject({ id: first!.id, name: 'Wei Z.', login: 'wei-z', seen: Date.parse('2023-06-01T00:00:00Z') })
    const counted = await rows<{ n: number }>(db, sql`select count(*)::int as n from contributions where identity_id = ${first!.id}`)
    expect(counted[0]!.n).toBe(4)
  })

  it('creates an identity again when it was deleted after the import stored it (no contribution points at a deleted one)', async () => {
    const { db } = ctx()
    const memo = new IdentityMemo()
    const ana = { name: 'Ana Souza', email: 'ana@example.org' }
    await ingestContributions(db, [commit('n1', '2023-05-02T00:00:00Z', ana)], { identities: memo })
    const before = await identity(db, 'email:ana@example.org')
    await db.execute(sql`delete from contributor_identities where key = 'email:ana@example.org'`)
    expect((await ingestContributions(db, [commit('n2', '2023-05-01T00:00:00Z', ana)], { identities: memo })).inserted).toBe(1)
    const after = await identity(db, 'email:ana@example.org')
    expect(after!.id).not.toBe(before!.id)
    const orphans = await rows<{ n: number }>(db, sql`select count(*)::int as n from contributions c where not exists (select 1 from contributor_identities i where i.id = c.identity_id)`)
    expect(orphans[0]!.n).toBe(0)
    expect((await rows<{ external_id: string; identity_id: number }>(db, sql`select external_id, identity_id::int from contributions where external_id in ('n1', 'n2')`)).map((r) => [r.external_id, r.identity_id])).toEqual([
      ['n2', after!.id],
    ])
  })

  it('remembers nothing of a batch that rolled back', async () => {
    const { db } = ctx()
    const memo = new IdentityMemo()
    const kenji = { name: 'Kenji Sato', email: '3001+kenji@users.noreply.github.com' }
    await ingestContributions(db, [commit('k1', '2023-05-01T00:00:00Z', kenji)], { identities: memo })
    const renamed = { name: 'Kenji S.', email: '3001+kenji-s@users.noreply.github.com' }
    // The batch renames the identity, then fails (a date the database refuses): all of it rolls back.
    const failing = [commit('k2', '2023-06-01T00:00:00Z', renamed), { ...commit('k3', '2023-06-01T00:00:00Z', renamed), occurredAt: new Date('invalid') }]
    await expect(ingestContributions(db, failing, { identities: memo })).rejects.toThrow()
    expect(await identity(db, 'github:3001')).toMatchObject({ name: 'Kenji Sato', login: 'kenji' })
    // The same rename in a good batch is applied: the memo did not take the rolled-back name for stored.
    await ingestContributions(db, [commit('k2', '2023-06-01T00:00:00Z', renamed)], { identities: memo })
    expect(await identity(db, 'github:3001')).toMatchObject({ name: 'Kenji S.', login: 'kenji-s' })
  })

  it('forgets the oldest identities beyond its bound', () => {
    const memo = new IdentityMemo(2)
    for (const [k, id] of [['a', 1], ['b', 2], ['c', 3]] as const) memo.set(k, { id, name: null, email: null, login: null, lastSeenAt: 0 })
    expect(memo.size).toBe(2)
    expect(memo.get('a')).toBeUndefined()
    expect(memo.get('c')?.id).toBe(3)
  })
})
