import { beforeAll, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { makeCommunity } from '../../../tests/support/factories.ts'
import { FormClient } from '../../../tests/support/http.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { people } from '../people/schema.ts'
import { comments } from './schema.ts'
import { announcements } from '../announcements/schema.ts'

describeDb('comments on program pages', (ctx) => {
  let app: ReturnType<typeof createApp>
  let c: Awaited<ReturnType<typeof makeCommunity>>
  let page: string
  let moderator: FormClient
  beforeAll(async () => {
    const deps = ctx()
    app = createApp(deps)
    c = await makeCommunity(deps.db)
    page = `/c/${c.slug}/programs/ambassadors/comments`
    const email = `moderator-${deps.engine}@example.org`
    moderator = await signedInClient(app, deps.db, email)
    const [person] = await deps.db.select().from(people).where(eq(people.email, email))
    await grantRole(deps.db, person!.id, 'program_manager', c.communityId, 'test')
  })
  const byAuthor = (name: string) => ctx().db.select().from(comments).where(eq(comments.authorName, name))
  const approve = async (id: string) => {
    await moderator.get(`/admin/c/${c.slug}/comments`)
    return moderator.post(`/admin/c/${c.slug}/comments`, { commentId: id, decision: 'approve' })
  }

  it('holds a first comment, publishes it when approved, then publishes the same address at once; the email is never on the page', async () => {
    const visitor = new FormClient(app)
    await visitor.get(page)
    const held = await visitor.post(page, { name: 'Ayşe', email: 'Ayse@Example.org', body: 'Great **program**! <script>alert(1)</script> [x](javascript:alert(1))', website: '' })
    expect(held).toMatchObject({ status: 303, location: `${page}?posted=held` })
    expect((await visitor.get(held.location!)).text).toContain('Your comment is held for moderation')
    const [row] = await byAuthor('Ayşe')
    expect(row).toMatchObject({ status: 'held', authorEmail: 'ayse@example.org' })
    expect((await visitor.get(page)).text).not.toContain('Great')

    const queue = await moderator.get(`/admin/c/${c.slug}/comments`)
    expect(queue.text).toContain('ayse@example.org')
    await approve(row!.id)
    const shown = (await visitor.get(page)).text
    expect(shown).toContain('Great <strong>program</strong>!')
    expect(shown).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(shown).not.toMatch(/<script>alert|href="javascript/i)
    expect(shown.toLowerCase()).not.toContain('ayse@example.org')

    const again = await visitor.post(page, { name: 'Ayşe', email: 'ayse@example.org', body: 'A second thought.', website: '' })
    const after = await visitor.get(again.location!)
    expect(after.text).toContain('Your comment is published.')
    expect(after.text).toContain('A second thought.')
  })

  it('replies are one level deep; a reply to a reply is refused with 422', async () => {
    const [top] = await ctx().db.select().from(comments).where(eq(comments.bodyMd, 'A second thought.'))
    const visitor = new FormClient(app)
    await visitor.get(`${page}?reply=${top!.id}`)
    const reply = await visitor.post(page, { name: 'Bo', email: 'bo@example.org', body: 'Agreed.', parentId: top!.id, website: '' })
    expect(reply.status).toBe(303)
    const [bo] = await byAuthor('Bo')
    expect(bo).toMatchObject({ parentId: top!.id, status: 'held' })
    await approve(bo!.id)
    const nested = await visitor.post(page, { name: 'Cy', email: 'cy@example.org', body: 'Deeper.', parentId: bo!.id, website: '' })
    expect(nested.status).toBe(422)
    expect(nested.text).toContain('The comment you answer is not available.')
    expect(await byAuthor('Cy')).toEqual([])
  })

  it('requires name and email (422, messages in Chinese too), drops a filled honeypot, and a manager can hide a comment', async () => {
    const visitor = new FormClient(app)
    await visitor.get(page)
    const bad = await visitor.post(`${page}?lang=zh-CN`, { name: '', email: 'nope', body: 'x', website: '' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('请输入您的姓名')
    expect(bad.text).toContain('邮箱不会公开')
    const bot = await visitor.post(page, { name: 'Bot', email: 'bot@example.org', body: 'spam', website: 'http://x' })
    expect(bot).toMatchObject({ status: 303, location: `${page}?posted=held` })
    expect(await byAuthor('Bot')).toEqual([])
    const [shown] = await byAuthor('Bo')
    await moderator.get(`/admin/c/${c.slug}/comments`)
    await moderator.post(`/admin/c/${c.slug}/comments`, { commentId: shown!.id, decision: 'hide' })
    expect((await visitor.get(page)).text).not.toContain('Agreed.')
    expect((await byAuthor('Bo'))[0]!.status).toBe('hidden')
  })

  it('takes comments on a published announcement (its own thread), and none on an unpublished one', async () => {
    const deps = ctx()
    // A new rate-limit window: the tests above posted from the same (test) network.
    deps.setNow(new Date(deps.clock().getTime() + 3_600_000))
    const other = await makeCommunity(deps.db)
    const news = `/c/${other.slug}/programs/ambassadors/news/2025/comments`
    const visitor = new FormClient(app)
    expect((await visitor.get(news)).status).toBe(404)
    await deps.db.insert(announcements).values({ cohortId: other.cohort!.cohortId, title: 'Welcome, class of 2025', introMd: '', scheduledFor: new Date('2025-04-20T00:00:00Z'), respondBy: new Date('2025-04-27T00:00:00Z'), publishedAt: new Date('2025-04-20T00:00:00Z') })
    const shown = await visitor.get(news)
    expect(shown.text).toContain('Welcome, class of 2025')
    const posted = await visitor.post(news, { name: 'Dee', email: 'dee@example.org', body: 'Congratulations!', website: '' })
    expect(posted).toMatchObject({ status: 303, location: `${news}?posted=held` })
    const [dee] = await byAuthor('Dee')
    expect(dee).toMatchObject({ targetKind: 'announcement', communityId: other.communityId, status: 'held' })
  })

  it('takes an address on an internationalised domain (stored in its ASCII form) and refuses a name with bidirectional controls', async () => {
    const visitor = new FormClient(app)
    await visitor.get(page)
    const spoof = await visitor.post(page, { name: 'Admin\u202Enimda', email: 'spoof@example.org', body: 'Trust me.', website: '' })
    expect(spoof.status).toBe(422)
    expect(await byAuthor('Admin\u202Enimda')).toEqual([])
    const idn = await visitor.post(page, { name: '林', email: 'lin@例子.中国', body: '你好！', website: '' })
    expect(idn.status).toBe(303)
    const [row] = await byAuthor('林')
    expect(row!.authorEmail).toBe('lin@xn--fsqu00a.xn--fiqs8s')
  })

  it('is rate limited per network (429)', async () => {
    const visitor = new FormClient(app)
    await visitor.get(page)
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await visitor.post(page, { name: `R${i}`, email: `r${i}@example.org`, body: 'hi', website: '' })).status)
    expect(statuses).toContain(429)
  })
})
