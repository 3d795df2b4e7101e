import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../tests/support/db.ts'
import { createApp } from './app.tsx'
import { seedDemo } from './db/seed/demo.ts'
import { issueDemoCredentials } from './db/seed/demo-credentials.ts'

/** Every address a page links to, submits to or loads, on this site (not other sites'), without its fragment. */
function linksOf(html: string, page: string): string[] {
  const out: string[] = []
  for (const m of html.matchAll(/(?:href|src|action)="([^"]+)"/g)) {
    const raw = m[1]!.replace(/&amp;/g, '&')
    if (/^[a-z][a-z0-9+.-]*:/i.test(raw) && !raw.startsWith('http://localhost')) continue // another site, mailto:, data:
    const url = new URL(raw, `http://localhost${page}`)
    if (url.origin !== 'http://localhost') continue
    out.push(url.pathname + url.search)
  }
  return out
}

// A visitor who follows the links of the demo's public pages, in both languages, never meets a page that is
// missing or broken. Addresses that need a sign-in may answer 401 or 403; a form's address is fetched too, so
// a page answering a form must exist for a reload or a language switch.
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
    const seen = new Set<string>()
    const foundOn = new Map<string, string>()
    const queue = ['/?lang=en', '/?lang=zh-CN']
    const broken: string[] = []
    let html = 0
    while (queue.length && seen.size < 1000) {
      const path = queue.shift()!
      if (seen.has(path)) continue
      seen.add(path)
      const res = await app.request(path)
      if (res.status >= 400 && res.status !== 401 && res.status !== 403 && res.status !== 405) broken.push(`${res.status} ${path} (linked from ${foundOn.get(path)})`)
      if (!(res.headers.get('content-type') ?? '').includes('text/html')) {
        await res.arrayBuffer()
        continue
      }
      html++
      for (const link of linksOf(await res.text(), path)) {
        if (/\/sign-out/.test(link)) continue
        if (!seen.has(link) && !foundOn.has(link)) {
          foundOn.set(link, path)
          queue.push(link)
        }
      }
    }
    expect(broken).toEqual([])
    // The crawl reached the program, its cohorts, the directory, profiles, news and the verification pages.
    expect(html).toBeGreaterThan(50)
    for (const expected of ['/c/kubesphere/programs/ksap', '/c/kubesphere/ambassadors', '/credentials/verify']) {
      expect([...seen].some((p) => p.startsWith(expected)), expected).toBe(true)
    }
  })
})
