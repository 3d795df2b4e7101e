import { expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { ingestContributions } from './store.ts'
import { contributorIdentities } from './schema.ts'
import { identitiesCommands } from '../../commands/identities.ts'
import { contributionsTopCommand } from '../../commands/contributions-top.ts'
import { createPeople } from '../people/create-people.ts'
import { findOrCreatePerson } from '../accounts/find-or-create-person.ts'
import { commitBy } from '../../../tests/support/factories.ts'
import { runCommand } from '../../../tests/support/command-io.ts'

describeDb('identities and top contributors', (ctx) => {
  const run = (name: string, options: Record<string, unknown>) => runCommand([...identitiesCommands, contributionsTopCommand].find((x) => x.name === name)!, ctx(), options)

  it('suggests merges (same name, a login next to its GitHub id) but never for generic names, and merges only when told', async () => {
    const { db } = ctx()
    await ingestContributions(db, [
      commitBy('s1', { name: 'Wang Lei', email: 'wanglei@corp.example.com' }),
      commitBy('s2', { name: 'wang lei', email: 'wl@gmail.example.org' }),
      commitBy('s3', { name: 'root', email: 'root@box1.example.org' }),
      commitBy('s4', { name: 'root', email: 'root@box2.example.org' }),
      commitBy('s5', { name: 'Octo', email: '777+octo@users.noreply.github.com' }),
      commitBy('s6', { name: 'Octo Cat', email: 'octo@users.noreply.github.com' }),
    ])
    const suggested = await run('identities-suggest', { json: true })
    const pairs = suggested.out.map((l) => JSON.parse(l)).map((s) => [s.a.key, s.b.key].sort().join(' ~ '))
    expect(pairs.sort()).toEqual(['email:wanglei@corp.example.com ~ email:wl@gmail.example.org', 'github:777 ~ login:octo'])
    // Nothing was merged by suggesting.
    expect((await db.select().from(contributorIdentities).where(eq(contributorIdentities.key, 'github:777')))[0]!.personId).toBeNull()

    const [person] = await createPeople(db, [{ displayName: 'Wang Lei', handle: 'wang-lei' }])
    const merged = await run('identities-merge', { keys: ['email:wanglei@corp.example.com', 'email:wl@gmail.example.org'], person: 'wang-lei' })
    expect(merged).toMatchObject({ code: 0, out: ['2 identities linked to Wang Lei'] })
    const after = await run('identities-suggest', { json: true })
    expect(after.out.map((l) => JSON.parse(l).reason)).toEqual(['GitHub user 777 has the login octo'])

    expect((await run('identities-merge', { keys: ['nonsense'], person: 'wang-lei' })).code).toBe(2)
    expect((await run('identities-merge', { keys: ['github:1'], person: 'nobody' })).err[0]).toContain('no person with the handle nobody')
    const unknown = await run('identities-merge', { keys: ['github:999999'], person: 'wang-lei' })
    expect(unknown.err[0]).toContain('unknown identities (not imported yet): github:999999')

    expect((await run('identities-split', { keys: ['email:wl@gmail.example.org'] })).out).toEqual(['1 identities unlinked'])
    const [split] = await db.select().from(contributorIdentities).where(eq(contributorIdentities.key, 'email:wl@gmail.example.org'))
    expect(split!.personId).toBeNull()
    void person
  })

  it('links the contributions of a verified sign-in identity to the person', async () => {
    const { db } = ctx()
    await ingestContributions(db, [commitBy('v1', { name: 'Verified', email: 'verified@example.org' })])
    const { personId } = await findOrCreatePerson(db, { provider: 'email', subject: 'verified@example.org', email: 'verified@example.org' })
    const [identity] = await db.select().from(contributorIdentities).where(eq(contributorIdentities.key, 'email:verified@example.org'))
    expect(identity!.personId).toBe(personId)
  })

  it('lists top contributors in a window, with --min, merges and JSON', async () => {
    const { db } = ctx()
    await ingestContributions(db, [
      ...Array.from({ length: 3 }, (_, i) => commitBy(`t${i}`, { name: 'Top', email: 'top@example.org' }, '2022-08-0' + (i + 1))),
      commitBy('t9', { name: 'Top', email: 'top@example.org' }, '2023-08-01'),
      commitBy('o1', { name: 'Other', email: 'other@example.org' }, '2022-12-01'),
    ])
    const top = await run('contributions-top', { since: '2022-08-01', until: '2023-08-01', org: 'kubesphere', min: '3', json: true })
    expect(top.code).toBe(0)
    expect(top.out.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ key: 'email:top@example.org', total: 3, byRepository: { 'kubesphere/console': 3 } })])
    const table = await run('contributions-top', { since: '2022-08-01', until: '2023-08-01', min: '1' })
    expect(table.out[0]).toMatch(/^\d+ identities with at least 1 \(commit, merges excluded\) from 2022-08-01 to 2023-08-01 \(exclusive\)$/)
    expect((await run('contributions-top', { since: '2022-13-01', until: '2023-08-01' })).code).toBe(2)
    expect((await run('contributions-top', { since: '2023-08-01', until: '2022-08-01' })).err[0]).toContain('--until must be after --since')
    expect((await run('contributions-top', { since: '2022-08-01', until: '2023-08-01', kinds: 'commits' })).err[0]).toContain('unknown kind commits')
  })
})
