import { beforeAll, expect, it } from 'vitest'
import { describeDb, openTestDatabase, testDeps } from '../tests/support/db.ts'
import { makeAmbassadors, makeCommunity } from '../tests/support/factories.ts'
import { FormClient } from '../tests/support/http.ts'
import { createApp } from './app.tsx'
import { seedDemo } from './db/seed/demo.ts'
import { PageCache } from './ui/page-cache.ts'

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

  it('switches the language of a page that answers a form back on the page the form was on', async () => {
    // The verification form posts to /credentials/verify/upload, which only takes POST: the switch on its
    // answer used to lead there, to a 404.
    const browser = new FormClient(app)
    await browser.get('/credentials/verify?lang=zh-CN')
    const upload = new FormData()
    upload.set('_csrf', browser.csrf)
    upload.set('file', new File([new Uint8Array(Buffer.from('just text'))], 'x.txt'))
    const cookie = (browser as unknown as { cookieHeader(): string }).cookieHeader()
    const answer = await app.request('/credentials/verify/upload', { method: 'POST', body: upload, headers: { cookie, referer: 'http://localhost/credentials/verify?lang=zh-CN' } })
    expect(answer.status).toBe(415)
    const html = await answer.text()
    expect(html).toContain('href="/credentials/verify?lang=en"')
    expect((await get('/credentials/verify?lang=en')).status).toBe(200)
    // Without a Referer (or with another site's), the switch keeps the posted address.
    const bare = await app.request('/credentials/verify/upload', { method: 'POST', body: upload, headers: { cookie, referer: 'https://elsewhere.example/credentials/verify' } })
    expect(await bare.text()).toContain('href="/credentials/verify/upload?lang=en"')
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

  it('words the 422, 403 and 413 pages in the language the visitor chose (the lang cookie)', async () => {
    const contact = '/c/kubesphere/programs/ksap/contact'
    const visitor = new FormClient(app)
    await visitor.get(`${contact}?lang=zh-CN`)
    // A NUL character is refused by the form itself, shown again with the message at the field.
    const res = await visitor.post(contact, { name: 'Li Ming', email: 'liming@example.org', subject: 'A question\u0000', message: 'About my contributions\u0000 to KubeSphere and the program', website: '' })
    expect(res.status).toBe(422)
    expect(res.text).toContain('<html lang="zh-CN">')
    expect(res.text).toContain('此文本包含无法保存的字符（NUL，\\0），请删除后重试。')
    expect(res.text).toContain('value="Li Ming"')
    const forged = await visitor.post(contact, { _csrf: 'forged', name: 'Li Ming', email: 'liming@example.org', subject: 'Hello', message: 'A message long enough to be sent', website: '' })
    expect(forged.status).toBe(403)
    expect(forged.text).toContain('<h1>无权访问</h1>')
    expect(forged.text).toContain('此表单已过期或来自其他网站。')
    const big = await visitor.post(contact, { name: 'x'.repeat(1024 * 1024 + 1) })
    expect(big.status).toBe(413)
    expect(big.text).toContain('请求大小超过 1 MB；未保存任何内容。')
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
  it('shows the program page in Chinese, the program as its community wrote it', async () => {
    ctx().setNow(new Date('2023-08-15T00:00:00Z'))
    const { res, html } = await zh('/c/kubesphere/programs/ksap?lang=zh-CN')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-language')).toBe('zh-CN')
    // The choice is remembered for the next pages, as on the applicant pages.
    expect(res.headers.get('set-cookie')).toContain('lang=zh-CN')
    expect(html).toContain('KubeSphere Ambassadorship Program')
    expect(html).toContain('立即申请')
    expect(html).toContain('申请要求')
    expect(html).toContain('申请人需要满足全部 3 项必备条件，并满足其余 6 项中的至少 2 项。')
    expect(html).toContain('2023年8月1日 – 2023年9月1日')
    expect(html).toContain('进行中')
    expect(html).toContain('大使名录') // the site frame
    expect(html).not.toMatch(/Apply now|Requirements|August 1, 2023|Ambassador directory/)
    // The language switch keeps the page's own query.
    expect(html).toContain('href="/c/kubesphere/programs/ksap?lang=en"')
    expect((await zh('/c/kubesphere/programs/ksap?cohort=2023&lang=zh-CN')).html).toContain('href="/c/kubesphere/programs/ksap?cohort=2023&amp;lang=en"')
    const missing = await zh('/c/kubesphere/programs/ksap?cohort=1999&lang=zh-CN')
    expect(missing.res.status).toBe(404)
    expect(missing.html).toContain('项目“KubeSphere Ambassadorship Program”没有“1999”这一届。')
    const bad = await zh('/c/kubesphere/programs/ksap?cohort=..%2F..', { 'accept-language': 'zh' })
    expect(bad.res.status).toBe(400)
    expect(bad.html).toContain('cohort 必须是届次标识')
  })

  it('shows the community and home pages in Chinese', async () => {
    const community = await zh('/c/kubesphere', { 'accept-language': 'zh-CN' })
    expect(community.html).toContain('浏览大使名录')
    expect(community.html).toContain('<h2 id="programs-heading">项目</h2>')
    expect(community.html).toContain('/c/kubesphere/programs/ksap')
    expect((await zh('/c/nope?lang=zh-CN')).html).toContain('这里没有名为“nope”的社区。')
    const home = await zh('/?lang=zh-CN')
    expect(home.html).toContain('<h1>大使项目</h1>')
    expect(home.html.match(/1 个项目</g)).toHaveLength(2)
  })

  it('never serves a cached page in the other language, and tells shared caches what the page varies by', async () => {
    const cached = createApp({ ...ctx(), pageCache: new PageCache(3600) })
    const read = async (path: string, headers: Record<string, string> = {}) => {
      const res = await cached.request(path, { headers })
      return { res, html: await res.text() }
    }
    for (const path of ['/', '/c/kubesphere', '/c/kubesphere/programs/ksap', '/c/kubesphere/ambassadors', '/people/onur-canoglu', '/c/kubesphere/programs/ksap/news']) {
      const en = await read(path)
      expect(en.html, path).toContain('<html lang="en">')
      const byHeader = await read(path, { 'accept-language': 'zh-CN' })
      expect(byHeader.html, path).toContain('<html lang="zh-CN">')
      expect(byHeader.res.headers.get('vary')).toContain('Accept-Language')
      const byCookie = await read(path, { cookie: 'lang=zh-CN' })
      expect(byCookie.html, path).toContain('<html lang="zh-CN">')
      expect(byCookie.res.headers.get('vary')).toContain('Cookie')
      expect((await read(path)).html, path).toContain('<html lang="en">')
      // An English ETag does not stand for the Chinese page.
      expect((await read(path, { 'accept-language': 'zh-CN', 'if-none-match': en.res.headers.get('etag')! })).res.status, path).toBe(200)
    }
  })
  it('shows the program news in Chinese to a reader whose browser asks for it (not only by ?lang=)', async () => {
    const { html } = await zh('/c/kubesphere/programs/ksap/news', { 'accept-language': 'zh-CN,zh;q=0.9' })
    expect(html).toContain('动态 · KubeSphere Ambassadorship Program')
    expect((await zh('/c/kubesphere/programs/nope/news?lang=zh-CN')).html).toContain('没有这个项目。')
    expect((await zh('/c/kubesphere/programs/ksap/news/1999', { 'accept-language': 'zh-CN' })).html).toContain('（暂时）没有这条公告。')
  })
  it('shows the ambassador directory in Chinese: form, results, statuses, pages and its messages', async () => {
    const { html } = await zh('/c/kubesphere/ambassadors?q=canoglu&lang=zh-CN')
    expect(html).toContain('<h1>大使名录</h1>')
    expect(html).toContain('姓名或 GitHub 用户名')
    expect(html).toContain('所有届次')
    expect(html).toContain('<button type="submit">搜索</button>')
    expect(html).toContain('1 位大使符合“canoglu”。')
    expect(html).toContain('Onur Canoğlu')
    expect(html).toMatch(/KubeSphere Ambassadors 2023 · (在任|往届)/)
    // The search form and the Clear link keep the language the address chose.
    expect(html).toContain('<input type="hidden" name="lang" value="zh-CN"/>')
    expect(html).toContain('href="/c/kubesphere/ambassadors?lang=zh-CN"')
    expect(html).not.toMatch(/Name or GitHub login|All cohorts|ambassador match/)
    expect((await zh('/c/kubesphere/ambassadors?q=nobody-here', { 'accept-language': 'zh-CN' })).html).toContain('没有符合条件的大使。')
    // Pagination, in Chinese and keeping ?lang=.
    const { db } = ctx()
    const c = await makeCommunity(db)
    await makeAmbassadors(db, c.cohort!, Array.from({ length: 50 }, (_, i) => `Member ${String(i).padStart(2, '0')}`))
    const paged = await zh(`/c/${c.slug}/ambassadors?lang=zh-CN`)
    expect(paged.html).toContain('第 1 页，共 2 页')
    expect(paged.html).toContain(`<a href="/c/${c.slug}/ambassadors?page=2&amp;lang=zh-CN">下一页</a>`)
    // A refused query says why in Chinese; JSON clients keep English problem titles.
    const bad = await zh('/c/kubesphere/ambassadors?page=abc&lang=zh-CN')
    expect(bad.res.status).toBe(400)
    expect(bad.html).toContain('<h1>请求有误</h1>')
    expect(bad.html).toContain('page 必须是整数')
    expect((await zh('/c/kubesphere/ambassadors?sort=name&lang=zh-CN')).html).toContain('未知的搜索参数：sort。')
    expect(await (await get('/c/kubesphere/ambassadors?page=abc', { accept: 'application/json' })).json()).toMatchObject({ title: 'Bad request', detail: 'page must be a whole number' })
  })

  it('shows a public profile in Chinese, names and programs as written', async () => {
    const program = await (await get('/c/kubesphere/programs/ksap')).text()
    const handle = /href="\/people\/([^"]+)">Fawei Zhao</.exec(program)![1]
    const { res, html } = await zh(`/people/${handle}?lang=zh-CN`)
    expect(res.status).toBe(200)
    expect(html).toContain('Fawei Zhao')
    expect(html).toContain('KubeSphere Ambassadorship Program')
    expect(html).toContain('<th scope="col">项目</th>')
    expect(html).toContain('<th scope="col">角色</th>')
    expect(html).toContain('项目团队')
    expect(html).toContain('2023年9月20日 – 2024年9月21日')
    expect(html).not.toMatch(/Program team|September 20, 2023|<th scope="col">Role/)
    expect((await zh('/people/nobody?lang=zh-CN')).html).toContain('没有使用该个人主页地址的用户。')
  })
})
