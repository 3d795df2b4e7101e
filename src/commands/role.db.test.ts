import { expect, it } from 'vitest'
import { and, eq, isNull } from 'drizzle-orm'
import { describeDb } from '../../tests/support/db.ts'
import { makeCommunity } from '../../tests/support/factories.ts'
import { runCommand } from '../../tests/support/command-io.ts'
import { runEmbassy } from '../../tests/support/processes.ts'
import { roleGrants } from '../features/accounts/schema.ts'
import { outboxMessages } from '../features/communications/schema.ts'
import { people } from '../features/people/schema.ts'
import { adminCreateCommand } from './admin-create.ts'
import { adminRemoveCommand } from './admin-remove.ts'
import { roleGrantCommand, roleListCommand, roleRevokeCommand } from './role.ts'

describeDb('embassy role grant | revoke | list', (ctx) => {
  const personOf = async (email: string) => (await ctx().db.select().from(people).where(eq(people.email, email)))[0]
  const managerGrant = async (personId: string, communityId: string) =>
    (await ctx().db.select().from(roleGrants).where(and(eq(roleGrants.personId, personId), eq(roleGrants.role, 'program_manager'), eq(roleGrants.communityId, communityId))))[0]

  it('grants a program manager by email (a new person, mailed), lists and revokes it, the CLI may take the last manager', async () => {
    const deps = ctx()
    const c = await makeCommunity(deps.db)
    const email = `cli-manager-${deps.engine}@example.org`
    const granted = await runCommand(roleGrantCommand, deps, { email: email.toUpperCase(), role: 'program_manager', community: c.slug })
    expect(granted).toMatchObject({ code: 0, out: [`${email}: account created, now program manager of ${c.slug} (an email tells them where to sign in).`] })
    const person = (await personOf(email))!
    expect(await managerGrant(person.id, c.communityId)).toBeDefined()
    const mails = await deps.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, email))
    expect(mails.map((m) => m.subject)).toEqual([`You are now a program manager of Community ${c.slug} on Embassy`])
    expect(mails[0]!.textBody).toContain('the embassy command made you a program manager')
    expect((await runCommand(roleGrantCommand, deps, { email, role: 'program_manager', community: c.slug })).out).toEqual([`${email}: existing account, already program manager of ${c.slug}.`])

    const listed = await runCommand(roleListCommand, deps, { community: c.slug, json: true })
    expect(listed.code).toBe(0)
    expect(listed.out.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ role: 'program_manager', community: c.slug, email, grantedBy: 'cli' })])
    const text = await runCommand(roleListCommand, deps, {})
    expect(text.out[0]).toMatch(/^\d+ roles?$/)
    expect(text.out.some((l) => l.startsWith(`program_manager ${c.slug}`) && l.includes(email) && l.endsWith('granted by cli'))).toBe(true)

    // The last program manager of the community: the operator may take the role.
    expect(await runCommand(roleRevokeCommand, deps, { email, role: 'program_manager', community: c.slug })).toMatchObject({ code: 0, out: [`${email}: no longer program manager of ${c.slug}.`] })
    expect(await managerGrant(person.id, c.communityId)).toBeUndefined()
    expect((await runCommand(roleRevokeCommand, deps, { email, role: 'program_manager', community: c.slug })).out).toEqual([`${email}: was not program manager of ${c.slug}.`])
  })

  it('accepts an internationalised domain as the web sign-in does, in role and admin commands alike', async () => {
    const deps = ctx()
    const c = await makeCommunity(deps.db)
    const ascii = `idn-${deps.engine}@xn--bcher-kva.example`
    expect((await runCommand(roleGrantCommand, deps, { email: `IDN-${deps.engine}@Bücher.example`, role: 'program_manager', community: c.slug })).code).toBe(0)
    expect(await managerGrant((await personOf(ascii))!.id, c.communityId)).toBeDefined()
    expect((await runCommand(roleRevokeCommand, deps, { email: `idn-${deps.engine}@bücher.example`, role: 'program_manager', community: c.slug })).out).toEqual([`${ascii}: no longer program manager of ${c.slug}.`])
    // admin create and admin remove read addresses the same way, and find the person the same way.
    const made = await runCommand(adminCreateCommand, deps, { email: `Boss-${deps.engine}@例子.中国` })
    expect(made.code).toBe(0)
    expect(made.out[0]).toBe(`boss-${deps.engine}@xn--fsqu00a.xn--fiqs8s: account created, admin role granted.`)
    expect((await runCommand(roleGrantCommand, deps, { email: `boss-${deps.engine}@例子.中国`, role: 'admin' })).out).toEqual([`boss-${deps.engine}@xn--fsqu00a.xn--fiqs8s: existing account, already admin.`])
    const other = `other-admin-${deps.engine}@example.org`
    expect((await runCommand(roleGrantCommand, deps, { email: other, role: 'admin' })).code).toBe(0)
    expect((await runCommand(adminRemoveCommand, deps, { email: `boss-${deps.engine}@例子.中国` })).out).toEqual([`boss-${deps.engine}@xn--fsqu00a.xn--fiqs8s: admin role removed.`])
    expect((await runCommand(roleListCommand, deps, { json: true })).out.map((l) => JSON.parse(l)).filter((g) => g.role === 'admin').map((g) => g.email)).toContain(other)
  })

  it('bad usage exits 2, an unknown community or person or the last admin exits 1, and nothing is written', async () => {
    const deps = ctx()
    const c = await makeCommunity(deps.db)
    const before = (await deps.db.select().from(people)).length
    const bad = [
      { email: 'not an address', role: 'program_manager', community: c.slug },
      { email: 'x@example.org', role: 'reviewer', community: c.slug },
      { email: 'x@example.org', role: 'program_manager' },
      { email: 'x@example.org', role: 'admin', community: c.slug },
      { email: '用户@例子.中国', role: 'admin' },
    ]
    for (const options of bad) {
      const grant = await runCommand(roleGrantCommand, deps, options)
      expect([options, grant.code, grant.err.length]).toEqual([options, 2, 1])
      expect((await runCommand(roleRevokeCommand, deps, options)).code).toBe(2)
    }
    const unknown = await runCommand(roleGrantCommand, deps, { email: 'x@example.org', role: 'program_manager', community: 'no-such-community' })
    expect(unknown).toMatchObject({ code: 1, err: ['role grant: there is no community "no-such-community" on this site'] })
    expect((await runCommand(roleListCommand, deps, { community: 'no-such-community' })).code).toBe(1)
    expect((await runCommand(roleRevokeCommand, deps, { email: 'nobody-here@example.org', role: 'admin' })).code).toBe(1)
    expect((await deps.db.select().from(people)).length).toBe(before)

    // The only admin keeps the role.
    await deps.db.delete(roleGrants).where(and(eq(roleGrants.role, 'admin'), isNull(roleGrants.communityId)))
    const only = `only-${deps.engine}@example.org`
    await runCommand(roleGrantCommand, deps, { email: only, role: 'admin' })
    const refused = await runCommand(roleRevokeCommand, deps, { email: only, role: 'admin' })
    expect(refused.code).toBe(1)
    expect(refused.err[0]).toMatch(/^role revoke: This is the only admin of this site/)
  })

  it('the embassy binary: a missing option or an unknown role subcommand is bad usage (exit 2)', async () => {
    if (ctx().engine !== 'pglite') return
    const missing = await runEmbassy(['role', 'grant', '--role', 'program_manager'], {})
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain("required option '--email <address>' not specified")
    expect((await runEmbassy(['role', 'promote'], {})).code).toBe(2)
  }, 60_000)
})
