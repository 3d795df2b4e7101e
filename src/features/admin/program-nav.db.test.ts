import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { createApp } from '../../app.tsx'
import { makeTermWorld } from '../community/test-support.ts'

describeDb('program admin navigation', (ctx) => {
  let world: Awaited<ReturnType<typeof makeTermWorld>>
  beforeAll(async () => {
    world = await makeTermWorld(ctx().db)
  })

  it('the program’s admin page links every management page, and each one opens for the manager', async () => {
    const deps = ctx()
    const manager = await signedInClient(createApp(deps), deps.db, world.manager.email)
    const home = await manager.get('/admin')
    expect(home.text).toContain(`href="/admin/c/${world.slug}/comments"`)
    const admin = `/admin/c/${world.slug}/programs/${world.programSlug}`
    const page = await manager.get(admin)
    expect(page.status).toBe(200)
    const nav = /<nav class="card" aria-label="Manage this program">([\s\S]*?)<\/nav>/.exec(page.text)![1]!
    const links = [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!)
    const expected = ['form', 'mail-templates', 'inbox', 'inbox/settings', 'webhooks', 'cohorts/2025/applications', 'cohorts/2025/reviews', 'cohorts/2025/selection', 'cohorts/2025/announcement'].map((p) => `${admin}/${p}`)
    expect(links).toEqual(expect.arrayContaining([...expected, `/admin/c/${world.slug}/comments`, `${world.base}/dashboard`, `${world.base}/report`, `${world.base}/links`]))
    for (const link of links) {
      const res = await manager.get(link)
      expect([link, res.status]).toEqual([link, 200])
    }
  })
})
