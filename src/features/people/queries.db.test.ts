import { expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { eq } from 'drizzle-orm'
import { makeAmbassadors, makeCommunity } from '../../../tests/support/factories.ts'
import { memberships } from '../memberships/schema.ts'
import { createPeople } from './create-people.ts'
import { directoryQuerySchema } from './forms.ts'
import { DIRECTORY_PAGE_SIZE, getPublicProfile, searchDirectory } from './queries.ts'

const q = (input: Record<string, string>) => directoryQuerySchema.parse(input)
const now = new Date('2025-08-01T00:00:00Z')

describeDb('directory search', (ctx) => {
  let community: Awaited<ReturnType<typeof makeCommunity>>

  it('finds names whatever their Unicode form, case or diacritics', async () => {
    const { db } = ctx()
    community = await makeCommunity(db)
    await makeAmbassadors(db, community.cohort!, [
      'Onur Canog\u0306lu',
      'I\u0307remnur O\u0308nder',
      { displayName: 'Halil İbrahim BUGÖL', githubLogin: 'halil-bugol', email: 'halil@example.org' },
      '尹敏',
      'Ilgaz Yılmaz',
      'Zoë 50% Off',
    ])
    const names = async (text: string) =>
      (await searchDirectory(db, community.communityId, q({ q: text }), now)).entries.map((e) => e.displayName)

    expect(await names('canoglu')).toEqual(['Onur Canog\u0306lu'])
    expect(await names('Canoğlu')).toEqual(['Onur Canog\u0306lu'])
    expect(await names('CANOG\u0306LU')).toEqual(['Onur Canog\u0306lu'])
    expect(await names('iremnur önder')).toEqual(['I\u0307remnur O\u0308nder'])
    expect(await names('İREMNUR')).toEqual(['I\u0307remnur O\u0308nder'])
    expect(await names('bugol')).toEqual(['Halil İbrahim BUGÖL'])
    expect(await names('halil-bugol')).toEqual(['Halil İbrahim BUGÖL'])
    expect(await names('@halil-bugol')).toEqual(['Halil İbrahim BUGÖL'])
    expect(await names('尹')).toEqual(['尹敏'])
    expect(await names('yilmaz')).toEqual(['Ilgaz Yılmaz'])
    // LIKE wildcards in the search text match literally.
    expect(await names('50%')).toEqual(['Zoë 50% Off'])
    expect(await names('%')).toEqual(['Zoë 50% Off'])
    expect(await names('_')).toEqual([])
    expect(await names('nobody')).toEqual([])
  })

  it('never returns an email', async () => {
    const { db } = ctx()
    const result = await searchDirectory(db, community.communityId, q({ q: 'halil' }), now)
    expect(JSON.stringify(result)).not.toContain('example.org')
    const profile = await getPublicProfile(db, 'halil-bugol', now)
    expect(profile?.person.displayName).toBe('Halil İbrahim BUGÖL')
    expect(JSON.stringify(profile)).not.toContain('example.org')
  })

  it('has profiles of ambassadors only: not of an account without a term, nor of a revoked one', async () => {
    const { db } = ctx()
    const c = await makeCommunity(db)
    const [serving, revoked] = await makeAmbassadors(db, c.cohort!, ['Serving Person', 'Revoked Person'])
    const [account] = await createPeople(db, [{ displayName: 'Only An Account', email: 'only.account@example.org' }])
    await db.update(memberships).set({ status: 'revoked' }).where(eq(memberships.personId, revoked!.id))
    expect((await getPublicProfile(db, serving!.handle, now))?.person.displayName).toBe('Serving Person')
    expect(await getPublicProfile(db, revoked!.handle, now)).toBeUndefined()
    expect(await getPublicProfile(db, account!.handle, now)).toBeUndefined()
  })

  it('filters by region, cohort and status, and only within the community', async () => {
    const { db } = ctx()
    const other = await makeCommunity(db)
    await makeAmbassadors(db, other.cohort!, [{ displayName: 'Outsider Canoglu', region: 'Europe' }])
    const c = await makeCommunity(db)
    await makeAmbassadors(db, c.cohort!, [
      { displayName: 'Ana Souza', region: 'Latin America' },
      { displayName: 'Björn Lindqvist', region: 'Europe' },
    ])
    const search = (input: Record<string, string>, at = now) => searchDirectory(db, c.communityId, q(input), at)
    expect((await search({ region: 'europe' })).entries.map((e) => e.displayName)).toEqual(['Björn Lindqvist'])
    expect((await search({ q: 'canoglu' })).total).toBe(0)
    expect((await search({ cohort: '2025' })).total).toBe(2)
    expect((await search({ cohort: '1999' })).total).toBe(0)
    // The 2025 term (May 2025 – April 2026, Asia/Shanghai) is active in August 2025 and over in June 2026.
    expect((await search({ status: 'active' })).total).toBe(2)
    expect((await search({ status: 'alumni' })).total).toBe(0)
    expect((await search({ status: 'alumni' }, new Date('2026-06-01T00:00:00Z'))).total).toBe(2)
    const [entry] = (await search({ q: 'ana' })).entries
    expect(entry!.terms).toMatchObject([{ cohortSlug: '2025', status: 'active', timeZone: 'Asia/Shanghai' }])
  })

  it('pages through results', async () => {
    const { db } = ctx()
    const c = await makeCommunity(db)
    await makeAmbassadors(
      db,
      c.cohort!,
      Array.from({ length: DIRECTORY_PAGE_SIZE + 3 }, (_, i) => `Person ${String(i).padStart(3, '0')}`),
    )
    const first = await searchDirectory(db, c.communityId, q({}), now)
    const second = await searchDirectory(db, c.communityId, q({ page: '2' }), now)
    expect(first.total).toBe(DIRECTORY_PAGE_SIZE + 3)
    expect(first.entries).toHaveLength(DIRECTORY_PAGE_SIZE)
    expect(second.entries.map((e) => e.displayName)).toEqual(['Person 048', 'Person 049', 'Person 050'])
  })

  it('issues the same number of queries for 1 row and for 3 rows', async () => {
    const { db, database } = ctx()
    const one = await makeCommunity(db)
    await makeAmbassadors(db, one.cohort!, ['Solo Person'])
    const three = await makeCommunity(db)
    await makeAmbassadors(db, three.cohort!, ['A One', 'B Two', 'C Three'])
    const count = async (communityId: string) => {
      const before = database.queryCount
      const result = await searchDirectory(db, communityId, q({}), now)
      return { queries: database.queryCount - before, rows: result.entries.length }
    }
    const a = await count(one.communityId)
    const b = await count(three.communityId)
    expect([a.rows, b.rows]).toEqual([1, 3])
    expect(a.queries).toBe(b.queries)
  })
})
