import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { createPeople } from '../people/create-people.ts'
import type { ImportFeedInput } from './feeds/import-feed.ts'
import { FEED_CONCURRENCY, reimportSources } from './reimport-sources.ts'

const HANDLES = ['feed-a', 'feed-b', 'feed-c', 'feed-d', 'feed-e', 'feed-f', 'feed-g']

/**
 * A blog server on loopback that holds every feed request until FEED_CONCURRENCY of them are waiting (or every
 * feed has been asked for), so a re-import that fetched one feed at a time would see each request held until
 * the fallback timer; it records how many were in flight at once.
 */
async function startHeldBlogs(total: number) {
  let started = 0
  let inFlight = 0
  let peak = 0
  const held: (() => void)[] = []
  const releaseHeld = () => {
    for (const r of held.splice(0)) r()
  }
  const server = http.createServer((req, res) => {
    const handle = /^\/(feed-[a-z])\.xml$/.exec(new URL(req.url ?? '/', 'http://local').pathname)?.[1]
    if (!handle) {
      res.writeHead(404)
      res.end()
      return
    }
    started++
    inFlight++
    peak = Math.max(peak, inFlight)
    const timer = setTimeout(releaseHeld, 3_000) // a fallback, so a one-at-a-time re-import fails the test instead of hanging
    held.push(() => {
      clearTimeout(timer)
      inFlight--
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
      res.end(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>${handle}</title><item><title>Post</title><link>https://${handle}.example.org/post</link>` +
          `<pubDate>${new Date('2023-05-01T08:00:00Z').toUTCString()}</pubDate></item></channel></rss>`,
      )
    })
    if (held.length >= FEED_CONCURRENCY || started === total) releaseHeld()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const fetch: ImportFeedInput['fetch'] = { allowAddresses: ['127.0.0.1'], resolve: async () => [{ address: '127.0.0.1', family: 4 }] }
  return {
    fetch,
    url: (handle: string) => `http://blogs.example.org:${port}/${handle}.xml`,
    get peak() {
      return peak
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

describeDb('evaluate --reimport: applicants’ feeds fetched several at a time', (ctx) => {
  it(`fetches up to ${FEED_CONCURRENCY} feeds at once and reports them in the applicants' order`, async () => {
    const deps = ctx()
    const blogs = await startHeldBlogs(HANDLES.length)
    try {
      const people = await createPeople(deps.db, HANDLES.map((handle) => ({ displayName: handle.toUpperCase(), handle })))
      const feeds = people.map((p, i) => ({ url: blogs.url(HANDLES[i]!), personId: p.id, handle: HANDLES[i]!, givenOnApplication: false, importedBefore: true }))
      const progress: string[] = []
      const summary = await reimportSources(deps, { owners: null, feeds: { feeds, unattributed: 0 } }, { out: () => {}, err: () => {}, progress: (l) => progress.push(l) }, { feedFetch: blogs.fetch })
      expect(FEED_CONCURRENCY).toBeGreaterThan(1)
      expect(blogs.peak).toBe(FEED_CONCURRENCY)
      expect(summary.imports.map((i) => [i.label, i.counts?.imported, i.error])).toEqual(HANDLES.map((h) => [`${blogs.url(h)} (@${h})`, 1, undefined]))
      expect(summary.totals.imported).toBe(HANDLES.length)
      expect(progress.filter((l) => l.startsWith('re-import '))).toHaveLength(HANDLES.length)
    } finally {
      await blogs.close()
    }
  })
})
