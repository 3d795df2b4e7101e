import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeDb } from '../../../../tests/support/db.ts'
import { makeAmbassadors, makeCommunity } from '../../../../tests/support/factories.ts'
import { createApp } from '../../../app.tsx'
import { announcements } from '../../announcements/schema.ts'
import { sharedRenderPool } from '../../credentials/certificates/render-pool.ts'
import { issueCredential } from '../../credentials/issue-credential.ts'
import { createSigningKey } from '../../credentials/keys.ts'
import { memberships } from '../../memberships/schema.ts'

const dirs: string[] = []
afterAll(async () => {
  await sharedRenderPool().close()
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

/** The og:image of a page: present, absolute under BASE_URL; the path to request it from the app. */
function ogImage(html: string): string {
  const url = /<meta property="og:image" content="([^"]+)"/.exec(html)?.[1]
  expect(url).toMatch(/^http:\/\/embassy\.test\//)
  return new URL(url!).pathname
}

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (b: Buffer) => ({ signature: b.subarray(0, 8).toString('hex'), width: b.readUInt32BE(16), height: b.readUInt32BE(20) })
const PNG = '89504e470d0a1a0a'

describeDb('OpenGraph images of public pages', (ctx) => {
  let app: ReturnType<typeof createApp>
  let deps: ReturnType<typeof ctx>
  let c: Awaited<ReturnType<typeof makeCommunity>>
  beforeAll(async () => {
    const base = ctx()
    base.setNow(new Date('2025-08-01T00:00:00Z'))
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-og-'))
    dirs.push(dataDir)
    deps = { ...base, config: { ...base.config, dataDir } }
    app = createApp(deps)
    c = await makeCommunity(deps.db, { program: { name: '测试大使计划 Test Ambassadors', summary: 'Ambassadors who speak, write and organise meetups for the community all year long.' } })
  })

  it('the program page and its announcement point og:image at the program card: a 1200×630 PNG, drawn once (same ETag, 304)', async () => {
    await deps.db.insert(announcements).values({ cohortId: c.cohort!.cohortId, title: 'Welcome, ambassadors of 2025', introMd: 'Hello.', scheduledFor: new Date('2025-04-20T02:00:00Z'), respondBy: new Date('2025-04-27T02:00:00Z'), publishedAt: new Date('2025-04-20T02:00:00Z') })
    const program = await app.request(`/c/${c.slug}/programs/ambassadors`)
    const html = await program.text()
    expect(html).toContain(`<meta property="og:url" content="http://embassy.test/c/${c.slug}/programs/ambassadors"`)
    const image = ogImage(html)
    expect(image).toBe(`/c/${c.slug}/programs/ambassadors/og.png`)
    const news = await app.request(`/c/${c.slug}/programs/ambassadors/news/2025`)
    expect(news.status).toBe(200)
    expect(ogImage(await news.text())).toBe(image)
    const res = await app.request(image)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(pngSize(Buffer.from(await res.arrayBuffer()))).toEqual({ signature: PNG, width: 1200, height: 630 })
    const again = await app.request(image, { headers: { 'if-none-match': res.headers.get('etag')! } })
    expect(again.status).toBe(304)
    expect((await app.request(`/c/${c.slug}/programs/no-such/og.png`)).status).toBe(404)
  })

  it('a credential’s verification page uses its certificate PNG as og:image', { timeout: 120_000 }, async () => {
    await createSigningKey(deps.db, deps.secretKey, 'test')
    const [person] = await makeAmbassadors(deps.db, c.cohort!, ['Ada Lovelace'])
    const [row] = await deps.db.select({ id: memberships.id }).from(memberships).where(eq(memberships.personId, person!.id))
    const { id } = await issueCredential(deps, row!.id)
    const page = await app.request(`/credentials/${id}`)
    expect(page.status).toBe(200)
    const image = ogImage(await page.text())
    expect(image).toBe(`/credentials/${id}/certificate.png`)
    const res = await app.request(image)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(pngSize(Buffer.from(await res.arrayBuffer())).signature).toBe(PNG)
  })
})
