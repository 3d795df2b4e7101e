import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { asc, desc, eq, sql } from 'drizzle-orm'
import { describeDb } from '../../../../tests/support/db.ts'
import { uniqueSlug } from '../../../../tests/support/factories.ts'
import { createPeople } from '../../people/create-people.ts'
import { contributions, contributorIdentities, importRuns } from '../schema.ts'
import { importFeedCommand } from '../../../commands/import-feed.ts'
import type { Db } from '../../../db/client.ts'
import { FeedImportError, importFeed, type ImportFeedInput } from './import-feed.ts'
import { captureIO, runCommand } from '../../../../tests/support/command-io.ts'

const BLOG = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Ana &amp; the Cloud</title>
    <link>https://blog.example.org/</link>
    <item>
      <title><![CDATA[Installing <b>KubeSphere</b> on k3s]]></title>
      <link>https://www.blog.example.org/2023/07/kubesphere-on-k3s/?utm_source=rss#comments</link>
      <guid isPermaLink="false">p-1</guid>
      <pubDate>Wed, 19 Jul 2023 09:15:00 +0545</pubDate>
      <dc:creator>Someone Else</dc:creator>
    </item>
    <item>
      <title>Caf&eacute; talk: observability</title>
      <link>/2023/06/cafe-talk</link>
      <dc:date>2023-06-01T10:00:00-03:30</dc:date>
    </item>
    <item>
      <title>A draft without a date</title>
      <link>https://blog.example.org/drafts/1</link>
    </item>
    <item>
      <title>Scheduled for later</title>
      <link>https://blog.example.org/2030/01/future</link>
      <pubDate>Tue, 01 Jan 2030 00:00:00 GMT</pubDate>
    </item>
    <item>
      <title>Only a guid</title>
      <guid isPermaLink="false">urn:post:42</guid>
      <pubDate>Mon, 01 May 2023 12:00:00 GMT</pubDate>
    </item>
  </channel>
</rss>`

const VIDEOS = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
 <link rel="self" href="http://www.youtube.com/feeds/videos.xml?channel_id=UCana"/>
 <id>yt:channel:ana</id>
 <yt:channelId>ana</yt:channelId>
 <title>Ana Lí</title>
 <link rel="alternate" href="https://www.youtube.com/channel/UCana"/>
 <published>2020-01-01T00:00:00+00:00</published>
 <entry>
  <id>yt:video:vid00000001</id>
  <yt:videoId>vid00000001</yt:videoId>
  <title>KubeSphere in 10 minutes</title>
  <link rel="alternate" href="https://www.youtube.com/watch?v=vid00000001"/>
  <published>2023-07-20T09:30:01+00:00</published>
  <updated>2023-07-25T00:00:00+00:00</updated>
  <media:group><media:title>KubeSphere in 10 minutes</media:title></media:group>
 </entry>
 <entry>
  <id>yt:video:vid00000002</id>
  <yt:videoId>vid00000002</yt:videoId>
  <title>第二个视频</title>
  <link rel="alternate" href="https://www.youtube.com/watch?v=vid00000002"/>
  <published>2023-03-02T00:00:00+08:00</published>
 </entry>
</feed>`

async function contributionsOf(db: Db, personId: string) {
  return db
    .select({
      kind: contributions.kind,
      source: contributions.source,
      repository: contributions.repository,
      externalId: contributions.externalId,
      occurredAt: contributions.occurredAt,
      title: contributions.title,
      url: contributions.url,
      key: contributorIdentities.key,
      personId: contributorIdentities.personId,
      name: contributorIdentities.name,
    })
    .from(contributions)
    .innerJoin(contributorIdentities, eq(contributions.identityId, contributorIdentities.id))
    .where(eq(contributorIdentities.personId, personId))
    .orderBy(asc(contributions.occurredAt))
}

async function countRows(db: Db) {
  const r = (await db.execute(sql`select (select count(*)::int from contributions) as rows, (select coalesce(sum(count), 0)::int from contribution_days) as days`)) as unknown as {
    rows: { rows: number; days: number }[]
  }
  return r.rows[0]!
}

