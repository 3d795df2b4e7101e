import { beforeAll, expect, it } from 'vitest'
import { and, desc, eq, isNull } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { makeCommunity } from '../../../tests/support/factories.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import type { FormClient } from '../../../tests/support/http.ts'
import { createApp } from '../../app.tsx'
import { auditLog } from '../audit/schema.ts'
import { outboxMessages } from '../communications/schema.ts'
import { people } from '../people/schema.ts'
import { grantRole } from '../accounts/grant-role.ts'
import { roleGrants } from '../accounts/schema.ts'
import { applications } from '../applications/schema.ts'
import { createPeople } from '../people/create-people.ts'

describeDb('role management on the web', (ctx) => {
  let app: ReturnType<typeof createApp>
  let admin: FormClient
  let adminId: string
  let a: Awaited<ReturnType<typeof makeCommunity>>
  let b: Awaited<ReturnType<typeof makeCommunity>>
  const personOf = async (email: string) => (await ctx().db.select().from(people).where(eq(people.email, email)))[0]
  const grantOf = async (personId: string, role: 'admin' | 'program_manager', communityId: string | null) =>
    (await ctx().db.select().from(roleGrants).where(and(eq(roleGrants.personId, personId), eq(roleGrants.role, role), communityId ? eq(roleGrants.communityId, communityId) : isNull(roleGrants.communityId))))[0]
  const mailsTo = (email: string) => ctx().db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, email)).orderBy(desc(outboxMessages.createdAt))

  beforeAll(async () => {
    const deps = ctx()
    app = createApp(deps)
    // The site's only admin is the one this file signs in.
    await deps.db.delete(roleGrants).where(eq(roleGrants.role, 'admin'))
    a = await makeCommunity(deps.db, { community: { name: 'Alpha Community' } })
    b = await makeCommunity(deps.db, { community: { name: 'Beta Community' } })
    const email = `roles-admin-${deps.engine}@example.org`
    admin = await signedInClient(app, deps.db, email)
    adminId = (await personOf(email))!.id
    await grantRole(deps.db, adminId, 'admin', null, 'test')
    await deps.db.update(people).set({ displayName: 'Ada Admin' }).where(eq(people.id, adminId))
  }, 120_000)

  it('an admin makes a new person program manager by email: created, mailed, able to manage, then refused once revoked', async () => {
    const deps = ctx()
    const email = `new-manager-${deps.engine}@example.org`
    expect(await personOf(email)).toBeUndefined()
    const page = await admin.get('/admin/roles')
    expect(page.status).toBe(200)
    expect(page.text).toContain('Program managers of Alpha Community')
    const granted = await admin.post('/admin/roles', { email: `  ${email.toUpperCase()} `, role: 'program_manager', community: a.slug })
    expect(granted.status).toBe(200)
    expect(granted.text).toContain(`An account was created for ${email}, who is now a program manager of Alpha Community`)
    const person = (await personOf(email))!
    const grant = (await grantOf(person.id, 'program_manager', a.communityId))!
    expect(grant).toBeDefined()
    // Listed with who granted it (from the audit log).
    expect(granted.text).toMatch(new RegExp(`<td>${email}</td><td>[^<]+</td><td>Ada Admin</td>`))
    const [mail] = await mailsTo(email)
    expect(mail!.subject).toBe('You are now a program manager of Alpha Community on Embassy')
    expect(mail!.textBody).toContain('Ada Admin made you a program manager of Alpha Community on Embassy.')
    expect(mail!.textBody).toContain(`${deps.config.baseUrl}/sign-in?next=%2Fadmin`)
    const audits = await deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'role.grant'), eq(auditLog.entityId, person.id)))
    expect(audits).toEqual([expect.objectContaining({ actor: adminId, after: { role: 'program_manager', communityId: a.communityId } })])

    const manager = await signedInClient(app, deps.db, email)
    expect((await manager.get(`/admin/c/${a.slug}/programs/${a.programSlug}`)).status).toBe(200)
    expect((await manager.get(`/admin/c/${b.slug}/programs/${b.programSlug}`)).status).toBe(403)

    await admin.get('/admin/roles')
    const revoked = await admin.post('/admin/roles/revoke', { grant: grant.id })
    expect(revoked.status).toBe(200)
    expect(revoked.text).toContain(`${email.split('@')[0]} is no longer a program manager of Alpha Community.`)
    expect(await grantOf(person.id, 'program_manager', a.communityId)).toBeUndefined()
    expect((await manager.get(`/admin/c/${a.slug}/programs/${a.programSlug}`)).status).toBe(403)
    expect(await deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'role.revoke'), eq(auditLog.entityId, person.id), eq(auditLog.actor, adminId)))).toHaveLength(1)
    // Sent again: the revoked grant is gone, so this says so instead of failing.
    expect((await admin.post('/admin/roles/revoke', { grant: grant.id })).text).toContain('That role had already been taken away.')
  })

  it('keeps the input and says what is wrong, in the page’s language; a role already held is said, not an error', async () => {
    const deps = ctx()
    await admin.get('/admin/roles')
    const bad = await admin.post('/admin/roles', { email: 'not an address', role: 'program_manager', community: a.slug })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('Enter an email address, such as name@example.org')
    expect(bad.text).toContain('value="not an address"')
    expect(bad.text).toMatch(new RegExp(`<option value="${a.slug}" selected="">`))
    const zh = await admin.post('/admin/roles?lang=zh-CN', { email: 'not an address', role: 'program_manager', community: a.slug })
    expect(zh.status).toBe(422)
    expect(zh.text).toContain('请输入邮箱地址')
    const unknown = await admin.post('/admin/roles?lang=en', { email: 'someone@example.org', role: 'program_manager', community: 'no-such-community' })
    expect(unknown.status).toBe(422)
    expect(unknown.text).toContain('Choose a community of this site for a program manager.')
    expect(unknown.text).toContain('value="someone@example.org"')
    expect(await personOf('someone@example.org')).toBeUndefined()
    expect((await admin.post('/admin/roles', { email: 'someone@example.org', role: 'owner', community: '' })).text).toContain('Choose admin or program manager.')

    // An internationalised domain, as sign-in accepts it: stored in its ASCII form.
    const idn = await admin.post('/admin/roles', { email: `Idn-${deps.engine}@Bücher.example`, role: 'admin', community: '' })
    expect(idn.status).toBe(200)
    const ascii = `idn-${deps.engine}@xn--bcher-kva.example`
    expect(idn.text).toContain(`An account was created for ${ascii}, who is now an admin of the site;`)
    expect(await grantOf((await personOf(ascii))!.id, 'admin', null)).toBeDefined()
    const again = await admin.post('/admin/roles', { email: ascii, role: 'admin', community: '' })
    expect(again.status).toBe(200)
    expect(again.text).toContain(`${ascii} is already an admin of the site: nothing changed.`)
    expect(await mailsTo(ascii)).toHaveLength(1)
    // Taken away again, so that this admin is the only one for the next test.
    await admin.post('/admin/roles/revoke', { grant: (await grantOf((await personOf(ascii))!.id, 'admin', null))!.id })
  })

  it('mails the role in the language the person last applied in', async () => {
    const deps = ctx()
    const email = `zh-applicant-${deps.engine}@example.org`
    const [person] = await createPeople(deps.db, [{ displayName: '王芳', email }])
    await deps.db.insert(applications).values({ cohortId: b.cohort!.cohortId, personId: person!.id, status: 'submitted', answers: {}, locale: 'zh-CN' })
    await admin.get('/admin/roles?lang=en')
    const granted = await admin.post('/admin/roles', { email, role: 'program_manager', community: b.slug })
    expect(granted.text).toContain(`${email} is now a program manager of Beta Community.`)
    const [mail] = await mailsTo(email)
    expect(mail!.subject).toBe('您现在是 Embassy 上的Beta Community 的项目负责人')
    expect(mail!.textBody).toContain('Ada Admin 已将您设为 Embassy 上的Beta Community 的项目负责人。')
    expect(mail!.textBody).toContain('/sign-in?next=%2Fadmin&lang=zh-CN')
  })

  it('refuses to take the admin role from the only admin, inline with status 409, in English and Chinese', async () => {
    const deps = ctx()
    const own = (await grantOf(adminId, 'admin', null))!
    await admin.get('/admin/roles?lang=en')
    const en = await admin.post('/admin/roles/revoke', { grant: own.id })
    expect(en.status).toBe(409)
    expect(en.text).toContain('role="alert"')
    expect(en.text).toContain('This is the only admin of this site, so the admin role cannot be taken away')
    expect(en.text).toContain('Site admins')
    const zh = await admin.post('/admin/roles/revoke?lang=zh-CN', { grant: own.id })
    expect(zh.status).toBe(409)
    expect(zh.text).toContain('此人是本站唯一的管理员')
    expect(await grantOf(adminId, 'admin', null)).toBeDefined()
    await admin.get('/admin/roles?lang=en')
    void deps
  })

  it('a program manager adds and removes co-managers of their own community only, never admins, never the last one', async () => {
    const deps = ctx()
    const leadEmail = `lead-${deps.engine}@example.org`
    const lead = await signedInClient(app, deps.db, leadEmail)
    const leadId = (await personOf(leadEmail))!.id
    await grantRole(deps.db, leadId, 'program_manager', a.communityId, 'test')

    // Linked from the program's admin page.
    expect((await lead.get(`/admin/c/${a.slug}/programs/${a.programSlug}`)).text).toContain(`href="/admin/c/${a.slug}/managers"`)
    const team = await lead.get(`/admin/c/${a.slug}/managers`)
    expect(team.status).toBe(200)
    expect(team.text).toContain('Program team of Alpha Community')
    const coEmail = `co-${deps.engine}@example.org`
    const added = await lead.post(`/admin/c/${a.slug}/managers`, { email: coEmail })
    expect(added.status).toBe(200)
    expect(added.text).toContain(`An account was created for ${coEmail}, who is now a program manager of Alpha Community`)
    const coId = (await personOf(coEmail))!.id
    expect(await grantOf(coId, 'program_manager', a.communityId)).toBeDefined()
    expect((await mailsTo(coEmail))[0]!.textBody).toContain(`made you a program manager of Alpha Community`)

    // Another community, the admin role, the admins' page: refused, nothing granted.
    expect((await lead.get(`/admin/c/${b.slug}/managers`)).status).toBe(403)
    expect((await lead.post(`/admin/c/${b.slug}/managers`, { email: `x-${deps.engine}@example.org` })).status).toBe(403)
    expect((await lead.post(`/admin/c/${a.slug}/managers`, { email: `y-${deps.engine}@example.org`, role: 'admin' })).status).toBe(403)
    expect((await lead.post('/admin/roles', { email: `z-${deps.engine}@example.org`, role: 'admin', community: '' })).status).toBe(403)
    for (const who of ['x', 'y', 'z']) expect(await personOf(`${who}-${deps.engine}@example.org`)).toBeUndefined()
    // Nor can a manager take a grant of another community through their own page.
    const otherEmail = `beta-lead-${deps.engine}@example.org`
    await admin.get('/admin/roles')
    await admin.post('/admin/roles', { email: otherEmail, role: 'program_manager', community: b.slug })
    const betaGrant = (await grantOf((await personOf(otherEmail))!.id, 'program_manager', b.communityId))!
    await lead.get(`/admin/c/${a.slug}/managers`)
    expect((await lead.post(`/admin/c/${a.slug}/managers/revoke`, { grant: betaGrant.id })).status).toBe(404)
    expect((await lead.post(`/admin/c/${a.slug}/managers/revoke`, { grant: (await grantOf(adminId, 'admin', null))!.id })).status).toBe(404)
    expect(await grantOf((await personOf(otherEmail))!.id, 'program_manager', b.communityId)).toBeDefined()

    // Removes the co-manager; then is the last one and cannot remove themselves (409, inline, both languages).
    const coGrant = (await grantOf(coId, 'program_manager', a.communityId))!
    expect((await lead.post(`/admin/c/${a.slug}/managers/revoke`, { grant: coGrant.id })).status).toBe(200)
    const ownGrant = (await grantOf(leadId, 'program_manager', a.communityId))!
    const last = await lead.post(`/admin/c/${a.slug}/managers/revoke`, { grant: ownGrant.id })
    expect(last.status).toBe(409)
    expect(last.text).toContain('This is the last program manager of Alpha Community')
    const lastZh = await lead.post(`/admin/c/${a.slug}/managers/revoke?lang=zh-CN`, { grant: ownGrant.id })
    expect(lastZh.status).toBe(409)
    expect(lastZh.text).toContain('这是 Alpha Community 的最后一位项目负责人')
    expect(await grantOf(leadId, 'program_manager', a.communityId)).toBeDefined()
    // An admin may.
    await admin.get(`/admin/c/${a.slug}/managers?lang=en`)
    expect((await admin.post(`/admin/c/${a.slug}/managers/revoke`, { grant: ownGrant.id })).status).toBe(200)
    expect(await grantOf(leadId, 'program_manager', a.communityId)).toBeUndefined()
  })
})
