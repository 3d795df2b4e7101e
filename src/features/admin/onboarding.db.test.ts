import { beforeAll, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { makeCommunity, uniqueSlug } from '../../../tests/support/factories.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import type { FormClient } from '../../../tests/support/http.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { auditLog } from '../audit/schema.ts'
import { people } from '../people/schema.ts'
import { communities, programs } from '../programs/schema.ts'

describeDb('onboarding on the web: new community, new program', (ctx) => {
  let app: ReturnType<typeof createApp>
  let admin: FormClient
  let managerB: FormClient
  let plain: FormClient
  let a: Awaited<ReturnType<typeof makeCommunity>>
  let b: Awaited<ReturnType<typeof makeCommunity>>
  let adminId: string

  beforeAll(async () => {
    const deps = ctx()
    app = createApp(deps)
    a = await makeCommunity(deps.db)
    b = await makeCommunity(deps.db)
    const tag = `${deps.engine}-${Date.now().toString(36)}`
    admin = await signedInClient(app, deps.db, `onboard-admin-${tag}@example.org`)
    managerB = await signedInClient(app, deps.db, `onboard-manager-${tag}@example.org`)
    plain = await signedInClient(app, deps.db, `onboard-plain-${tag}@example.org`)
    const idOf = async (email: string) => (await deps.db.select({ id: people.id }).from(people).where(eq(people.email, email)))[0]!.id
    adminId = await idOf(`onboard-admin-${tag}@example.org`)
    await grantRole(deps.db, adminId, 'admin', null, 'test')
    await grantRole(deps.db, await idOf(`onboard-manager-${tag}@example.org`), 'program_manager', b.communityId, 'test')
  }, 120_000)

  it('lets an admin create a community, then a program in it, landing on the program admin page; both audited', async () => {
    const home = await admin.get('/admin')
    expect(home.text).toContain('href="/admin/communities/new"')
    expect(home.text).toContain(`href="/admin/c/${a.slug}/programs/new"`)

    const slug = uniqueSlug('web')
    expect((await admin.get('/admin/communities/new')).status).toBe(200)
    const made = await admin.post('/admin/communities/new', { name: 'Web Community', slug, tagline: 'Made on the web', descriptionMd: 'Hello **world**', websiteUrl: 'https://web.example.org' })
    expect(made.status).toBe(303)
    expect(made.location).toBe(`/admin/c/${slug}/programs/new?created=community`)
    const [community] = await ctx().db.select().from(communities).where(eq(communities.slug, slug))
    expect(community).toMatchObject({ name: 'Web Community', tagline: 'Made on the web', descriptionMd: 'Hello **world**', websiteUrl: 'https://web.example.org' })

    const form = await admin.get(made.location!)
    expect(form.status).toBe(200)
    expect(form.text).toContain('The community Web Community was created.')
    const program = await admin.post(`/admin/c/${slug}/programs/new`, { name: 'Web Ambassadors', slug: 'envoys', summary: 'A program from the web.', descriptionMd: 'More.' })
    expect(program.status).toBe(303)
    expect(program.location).toBe(`/admin/c/${slug}/programs/envoys`)
    const page = await admin.get(program.location!)
    expect(page.status).toBe(200)
    expect(page.text).toContain('Web Ambassadors')
    expect((await app.request(`/c/${slug}/programs/envoys`)).status).toBe(200)

    const [stored] = await ctx().db.select().from(programs).where(eq(programs.communityId, community!.id))
    expect(stored).toMatchObject({ slug: 'envoys', name: 'Web Ambassadors', summary: 'A program from the web.', descriptionMd: 'More.' })
    const audit = await ctx().db.select({ action: auditLog.action, actor: auditLog.actor }).from(auditLog).where(eq(auditLog.actor, adminId))
    expect(audit).toEqual(expect.arrayContaining([{ action: 'community.define', actor: adminId }, { action: 'program.define', actor: adminId }]))
  })

  it('lets a manager add a program to their community, and refuses others with 403', async () => {
    expect((await managerB.get(`/admin/c/${b.slug}/programs/new`)).status).toBe(200)
    const made = await managerB.post(`/admin/c/${b.slug}/programs/new`, { name: 'Second Program', slug: 'second' })
    expect([made.status, made.location]).toEqual([303, `/admin/c/${b.slug}/programs/second`])

    expect((await managerB.get(`/admin/c/${a.slug}/programs/new`)).status).toBe(403)
    expect((await managerB.post(`/admin/c/${a.slug}/programs/new`, { name: 'Intruder', slug: 'intruder' })).status).toBe(403)
    expect((await managerB.get('/admin/communities/new')).status).toBe(403)
    expect((await plain.get('/admin/communities/new')).status).toBe(403)
    expect((await plain.post('/admin/communities/new', { name: 'Nope', slug: uniqueSlug('nope') })).status).toBe(403)
    expect((await plain.get(`/admin/c/${b.slug}/programs/new`)).status).toBe(403)
    expect((await admin.get('/admin/c/no-such-community/programs/new')).status).toBe(404)
    const [intruder] = await ctx().db.select().from(programs).where(eq(programs.slug, 'intruder'))
    expect(intruder).toBeUndefined()
  })

  it('shows errors inline in English and Chinese, keeping what was typed; a taken slug is said at the slug', async () => {
    const bad = await admin.post('/admin/communities/new', { name: '', slug: 'Bad Slug', tagline: 'kept tagline', websiteUrl: 'ftp://x' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('This field is required.')
    expect(bad.text).toContain('Use 1 to 40 lowercase letters, digits and dashes, starting with a letter or digit.')
    expect(bad.text).toContain('This must be a link starting with http:// or https://.')
    expect(bad.text).toContain('value="Bad Slug"')
    expect(bad.text).toContain('value="kept tagline"')
    expect(bad.text).toMatch(/id="slug"[^>]*aria-invalid="true"/)

    const zh = await admin.post('/admin/communities/new?lang=zh-CN', { name: '名字', slug: a.slug })
    expect(zh.status).toBe(422)
    expect(zh.text).toContain(`已有其他社区使用“${a.slug}”，请换一个标识。`)
    expect(zh.text).toContain('value="名字"')
    expect(zh.text).toContain('lang="zh-CN"')

    const taken = await admin.post(`/admin/c/${a.slug}/programs/new?lang=en`, { name: 'Again', slug: a.programSlug, summary: 'kept summary' })
    expect(taken.status).toBe(422)
    expect(taken.text).toContain(`This community already has a program “${a.programSlug}”; choose another identifier.`)
    expect(taken.text).toContain('value="kept summary"')
    const reserved = await admin.post(`/admin/c/${a.slug}/programs/new?lang=zh-CN`, { name: 'New', slug: 'new' })
    expect(reserved.text).toContain('此标识保留给管理页面使用，请换一个。')
    const tooLong = await admin.post(`/admin/c/${a.slug}/programs/new?lang=zh-CN`, { name: 'x'.repeat(201), slug: 'ok-slug' })
    expect(tooLong.status).toBe(422)
    expect(tooLong.text).toContain('200')
    expect(await ctx().db.select().from(programs).where(eq(programs.slug, 'ok-slug'))).toEqual([])
  })

  it('refuses a form without its CSRF token', async () => {
    const slug = uniqueSlug('csrf')
    const res = await admin.post('/admin/communities/new', { _csrf: 'forged', name: 'Forged', slug })
    expect(res.status).toBe(403)
    expect(await ctx().db.select().from(communities).where(eq(communities.slug, slug))).toEqual([])
  })
})
