import { beforeAll, expect, it } from 'vitest'
import { describeDb, openTestDatabase, testDeps } from '../tests/support/db.ts'
import { FormClient } from '../tests/support/http.ts'
import { createApp } from './app.tsx'
import { seedDemo } from './db/seed/demo.ts'

// The public pages and the error pages speak the visitor's language, chosen as on the applicant pages
// (?lang=, the `lang` cookie, Accept-Language); what communities and people wrote stays as written.
describeDb('public pages in Chinese', (ctx) => {
  let app: ReturnType<typeof createApp>
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers })
  const zh = async (path: string, headers: Record<string, string> = {}) => {
    const res = await get(path, headers)
    const html = (await res.text()).normalize('NFC')
    expect(html, path).toContain('<html lang="zh-CN">')
    return { res, html }
  }

  beforeAll(async () => {
    const deps = ctx()
    await seedDemo(deps.db, deps.clock())
    app = createApp(deps)
  })

  it('answers a missing page with a Chinese 404 page, by ?lang= or by Accept-Language', async () => {
    for (const [path, headers] of [
      ['/no/such/page?lang=zh-CN', {}],
      ['/no/such/page', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' }],
    ] as const) {
      const { res, html } = await zh(path, headers)
      expect(res.status).toBe(404)
      expect(html).toContain('<h1>页面不存在</h1>')
      expect(html).toContain('此地址没有对应的页面。')
      expect(html).toContain('前往社区列表')
      expect(html).not.toContain('Page not found')
    }
    const en = await (await get('/no/such/page')).text()
    expect(en).toContain('<html lang="en">')
    expect(en).toContain('<h1>Page not found</h1>')
  })

  it('titles a 422 page in the language the visitor chose (the lang cookie)', async () => {
    const contact = '/c/kubesphere/programs/ksap/contact'
    const visitor = new FormClient(app)
    await visitor.get(`${contact}?lang=zh-CN`)
    const res = await visitor.post(contact, { name: 'Li Ming', email: 'liming@example.org', subject: 'A question\u0000', message: 'About my contributions\u0000 to KubeSphere and the program', website: '' })
    expect(res.status).toBe(422)
    expect(res.text).toContain('<html lang="zh-CN">')
    expect(res.text).toContain('<h1>请检查表单</h1>')
  })

  it('answers a server failure with a Chinese 500 page', async () => {
    const broken = await openTestDatabase(ctx().engine)
    const deps = testDeps(broken.database)
    await broken.drop()
    const res = await createApp(deps).request('/?lang=zh-CN')
    const html = await res.text()
    expect(html).toContain('<html lang="zh-CN">')
    expect(res.status).toBe(500)
    expect(html).toContain('<h1>服务器错误</h1>')
    expect(html).toContain('我们这边出了问题，错误已记录。')
  })
})
