import { beforeAll, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { describeDb } from '../../tests/support/db.ts'
import { FormClient } from '../../tests/support/http.ts'
import { signedInClient } from '../../tests/support/sign-in.ts'
import { createApp } from '../app.tsx'
import { comments } from '../features/comments/schema.ts'
import { activities } from '../features/community/schema.ts'
import { activityFormFor, makeTermWorld } from '../features/community/test-support.ts'
import { inboxMessages } from '../features/inbox/schema.ts'
import { requirements } from '../features/programs/schema.ts'

const ZH = '此文本包含无法保存的字符（NUL，\\0），请删除后重试。'
const EN = 'This text contains a character that cannot be stored (NUL, \\0). Remove it and try again.'

/** The message shown at field `name` (the shared TextField and the community Field both link it by id). */
const errorAt = (html: string, name: string) => new RegExp(`id="${name.replace(/\./g, '\\.')}-error"[^>]*>\\s*([^<]*)<`).exec(html)?.[1]?.trim()

// A NUL character (which PostgreSQL text cannot hold) used to reach the database and answer a generic 422
// page, losing what was typed; now each form shows itself again, with the message at the field, in its language.
describeDb('forms refuse a NUL character at the field', (ctx) => {
  let app: ReturnType<typeof createApp>
  let world: Awaited<ReturnType<typeof makeTermWorld>>

  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(new Date('2025-10-01T08:00:00Z'))
    world = await makeTermWorld(deps.db, 1)
    app = createApp(deps)
  })

  it('comments: the form again, in Chinese or English, with what was typed and nothing saved', async () => {
    const page = `${world.base}/comments`
    for (const [lang, message] of [['zh-CN', ZH], ['en', EN]] as const) {
      const visitor = new FormClient(app)
      await visitor.get(`${page}?lang=${lang}`)
      const res = await visitor.post(page, { name: `Li Ming ${lang}`, email: 'liming@example.org', body: 'Hello\u0000 world, a comment', website: '' })
      expect(res.status).toBe(422)
      expect(res.text).toContain(`<html lang="${lang}">`)
      expect(errorAt(res.text, 'body')).toBe(message)
      expect(res.text).toContain(`value="Li Ming ${lang}"`)
      expect(res.text).toContain('<form')
      expect(await ctx().db.select().from(comments).where(eq(comments.authorName, `Li Ming ${lang}`))).toEqual([])
    }
  })

  it('a NUL in a field the form does not read is ignored, as any such field is (only the form’s own fields are refused)', async () => {
    const page = `${world.base}/comments`
    const visitor = new FormClient(app)
    await visitor.get(page)
    const res = await visitor.post(page, { name: 'Extra Field', email: 'extra@example.org', body: 'A comment with a stray field', website: '', stray: 'a\u0000b' })
    expect(res.status).toBe(303)
    expect(await ctx().db.select().from(comments).where(eq(comments.authorName, 'Extra Field'))).toHaveLength(1)
  })

  it('contact: the form again with the message at the subject, in Chinese', async () => {
    const contact = `${world.base}/contact`
    const visitor = new FormClient(app)
    await visitor.get(`${contact}?lang=zh-CN`)
    const before = (await ctx().db.select({ n: sql<number>`count(*)::int` }).from(inboxMessages))[0]!.n
    const res = await visitor.post(contact, { name: 'Li Ming', email: 'liming@example.org', subject: 'A question\u0000', message: 'About my contributions to KubeSphere and the program', website: '' })
    expect(res.status).toBe(422)
    expect(errorAt(res.text, 'subject')).toBe(ZH)
    expect(errorAt(res.text, 'message')).toBeUndefined()
    expect(res.text).toContain('About my contributions to KubeSphere and the program</textarea>')
    expect((await ctx().db.select({ n: sql<number>`count(*)::int` }).from(inboxMessages))[0]!.n).toBe(before)
  })

  it('the ambassadors’ activity ledger: the form again with the title kept and the message in the page’s language', async () => {
    const ambassador = await signedInClient(app, ctx().db, world.ambassadors[0]!.email)
    const ledger = `${world.base}/activities`
    await ambassador.get(`${ledger}?lang=zh-CN`)
    const res = await ambassador.post(ledger, activityFormFor('https://blog.example/nul', { title: 'Raspberry\u0000 Pi' }))
    expect(res.status).toBe(422)
    expect(res.text).toContain('<html lang="zh-CN">')
    expect(errorAt(res.text, 'title')).toBe(ZH)
    expect(res.text).toContain('value="https://blog.example/nul"')
    expect(await ctx().db.select().from(activities).where(eq(activities.url, 'https://blog.example/nul'))).toEqual([])
  })

  it('a manager form (the requirement catalogue): the row again with the message at its field', async () => {
    const manager = await signedInClient(app, ctx().db, world.manager.email)
    const path = `/admin/c/${world.slug}/programs/${world.programSlug}`
    await manager.get(path)
    const res = await manager.post(`${path}/requirements`, {
      'req.0.key': 'kind',
      'req.0.title': 'Be kind',
      'req.0.kind': 'statement',
      'req.0.mandatory': 'yes',
      'req.1.key': 'blogs',
      'req.1.title': 'Two blog\u0000 posts',
      'req.1.kind': 'content_count',
      'req.2.key': 'code',
      'req.2.title': 'Ten commits',
      'req.2.kind': 'code_contributions',
    })
    expect(res.status).toBe(422)
    expect(res.text).toContain(EN)
    const stored = await ctx().db.select({ title: requirements.title }).from(requirements).where(eq(requirements.programId, world.programId))
    expect(stored.map((r) => r.title).sort()).toEqual(['Be kind', 'Ten commits', 'Two blog posts'])
  })
})
