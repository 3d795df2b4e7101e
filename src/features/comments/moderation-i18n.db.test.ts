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

describeDb('comment moderation in English and Chinese', (ctx) => {
  let app: ReturnType<typeof createApp>
  let queue: string
  let moderator: FormClient
  let commentId: string
  beforeAll(async () => {
    const deps = ctx()
    app = createApp(deps)
    const c = await makeCommunity(deps.db)
    queue = `/admin/c/${c.slug}/comments`
    const page = `/c/${c.slug}/programs/ambassadors/comments`
    const visitor = new FormClient(app)
    await visitor.get(page)
    await visitor.post(page, { name: 'Liu Yang', email: 'liuyang@example.org', body: 'Looking forward to the next cohort.', website: '' })
    commentId = (await deps.db.select().from(comments).where(eq(comments.authorName, 'Liu Yang')))[0]!.id
    const email = `moderation-i18n-${deps.engine}@example.org`
    moderator = await signedInClient(app, deps.db, email)
    const [person] = await deps.db.select().from(people).where(eq(people.email, email))
    await grantRole(deps.db, person!.id, 'program_manager', c.communityId, 'test')
  })

  it('the queue, its buttons, dates and notices speak Chinese with ?lang=zh-CN', async () => {
    const page = await moderator.get(`${queue}?lang=zh-CN`)
    expect(page.status).toBe(200)
    for (const zh of ['待审核的评论 · ', '<h1>评论 · ', '<strong>待审核</strong>', ' · 项目 · ', '>批准</button>', '>隐藏</button>']) expect(page.text).toContain(zh)
    for (const en of ['Comments to moderate', '>Approve<', '>Hide<', 'Held']) expect(page.text).not.toContain(en)
    expect(page.text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} UTC/)
    const approved = await moderator.post(queue, { commentId, decision: 'approve' })
    expect(approved.text).toContain('已批准：评论已发布，此后来自该地址的评论将直接发布。')
    expect(approved.text).toContain('<strong>已发布</strong>')
    const bad = await moderator.post(queue, { commentId: 'nope', decision: 'approve' })
    expect(bad.status).toBe(400)
    expect(bad.text).toContain('请选择一条评论和一项决定。')
  })

  it('?lang=en shows the English queue', async () => {
    const page = await moderator.get(`${queue}?lang=en`)
    for (const en of ['Comments to moderate · ', '<strong>Published</strong>', ' · program · ', '>Hide</button>']) expect(page.text).toContain(en)
    expect(page.text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/)
    expect(page.text).not.toContain('隐藏')
    const hidden = await moderator.post(queue, { commentId, decision: 'hide' })
    expect(hidden.text).toContain('Hidden.')
  })
})
