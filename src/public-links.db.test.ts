import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../tests/support/db.ts'
import { crawl } from '../tests/support/crawl.ts'
import { eq } from 'drizzle-orm'
import { signedInClient } from '../tests/support/sign-in.ts'
import { createApp } from './app.tsx'
import { grantRole } from './features/accounts/grant-role.ts'
import { people } from './features/people/schema.ts'
import { seedDemo } from './db/seed/demo.ts'
import { issueDemoCredentials } from './db/seed/demo-credentials.ts'

// A visitor who follows the links of the demo's public pages, in both languages, never meets a page that is
// missing or broken. Addresses that need a sign-in may answer 401 or 403.
describeDb('the public pages’ links', (ctx) => {
  let app: ReturnType<typeof createApp>
  beforeAll(async () => {
    const deps = ctx()
    await seedDemo(deps.db, deps.clock())
    // As the demo server does on its first start: the 2023 ambassadors' badges, linked from their profiles.
    expect(await issueDemoCredentials(deps)).toBeGreaterThan(0)
    app = createApp(deps)
  })

  it('lead to pages that exist, from the home page in English and in Chinese', async () => {
    const { seen, pages, broken } = await crawl(async (path) => app.request(path), ['/?lang=en', '/?lang=zh-CN'], { skip: /\/sign-out/ })
    expect(broken).toEqual([])
    // The crawl reached the program, its cohorts, the directory, profiles, news and the verification pages.
    expect(pages).toBeGreaterThan(50)
    for (const expected of ['/c/kubesphere/programs/ksap', '/c/kubesphere/ambassadors', '/credentials/verify']) {
      expect([...seen].some((p) => p.startsWith(expected)), expected).toBe(true)
    }
  })

  it('lead to pages that exist for a site admin, from the admin pages and the account page', async () => {
    const deps = ctx()
    const admin = await signedInClient(app, deps.db, 'crawling-admin@example.org')
    const [person] = await deps.db.select().from(people).where(eq(people.email, 'crawling-admin@example.org'))
    await grantRole(deps.db, person!.id, 'admin', null, 'test')
    // GET never changes anything, so every link may be followed; only signing out would end the crawl.
    const get = async (path: string) => {
      const res = await admin.get(path)
      return { ...res, text: async () => res.text }
    }
    const { pages, broken } = await crawl(get, ['/admin', '/account', '/admin?lang=zh-CN'], { skip: /\/sign-out/, limit: 1500 })
    expect(broken).toEqual([])
    expect(pages).toBeGreaterThan(50)
  })
})
