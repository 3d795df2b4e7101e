import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../../../../tests/support/db.ts'
import { signedInClient } from '../../../../tests/support/sign-in.ts'
import { createApp } from '../../../app.tsx'
import { activityFormFor, makeTermWorld } from '../test-support.ts'

describeDb('activity ledger pages', (ctx) => {
  let world: Awaited<ReturnType<typeof makeTermWorld>>
  beforeAll(async () => {
    ctx().setNow(new Date('2025-09-01T08:00:00Z'))
    world = await makeTermWorld(ctx().db)
  })

  it('through the web: an ambassador logs an activity, a bad one re-renders with 422, and the page costs the same queries for 1 and 3 lines', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const client = await signedInClient(app, deps.db, world.ambassadors[1]!.email)
    const path = `${world.base}/activities`
    const page = await client.get(path)
    expect(page.status).toBe(200)
    const bad = await client.post(path, activityFormFor('not a link', { title: '' }))
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('Enter a link starting with http:// or https://.')
    const ok = await client.post(path, activityFormFor('https://video.example/talk', { type: 'video' }))
    expect(ok.status).toBe(303)
    const count = async () => {
      const before = deps.database.queryCount
      const res = await client.get(path)
      expect(res.status).toBe(200)
      return deps.database.queryCount - before
    }
    const withTwo = await count()
    await client.post(path, activityFormFor('https://video.example/talk-2', { type: 'talk' }))
    await client.post(path, activityFormFor('https://video.example/talk-3', { type: 'workshop' }))
    const html = (await client.get(path)).text
    expect(html.match(/<tr>/g)?.length).toBe(4) // header + 3 logged
    expect(await count()).toBe(withTwo)
    const zh = await client.get(`${path}?lang=zh-CN`)
    expect(zh.text).toContain('活动记录')
    const stranger = await signedInClient(app, deps.db, `stranger-${world.tag}@example.org`)
    expect((await stranger.get(path)).status).toBe(403)
  })

  it('a day outside the term is refused inline, in the page’s language, with what was typed kept (422)', async () => {
    const deps = ctx()
    const client = await signedInClient(createApp(deps), deps.db, world.ambassadors[0]!.email)
    const path = `${world.base}/activities`
    await client.get(path)
    const before = await client.post(path, activityFormFor(`https://blog.example/${world.tag}/old`, { occurredOn: '2023-06-01' }))
    expect(before.status).toBe(422)
    expect(before.text).toContain('<p class="field-error" id="occurredOn-error">The date is before your term began: log the activities of your term.</p>')
    expect(before.text).toContain('value="2023-06-01"')
    client.setCookie('lang', 'zh-CN')
    await client.get(path)
    const zh = await client.post(path, activityFormFor(`https://blog.example/${world.tag}/old`, { occurredOn: '2023-06-01' }))
    expect(zh.status).toBe(422)
    expect(zh.text).toContain('日期早于您的任期开始：请记录任期内的活动。')
    expect(zh.text).not.toContain('The date is before your term began')
  })
})