describeDb('feed import', (ctx) => {
  let server: http.Server
  let port: number
  const requests: string[] = []

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(`${req.headers.host}${req.url}`)
      const path = new URL(req.url ?? '/', 'http://local').pathname
      if (path === '/feed.xml') {
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
        res.end(BLOG)
      } else if (path === '/feeds/videos.xml') {
        res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' })
        res.end(VIDEOS)
      } else if (path === '/many.xml') {
        // More items than one statement may carry parameters for: the import goes in batches.
        const items = Array.from({ length: 2500 }, (_, i) => `<item><link>https://many.example/p/${i}</link><pubDate>Mon, 01 May 2023 00:00:00 GMT</pubDate></item>`)
        res.writeHead(200, { 'content-type': 'application/rss+xml' })
        res.end(`<rss><channel><title>Many</title>${items.join('')}</channel></rss>`)
      } else if (path === '/about') {
        res.writeHead(200, { 'content-type': 'text/html' })
        res.end('<!DOCTYPE html><html><head><title>About</title></head><body>Hi</body></html>')
      } else if (path === '/to-private') {
        res.writeHead(302, { location: 'http://10.1.2.3/feed.xml' })
        res.end()
      } else {
        res.writeHead(404)
        res.end('not found')
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  /** Public-looking host names that a stand-in resolver points at the local server (allowed explicitly). */
  const viaLocal: ImportFeedInput['fetch'] = {
    allowAddresses: ['127.0.0.1'],
    resolve: async (host) => {
      if (host === 'blog.example.org' || host === 'www.youtube.com') return [{ address: '127.0.0.1', family: 4 }]
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
    },
  }

  async function makePerson(displayName: string) {
    const [person] = await createPeople(ctx().db, [{ displayName, handle: uniqueSlug('ana') }])
    return person!
  }

  it("imports a blog's RSS feed as the person's content items, and a second import changes nothing", async () => {
    const deps = ctx()
    const ana = await makePerson('Ana Lí')
    const url = `http://blog.example.org:${port}/feed.xml`
    const { io, out, err } = captureIO()
    const result = await importFeed(deps, { url, personHandle: ana.handle, fetch: viaLocal }, io)

    expect(result.counts).toEqual({ read: 5, imported: 3, duplicates: 0, bots: 0, rejected: 2 })
    expect(result).toMatchObject({ repository: 'blog.example.org', feedTitle: 'Ana & the Cloud', videos: 0, blogPosts: 5 })
    expect(result.rejected.map((r) => r.reason)).toEqual(['no readable publication date', 'dated in the future (2030-01-01T00:00:00.000Z)'])
    expect(err).toEqual([
      'rejected "A draft without a date" (https://blog.example.org/drafts/1): no readable publication date',
      'rejected "Scheduled for later" (https://blog.example.org/2030/01/future): dated in the future (2030-01-01T00:00:00.000Z)',
    ])
    expect(out).toEqual([
      `feed "Ana & the Cloud" (blog.example.org) for @${ana.handle}, 5 blog posts: read 5, imported 3, skipped as duplicate 0, skipped as bot 0, rejected 2`,
    ])
    // Fetched by name: the Host header is the feed's, the connection the checked address.
    expect(requests).toContain(`blog.example.org:${port}/feed.xml`)

    const rows = await contributionsOf(deps.db, ana.id)
    const identity = { source: 'feed', kind: 'content_item', repository: 'blog.example.org', key: `person:${ana.id}`, personId: ana.id, name: 'Ana Lí' }
    expect(rows).toEqual([
      {
        ...identity,
        externalId: 'urn:post:42',
        occurredAt: new Date('2023-05-01T12:00:00Z'),
        title: 'Only a guid',
        url: null,
      },
      {
        ...identity,
        // A relative link, resolved against the feed's URL.
        externalId: `https://blog.example.org:${port}/2023/06/cafe-talk`,
        occurredAt: new Date('2023-06-01T13:30:00Z'),
        title: 'Café talk: observability',
        url: `http://blog.example.org:${port}/2023/06/cafe-talk`,
      },
      {
        ...identity,
        externalId: 'https://blog.example.org/2023/07/kubesphere-on-k3s',
        occurredAt: new Date('2023-07-19T03:30:00Z'),
        title: 'Installing KubeSphere on k3s',
        url: 'https://www.blog.example.org/2023/07/kubesphere-on-k3s/?utm_source=rss#comments', // as the feed wrote it
      },
    ])
    const [run] = await deps.db.select().from(importRuns).where(eq(importRuns.target, new URL(url).href)).orderBy(asc(importRuns.startedAt))
    expect(run).toMatchObject({ source: 'feed', status: 'done', counts: { read: 5, imported: 3, rejected: 2 } })

    const before = await countRows(deps.db)
    const again = await importFeed(deps, { url, personHandle: ana.handle, fetch: viaLocal }, captureIO().io)
    expect(again.counts).toEqual({ read: 5, imported: 0, duplicates: 3, bots: 0, rejected: 2 })
    expect(await countRows(deps.db)).toEqual(before)
    expect(await contributionsOf(deps.db, ana.id)).toEqual(rows)
  })

  it('imports a YouTube channel feed under youtube.com, one row per video whatever the link form', async () => {
    const deps = ctx()
    const ana = await makePerson('Ana Lí')
    const url = `http://www.youtube.com:${port}/feeds/videos.xml?channel_id=UCana`
    const { io, out } = captureIO()
    const result = await importFeed(deps, { url, personHandle: `@${ana.handle}`, fetch: viaLocal }, io)
    expect(result).toMatchObject({ repository: 'youtube.com', videos: 2, blogPosts: 0, counts: { read: 2, imported: 2, rejected: 0 } })
    expect(out[0]).toContain('(youtube.com)')
    expect(out[0]).toContain('2 videos')

    const rows = await contributionsOf(deps.db, ana.id)
    expect(rows.map((r) => ({ kind: r.kind, repository: r.repository, externalId: r.externalId, title: r.title, url: r.url, key: r.key, personId: r.personId }))).toEqual([
      {
        kind: 'content_item',
        repository: 'youtube.com',
        externalId: 'https://youtube.com/watch?v=vid00000002',
        title: '第二个视频',
        url: 'https://www.youtube.com/watch?v=vid00000002',
        key: `person:${ana.id}`,
        personId: ana.id,
      },
      {
        kind: 'content_item',
        repository: 'youtube.com',
        externalId: 'https://youtube.com/watch?v=vid00000001',
        title: 'KubeSphere in 10 minutes',
        url: 'https://www.youtube.com/watch?v=vid00000001',
        key: `person:${ana.id}`,
        personId: ana.id,
      },
    ])
    expect(rows[0]!.occurredAt).toEqual(new Date('2023-03-01T16:00:00Z'))
    const again = await importFeed(deps, { url, personHandle: ana.handle, fetch: viaLocal }, captureIO().io)
    expect(again.counts).toMatchObject({ imported: 0, duplicates: 2 })
  })

  it('reads a feed from a local address when private addresses are allowed', async () => {
    const deps = ctx()
    const bo = await makePerson('Bo')
    const result = await importFeed(deps, { url: `http://127.0.0.1:${port}/feed.xml`, personHandle: bo.handle, fetch: { allowPrivate: true } }, captureIO().io)
    expect(result).toMatchObject({ repository: '127.0.0.1', counts: { imported: 3 } })
    const many = await importFeed(deps, { url: `http://127.0.0.1:${port}/many.xml`, personHandle: bo.handle, fetch: { allowPrivate: true } }, captureIO().io)
    expect(many.counts).toEqual({ read: 2500, imported: 2500, duplicates: 0, bots: 0, rejected: 0 })
  })

  it('refuses a feed URL on a private address, directly or through a redirect, and stores nothing', async () => {
    const deps = ctx()
    const cy = await makePerson('Cy')
    const before = await countRows(deps.db)
    const direct = importFeed(deps, { url: `http://127.0.0.1:${port}/feed.xml`, personHandle: cy.handle, fetch: { allowPrivate: false } }, captureIO().io)
    await expect(direct).rejects.toThrow(FeedImportError)
    await expect(importFeed(deps, { url: `http://127.0.0.1:${port}/feed.xml`, personHandle: cy.handle, fetch: { allowPrivate: false } }, captureIO().io)).rejects.toMatchObject({
      code: 'refused',
      message: 'refused: 127.0.0.1 is a loopback address; feeds are fetched from public addresses only',
    })
    await expect(importFeed(deps, { url: `http://blog.example.org:${port}/to-private`, personHandle: cy.handle, fetch: viaLocal }, captureIO().io)).rejects.toMatchObject({
      code: 'refused',
      message: expect.stringContaining('refused: 10.1.2.3 is a private address'),
    })
    await expect(importFeed(deps, { url: 'http://169.254.169.254/latest/meta-data/', personHandle: cy.handle }, captureIO().io)).rejects.toMatchObject({ code: 'refused' })
    expect(await countRows(deps.db)).toEqual(before)
    const [failed] = await deps.db
      .select()
      .from(importRuns)
      .where(eq(importRuns.target, `http://127.0.0.1:${port}/feed.xml`))
      .orderBy(desc(importRuns.startedAt))
      .limit(1)
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('loopback') })

    // The command, which never lifts the guard: exit 2 and one clear line.
    const { io, err } = captureIO()
    expect(await importFeedCommand.run(deps, { url: `http://127.0.0.1:${port}/feed.xml`, person: cy.handle }, io)).toBe(2)
    expect(err).toEqual(['import feed: refused: 127.0.0.1 is a loopback address; feeds are fetched from public addresses only'])
  })

  it('fails clearly on a bad URL, an unknown person, a failed fetch and a page that is not a feed', async () => {
    const deps = ctx()
    const dee = await makePerson('Dee')
    const run = (options: Record<string, unknown>) => runCommand(importFeedCommand, deps, options)
    expect(await run({ url: 'not a url', person: dee.handle })).toMatchObject({ code: 2, err: [expect.stringMatching(/^import feed: not a URL: "not a url"/)] })
    expect(await run({ url: 'ftp://blog.example.org/feed.xml', person: dee.handle })).toMatchObject({
      code: 2,
      err: ['import feed: only http and https feed URLs can be imported, not ftp: URLs'],
    })
    expect(await run({ url: 'file:///etc/passwd', person: dee.handle })).toMatchObject({ code: 2 })
    expect(await run({ url: 'https://user:secret@blog.example.org/feed.xml', person: dee.handle })).toMatchObject({
      code: 2,
      err: ['import feed: the feed URL must not contain a user name or password'],
    })
    expect(await run({ url: 'https://blog.example.org/feed.xml', person: 'nobody-here' })).toMatchObject({ code: 2, err: ['import feed: no person has the handle "nobody-here"'] })
    expect(await run({ url: 'https://blog.example.org/feed.xml' })).toMatchObject({ code: 2, err: ['import feed: --person <handle> is required: whose feed it is'] })
    expect(await run({ person: dee.handle })).toMatchObject({ code: 2 })
    const unresolvable = await run({ url: 'http://feed.nonexistent.invalid/feed.xml', person: dee.handle })
    expect(unresolvable).toMatchObject({ code: 2, err: [expect.stringMatching(/^import feed: could not fetch the feed: /)] })

    const local = { allowPrivate: true }
    await expect(importFeed(deps, { url: `http://127.0.0.1:${port}/about`, personHandle: dee.handle, fetch: local }, captureIO().io)).rejects.toMatchObject({
      code: 'not_a_feed',
      message: expect.stringMatching(/^not a feed: the document is an HTML page/),
    })
    await expect(importFeed(deps, { url: `http://127.0.0.1:${port}/gone.xml`, personHandle: dee.handle, fetch: local }, captureIO().io)).rejects.toMatchObject({
      code: 'fetch_failed',
      message: `could not fetch the feed: HTTP 404 from http://127.0.0.1:${port}/gone.xml`,
    })
    expect(await contributionsOf(deps.db, dee.id)).toEqual([])
  })
})
