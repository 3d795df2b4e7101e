import { beforeEach, expect, it } from 'vitest'
import { and, eq, isNull, sql } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { runCommand } from '../../../tests/support/command-io.ts'
import { createApp } from '../../app.tsx'
import { adminRemoveCommand } from '../../commands/admin-remove.ts'
import { AppError } from '../../lib/errors.ts'
import { auditLog } from '../audit/schema.ts'
import { people } from '../people/schema.ts'
import { ERASED_NAME, erasePerson } from '../privacy/erase-person.ts'
import { grantRole } from './grant-role.ts'
import { revokeRole } from './revoke-role.ts'
import { roleGrants } from './schema.ts'

describeDb('the site always keeps an admin', (ctx) => {
  const adminIds = async () =>
    (await ctx().db.select({ personId: roleGrants.personId }).from(roleGrants).where(and(eq(roleGrants.role, 'admin'), isNull(roleGrants.communityId)))).map((r) => r.personId).sort()
  const personOf = async (email: string) => (await ctx().db.select().from(people).where(eq(people.email, email)))[0]!

  // Each test starts from a site without admins and makes its own.
  beforeEach(async () => {
    await ctx().db.delete(roleGrants).where(eq(roleGrants.role, 'admin'))
  })

  it('refuses to delete the only admin’s account on the page, in the page’s language, and erases nothing', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const email = `only-admin-${deps.engine}@example.org`
    const client = await signedInClient(app, deps.db, email)
    const only = await personOf(email)
    await grantRole(deps.db, only.id, 'admin', null, 'test')

    await client.get('/account/delete')
    const refused = await client.post('/account/delete', { confirm: 'DELETE' })
    expect(refused.status).toBe(409)
    expect(refused.text).toContain('You are the only admin of this site, so your account cannot be deleted: nobody could run the site afterwards.')
    expect(refused.text).toContain('role="alert"')
    const zh = await client.post('/account/delete?lang=zh-CN', { confirm: 'DELETE' })
    expect(zh.status).toBe(409)
    expect(zh.text).toContain('您是本站唯一的管理员，因此不能删除您的账户')
    // Still there, still an admin, still signed in.
    expect(await personOf(email)).toMatchObject({ id: only.id, displayName: only.displayName })
    expect(await adminIds()).toEqual([only.id])
    expect((await client.get('/account?lang=en')).status).toBe(200)

    // With a second admin, the first may go; the second is then the only one, and is refused in turn.
    const second = await signedInClient(app, deps.db, `second-admin-${deps.engine}@example.org`)
    const secondPerson = await personOf(`second-admin-${deps.engine}@example.org`)
    await grantRole(deps.db, secondPerson.id, 'admin', null, 'test')
    await client.get('/account/delete')
    const deleted = await client.post('/account/delete', { confirm: 'DELETE' })
    expect(deleted.status).toBe(200)
    expect((await deps.db.select().from(people).where(eq(people.id, only.id)))[0]!.displayName).toBe(ERASED_NAME)
    expect(await adminIds()).toEqual([secondPerson.id])
    await second.get('/account/delete')
    expect((await second.post('/account/delete', { confirm: 'DELETE' })).status).toBe(409)
    const refusal = await erasePerson(deps, secondPerson.id, 'someone').catch((e: unknown) => e)
    expect(refusal).toBeInstanceOf(AppError)
    expect(refusal).toMatchObject({ code: 'conflict' })
  })

  it('deletes someone who is not an admin however many admins there are', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const email = `not-admin-${deps.engine}@example.org`
    const client = await signedInClient(app, deps.db, email)
    await client.get('/account/delete')
    // No admin at all (a site before `admin create`): deleting a non-admin is no business of this rule.
    expect((await client.post('/account/delete', { confirm: 'DELETE' })).status).toBe(200)
  })

  it('refuses to take the admin role from the only admin, and takes it from one of two', async () => {
    const deps = ctx()
    const a = await signedInClient(createApp(deps), deps.db, `demote-a-${deps.engine}@example.org`).then(() => personOf(`demote-a-${deps.engine}@example.org`))
    const b = await signedInClient(createApp(deps), deps.db, `demote-b-${deps.engine}@example.org`).then(() => personOf(`demote-b-${deps.engine}@example.org`))
    await grantRole(deps.db, a.id, 'admin', null, 'test')

    await expect(revokeRole(deps.db, a.id, 'admin', null, 'test')).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('the only admin of this site') })
    expect(await adminIds()).toEqual([a.id])
    // Not an admin: nothing to take, nothing refused.
    expect(await revokeRole(deps.db, b.id, 'admin', null, 'test')).toBe(false)

    await grantRole(deps.db, b.id, 'admin', null, 'test')
    expect(await revokeRole(deps.db, a.id, 'admin', null, 'test')).toBe(true)
    expect(await adminIds()).toEqual([b.id])
    await expect(revokeRole(deps.db, b.id, 'admin', null, 'test')).rejects.toMatchObject({ code: 'conflict' })
    const audits = await deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'role.revoke'), eq(auditLog.entityId, a.id)))
    expect(audits).toHaveLength(1)
  })

  it('lets only one of two admins demoted at the same moment go', async () => {
    const deps = ctx()
    const ids: string[] = []
    for (const who of ['race-a', 'race-b']) {
      const email = `${who}-${deps.engine}@example.org`
      await signedInClient(createApp(deps), deps.db, email)
      ids.push((await personOf(email)).id)
      await grantRole(deps.db, ids.at(-1)!, 'admin', null, 'test')
    }
    const race = () => Promise.allSettled(ids.map((id) => revokeRole(deps.db, id, 'admin', null, 'test')))
    let results: Awaited<ReturnType<typeof race>>
    if (deps.engine === 'postgres') {
      // Both demotions are made to overlap: a third transaction holds the audit log, which each must write to
      // before it commits, until both are waiting on a lock (without the check's row locks both would have
      // read "two admins" by then, and both would commit).
      let release!: () => void
      const held = new Promise<void>((resolve) => (release = resolve))
      let taken!: () => void
      const lockTaken = new Promise<void>((resolve) => (taken = resolve))
      const blocker = deps.db.transaction(async (tx) => {
        await tx.execute(sql`lock table ${auditLog} in exclusive mode`)
        taken()
        await held
      })
      await lockTaken
      const racing = race()
      const waiting = async () => ((await deps.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)) as unknown as { rows: { n: number }[] }).rows[0]!.n
      for (let i = 0; i < 100 && (await waiting()) < 2; i++) await new Promise((r) => setTimeout(r, 50))
      release()
      await blocker
      results = await racing
    } else {
      // PGlite runs one transaction at a time.
      results = await race()
    }
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(await adminIds()).toHaveLength(1)
  })

  it('embassy admin remove: refused for the only admin (exit 1), done for one of two', async () => {
    const deps = ctx()
    const emails = [`cli-a-${deps.engine}@example.org`, `cli-b-${deps.engine}@example.org`]
    const ids: string[] = []
    for (const email of emails) {
      await signedInClient(createApp(deps), deps.db, email)
      ids.push((await personOf(email)).id)
    }
    await grantRole(deps.db, ids[0]!, 'admin', null, 'test')

    const refused = await runCommand(adminRemoveCommand, deps, { email: emails[0]!.toUpperCase() })
    expect(refused.code).toBe(1)
    expect(refused.err).toEqual([expect.stringMatching(/^admin remove: This is the only admin of this site, so the admin role cannot be taken away/)])
    expect(await adminIds()).toEqual([ids[0]])

    await grantRole(deps.db, ids[1]!, 'admin', null, 'test')
    const done = await runCommand(adminRemoveCommand, deps, { email: emails[0] })
    expect(done).toMatchObject({ code: 0, out: [`${emails[0]}: admin role removed.`] })
    expect((await runCommand(adminRemoveCommand, deps, { email: emails[0] })).out).toEqual([`${emails[0]}: was not an admin.`])
    expect(await adminIds()).toEqual([ids[1]])
    expect((await runCommand(adminRemoveCommand, deps, { email: 'nobody@example.org' })).code).toBe(1)
    expect((await runCommand(adminRemoveCommand, deps, { email: 'not an address' })).code).toBe(2)
  })
})
