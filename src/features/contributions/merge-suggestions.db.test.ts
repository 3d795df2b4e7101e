import { beforeAll, expect, it } from 'vitest'
import { and, eq, inArray } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { auditLog } from '../audit/schema.ts'
import { createPeople } from '../people/create-people.ts'
import { people } from '../people/schema.ts'
import { identitiesCommands } from '../../commands/identities.ts'
import { contributorIdentities, identityMergeSuggestions } from './schema.ts'
import { ingestContributions } from './store.ts'
import { commitBy } from '../../../tests/support/factories.ts'
import { runCommand } from '../../../tests/support/command-io.ts'

describeDb('suggested merges of contributor identities, decided on the web', (ctx) => {
  let app: ReturnType<typeof createApp>
  beforeAll(async () => {
    app = createApp(ctx())
    await ingestContributions(ctx().db, [
      commitBy('m1', { name: '王磊', email: 'wanglei@corp.example.com' }),
      commitBy('m2', { name: '王磊', email: 'wanglei@gmail.example.org' }),
      commitBy('m3', { name: '王磊', email: 'wanglei@gmail.example.org' }),
      commitBy('m4', { name: 'root', email: 'root@box1.example.org' }),
      commitBy('m5', { name: 'root', email: 'root@box2.example.org' }),
      commitBy('m6', { name: 'Octo', email: '777+octo@users.noreply.github.com' }),
      commitBy('m7', { name: 'Octo Cat', email: 'octo@users.noreply.github.com' }),
      commitBy('m8', { name: 'Ana Souza', email: 'ana@one.example.org' }),
      commitBy('m9', { name: 'Ana Souza', email: 'ana@two.example.org' }),
    ])
    await createPeople(ctx().db, [
      { displayName: 'Wang Lei', handle: 'wang-lei' },
      { displayName: 'Ana Souza', handle: 'ana' },
      { displayName: 'Someone Else', handle: 'someone' },
    ])
  })

  async function admin() {
    const client = await signedInClient(app, ctx().db, 'root-admin@example.org')
    const [person] = await ctx().db.select().from(people).where(eq(people.email, 'root-admin@example.org'))
    await grantRole(ctx().db, person!.id, 'admin', null, 'test')
    return { client, person: person! }
  }
  const suggestionOf = async (keyA: string, keyB: string) => {
    const ids = await ctx().db.select({ id: contributorIdentities.id, key: contributorIdentities.key }).from(contributorIdentities).where(inArray(contributorIdentities.key, [keyA, keyB]))
    const [s] = await ctx()
      .db.select()
      .from(identityMergeSuggestions)
      .where(inArray(identityMergeSuggestions.identityId, ids.map((i) => i.id)))
    return s!
  }
  const personOf = async (key: string) => (await ctx().db.select({ personId: contributorIdentities.personId }).from(contributorIdentities).where(eq(contributorIdentities.key, key)))[0]!.personId

  it('is for deployment admins only', async () => {
    const stranger = await signedInClient(app, ctx().db, 'stranger@example.org')
    expect((await stranger.get('/admin/identities')).status).toBe(403)
    expect((await stranger.post('/admin/identities/suggest', {})).status).toBe(403)
    const anonymous = await app.request('/admin/identities')
    expect(anonymous.status).toBe(303)
  })

  it('finds suggestions, shows both sides, confirms one with a person and rejects another; refusals change nothing', async () => {
    const { client: a, person: me } = await admin()
    const home = await a.get('/admin')
    expect(home.text).toContain('href="/admin/identities"')
    expect((await a.get('/admin/identities')).text).toContain('No open suggestion.')

    const found = await a.post('/admin/identities/suggest', {})
    expect(found.status).toBe(200)
    expect(found.text).toContain('3 new suggestions.')
    expect(found.text).toContain('Open suggestions (3)')
    // Each side with what the source recorded and how much it contributed; never the generic "root".
    expect(found.text).toContain('wanglei@gmail.example.org')
    expect(found.text).toMatch(/<dt>Contributions<\/dt><dd>2, the latest on/)
    expect(found.text).toContain('GitHub user 777 has the login octo')
    expect(found.text).not.toContain('root@box1.example.org')
    expect((await a.post('/admin/identities/suggest', {})).text).toContain('No new suggestion.')

    const wang = await suggestionOf('email:wanglei@corp.example.com', 'email:wanglei@gmail.example.org')
    // A handle nobody has: an inline error by the suggestion's form, the handle kept, nothing changed.
    const unknown = await a.post(`/admin/identities/suggestions/${wang.id}/confirm`, { person: 'wang-le' })
    expect(unknown.status).toBe(422)
    expect(unknown.text).toContain('There is no person with the handle &quot;wang-le&quot;.')
    expect(unknown.text).toMatch(/id="person-[^"]+" name="person" type="text" required="" value="wang-le" aria-invalid="true"/)
    expect(await personOf('email:wanglei@corp.example.com')).toBeNull()
    expect((await suggestionOf('email:wanglei@corp.example.com', 'email:wanglei@gmail.example.org')).status).toBe('open')

    const confirmed = await a.post(`/admin/identities/suggestions/${wang.id}/confirm`, { person: '@wang-lei' })
    expect(confirmed.status).toBe(200)
    expect(confirmed.text).toContain('email:wanglei@corp.example.com and email:wanglei@gmail.example.org now belong to Wang Lei (@wang-lei).')
    const [wangLei] = await ctx().db.select().from(people).where(eq(people.handle, 'wang-lei'))
    expect(await personOf('email:wanglei@corp.example.com')).toBe(wangLei!.id)
    expect(await personOf('email:wanglei@gmail.example.org')).toBe(wangLei!.id)
    expect(await suggestionOf('email:wanglei@corp.example.com', 'email:wanglei@gmail.example.org')).toMatchObject({ status: 'confirmed', decidedBy: `@${me.handle}` })
    const [merge] = await ctx().db.select().from(auditLog).where(and(eq(auditLog.action, 'identities.merge'), eq(auditLog.entityId, wangLei!.id)))
    expect(merge).toMatchObject({ actor: me.id, after: { keys: ['email:wanglei@corp.example.com', 'email:wanglei@gmail.example.org'], suggestion: wang.id } })
    // Sent twice (a double click): refused, said why.
    const again = await a.post(`/admin/identities/suggestions/${wang.id}/confirm`, { person: 'wang-lei' })
    expect(again.status).toBe(422)
    expect(again.text).toContain(`This suggestion was confirmed already by @${me.handle}.`)

    // One side belongs to someone else: refused until it is split.
    await ctx().db.update(contributorIdentities).set({ personId: (await ctx().db.select().from(people).where(eq(people.handle, 'someone')))[0]!.id }).where(eq(contributorIdentities.key, 'email:ana@two.example.org'))
    const ana = await suggestionOf('email:ana@one.example.org', 'email:ana@two.example.org')
    const taken = await a.post(`/admin/identities/suggestions/${ana.id}/confirm`, { person: 'ana' })
    expect(taken.status).toBe(422)
    expect(taken.text).toContain('email:ana@two.example.org belongs to someone else already: split it first')
    expect(await personOf('email:ana@one.example.org')).toBeNull()

    const octo = await suggestionOf('github:777', 'login:octo')
    const rejected = await a.post(`/admin/identities/suggestions/${octo.id}/reject`, {})
    expect(rejected.status).toBe(200)
    expect(rejected.text).toContain('github:777 and login:octo stay apart; they will not be suggested again.')
    expect(rejected.text).toContain('Open suggestions (1)')
    expect(rejected.text).toMatch(/<code>github:777<\/code> ~ <code>login:octo<\/code><\/td><td>different people<\/td><td>@/)
    expect(await personOf('github:777')).toBeNull()
    const [reject] = await ctx().db.select().from(auditLog).where(and(eq(auditLog.action, 'identities.reject'), eq(auditLog.entityId, octo.id)))
    expect(reject).toMatchObject({ actor: me.id, after: { keys: ['github:777', 'login:octo'] } })
    // Looking again does not bring a rejected pair back.
    expect((await a.post('/admin/identities/suggest', {})).text).toContain('No new suggestion.')
    expect((await suggestionOf('github:777', 'login:octo')).status).toBe('rejected')

    // A rejection taken back: open again, to be decided anew; audited. A confirmed one is not reopened.
    expect(rejected.text).toContain(`action="/admin/identities/suggestions/${octo.id}/reopen"`)
    expect(rejected.text).not.toContain(`action="/admin/identities/suggestions/${wang.id}/reopen"`)
    const notReopened = await a.post(`/admin/identities/suggestions/${wang.id}/reopen`, {})
    expect(notReopened.status).toBe(422)
    expect(notReopened.text).toMatch(/role="alert">\s*A confirmed suggestion is not reopened: unlink the identities/)
    expect((await suggestionOf('email:wanglei@corp.example.com', 'email:wanglei@gmail.example.org')).status).toBe('confirmed')
    const reopened = await a.post(`/admin/identities/suggestions/${octo.id}/reopen`, {})
    expect(reopened.status).toBe(200)
    expect(reopened.text).toContain('The suggestion of github:777 and login:octo is open again.')
    expect(reopened.text).toContain('Open suggestions (2)')
    expect(await suggestionOf('github:777', 'login:octo')).toMatchObject({ status: 'open', decidedBy: null, decidedAt: null })
    const [reopen] = await ctx().db.select().from(auditLog).where(and(eq(auditLog.action, 'identities.reopen'), eq(auditLog.entityId, octo.id)))
    expect(reopen).toMatchObject({ actor: me.id, before: { status: 'rejected', decidedBy: `@${me.handle}` }, after: { keys: ['github:777', 'login:octo'] } })
    const twice = await a.post(`/admin/identities/suggestions/${octo.id}/reopen`, {})
    expect(twice.status).toBe(422)
    expect(twice.text).toContain('This suggestion is open already.')
    expect((await a.post('/admin/identities/suggestions/not-an-id/reopen', {})).text).toContain('There is no such suggestion.')
    // Rejected again, for what follows.
    expect((await a.post(`/admin/identities/suggestions/${octo.id}/reject`, {})).status).toBe(200)

    // The confirmed decision offers to unlink each side; one is unlinked, audited, and counts for nobody.
    expect(reopened.text).toContain('aria-label="Unlink email:wanglei@corp.example.com from Wang Lei"')
    const unlinked = await a.post('/admin/identities/unlink', { key: 'email:wanglei@gmail.example.org' })
    expect(unlinked.status).toBe(200)
    expect(unlinked.text).toContain('email:wanglei@gmail.example.org no longer belongs to Wang Lei (@wang-lei); its contributions count for nobody until it is linked again.')
    expect(await personOf('email:wanglei@gmail.example.org')).toBeNull()
    expect(await personOf('email:wanglei@corp.example.com')).toBe(wangLei!.id)
    const [split] = await ctx().db.select().from(auditLog).where(eq(auditLog.action, 'identities.split'))
    expect(split).toMatchObject({ actor: me.id, after: { keys: ['email:wanglei@gmail.example.org'] } })
    // Refused next to the form, the key kept, nothing changed: unlinked already, unknown, empty.
    const already = await a.post('/admin/identities/unlink', { key: 'email:wanglei@gmail.example.org' })
    expect(already.status).toBe(422)
    expect(already.text).toMatch(/value="email:wanglei@gmail.example.org" aria-invalid="true" aria-describedby="unlink-key-error"/)
    expect(already.text).toContain('email:wanglei@gmail.example.org belongs to nobody already.')
    expect((await a.post('/admin/identities/unlink', { key: 'email:nobody@example.org' })).text).toContain('There is no identity email:nobody@example.org.')
    const empty = await a.post('/admin/identities/unlink', { key: '  ' })
    expect(empty.status).toBe(422)
    expect(empty.text).toContain('Give the key of an identity, such as github:12345 or email:ana@example.org.')
    expect((await ctx().db.select().from(auditLog).where(eq(auditLog.action, 'identities.split'))).length).toBe(1)
    expect(await personOf('email:wanglei@corp.example.com')).toBe(wangLei!.id)

    // An id that is no suggestion, and a form without its CSRF token.
    const nowhere = await a.post('/admin/identities/suggestions/00000000-0000-4000-8000-000000000000/reject', {})
    expect(nowhere.status).toBe(422)
    expect(nowhere.text).toContain('There is no such suggestion.')
    const forged = await a.post(`/admin/identities/suggestions/${ana.id}/reject`, { _csrf: 'forged' })
    expect(forged.status).toBe(403)
    expect((await suggestionOf('email:ana@one.example.org', 'email:ana@two.example.org')).status).toBe('open')
  })

  it('embassy identities reject KEY KEY rejects the open suggestion between them; reopen takes it back', async () => {
    const command = (name: string) => (options: Record<string, unknown>) => runCommand(identitiesCommands.find((x) => x.name === name)!, ctx(), options)
    const run = command('identities-reject')
    const reopen = command('identities-reopen')
    expect(await reopen({ keys: ['email:ana@one.example.org', 'email:ana@two.example.org'] })).toEqual({
      code: 1,
      out: [],
      err: ['identities reopen: there is no rejected suggestion between email:ana@one.example.org and email:ana@two.example.org'],
    })
    expect((await run({ keys: ['email:ana@one.example.org'] })).code).toBe(2)
    expect(await run({ keys: ['email:ana@two.example.org', 'email:ana@one.example.org'] })).toEqual({ code: 0, out: ['email:ana@one.example.org and email:ana@two.example.org stay apart; they will not be suggested again.'], err: [] })
    expect((await suggestionOf('email:ana@one.example.org', 'email:ana@two.example.org')).decidedBy).toBe('cli')
    const none = await run({ keys: ['email:ana@two.example.org', 'email:ana@one.example.org'] })
    expect(none.code).toBe(1)
    expect(none.err[0]).toMatch(/there is no open suggestion between email:ana@two.example.org and email:ana@one.example.org/)
    expect(await reopen({ keys: ['email:ana@one.example.org', 'email:ana@two.example.org'] })).toEqual({ code: 0, out: ['The suggestion of email:ana@one.example.org and email:ana@two.example.org is open again.'], err: [] })
    expect((await suggestionOf('email:ana@one.example.org', 'email:ana@two.example.org')).status).toBe('open')
    expect((await reopen({ keys: ['bad'] })).code).toBe(2)
  })
})
