import { describe, expect, it } from 'vitest'
import { NotAFeedError, decodeFeedBody, parseFeed } from './parse-feed.ts'
import { decodeEntities, htmlToText, titleText } from './feed-text.ts'

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Ana&#8217;s Cloud-Native Notes &amp; Links</title>
    <link>https://blog.example.org/</link>
    <atom:link href="https://blog.example.org/feed.xml" rel="self" type="application/rss+xml"/>
    <description>Posts</description>
    <item>
      <title><![CDATA[Hello <b>KubeSphere</b> &amp; friends]]></title>
      <link>https://blog.example.org/2023/07/hello-kubesphere/</link>
      <guid isPermaLink="false">post-101</guid>
      <pubDate>Wed, 19 Jul 2023 09:15:00 +0545</pubDate>
      <content:encoded><![CDATA[<p>Body with <a href="x">markup</a></p>]]></content:encoded>
    </item>
    <item>
      <title>Caf&eacute; &amp; Co&#8217;s &#x4E2D;&#25991; tips</title>
      <guid>https://blog.example.org/2023/06/cafe</guid>
      <dc:date>2023-06-01T10:00:00-03:30</dc:date>
    </item>
    <item>
      <title>Tom &amp;amp; Jerry &amp;#8211; a double-escaped title</title>
      <link>/2023/05/tom-and-jerry</link>
      <pubDate>Mon, 01 May 2023 00:00:00 GMT</pubDate>
    </item>
    <item>
      <title>Why &lt;div&gt; soup hurts</title>
      <link>javascript:alert(1)</link>
      <pubDate>not a date</pubDate>
    </item>
    <item>
      <title/>
      <link>https://blog.example.org/2023/04/screencast</link>
      <enclosure url="https://cdn.example.org/screencast.mp4" length="123456" type="video/mp4"/>
      <pubDate>Sat, 01 Apr 2023 12:00:00 PST</pubDate>
    </item>
    <item>
      <description>An item with nothing but a description</description>
    </item>
  </channel>
</rss>`

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title type="text">Bo's Blog</title>
  <link href="https://bo.example.net/atom.xml" rel="self"/>
  <link href="https://bo.example.net/"/>
  <updated>2023-08-01T00:00:00Z</updated>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <entry>
    <title type="html">Scaling &lt;em&gt;KubeSphere&lt;/em&gt; &amp;amp; friends</title>
    <link rel="self" href="https://bo.example.net/api/posts/1"/>
    <link rel="alternate" type="text/html" href="https://bo.example.net/posts/scaling"/>
    <link rel="edit" href="https://bo.example.net/edit/1"/>
    <id>tag:bo.example.net,2023:1</id>
    <published>2023-07-01T08:00:00+08:00</published>
    <updated>2023-07-02T08:00:00+08:00</updated>
    <content type="html">&lt;p&gt;Hello&lt;/p&gt;</content>
  </entry>
  <entry>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">An <em>XHTML</em> title &amp; more</div></title>
    <link href="posts/xhtml"/>
    <id>tag:bo.example.net,2023:2</id>
    <updated>2023-06-15T12:00:00.5-05:00</updated>
  </entry>
  <entry>
    <title><![CDATA[Plain <text> in CDATA]]></title>
    <id>tag:bo.example.net,2023:3</id>
  </entry>
</feed>`

const YOUTUBE = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
 <link rel="self" href="http://www.youtube.com/feeds/videos.xml?channel_id=UCyTdUuyPrlBMx8MWpW1LTKQ"/>
 <id>yt:channel:yTdUuyPrlBMx8MWpW1LTKQ</id>
 <yt:channelId>yTdUuyPrlBMx8MWpW1LTKQ</yt:channelId>
 <title>KubeSphere</title>
 <link rel="alternate" href="https://www.youtube.com/channel/UCyTdUuyPrlBMx8MWpW1LTKQ"/>
 <author>
  <name>KubeSphere</name>
  <uri>https://www.youtube.com/channel/UCyTdUuyPrlBMx8MWpW1LTKQ</uri>
 </author>
 <published>2019-03-18T07:39:33+00:00</published>
 <entry>
  <id>yt:video:aBcDeFgHiJk</id>
  <yt:videoId>aBcDeFgHiJk</yt:videoId>
  <yt:channelId>UCyTdUuyPrlBMx8MWpW1LTKQ</yt:channelId>
  <title>KubeSphere 3.4 &amp; the extension system | Demo</title>
  <link rel="alternate" href="https://www.youtube.com/watch?v=aBcDeFgHiJk"/>
  <author>
   <name>KubeSphere</name>
   <uri>https://www.youtube.com/channel/UCyTdUuyPrlBMx8MWpW1LTKQ</uri>
  </author>
  <published>2023-07-20T09:30:01+00:00</published>
  <updated>2023-07-25T01:02:03+00:00</updated>
  <media:group>
   <media:title>KubeSphere 3.4 &amp; the extension system | Demo</media:title>
   <media:content url="https://www.youtube.com/v/aBcDeFgHiJk?version=3" type="application/x-shockwave-flash" width="640" height="390"/>
   <media:thumbnail url="https://i2.ytimg.com/vi/aBcDeFgHiJk/hqdefault.jpg" width="480" height="360"/>
   <media:description>What is new.</media:description>
   <media:community>
    <media:starRating count="42" average="5.00" min="1" max="5"/>
    <media:statistics views="1234"/>
   </media:community>
  </media:group>
 </entry>
 <entry>
  <id>yt:video:ZyXwVuTsRqP</id>
  <yt:videoId>ZyXwVuTsRqP</yt:videoId>
  <title>第二个视频：安装指南</title>
  <published>2023-06-01T00:00:00+00:00</published>
 </entry>
</feed>`

const RDF = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example.com/rss">
    <title>Old-school RDF site</title>
    <link>https://old.example.com/</link>
    <description>An RSS 1.0 feed</description>
    <items>
      <rdf:Seq>
        <rdf:li resource="https://old.example.com/posts/1"/>
        <rdf:li resource="https://old.example.com/posts/2"/>
      </rdf:Seq>
    </items>
  </channel>
  <item rdf:about="https://old.example.com/posts/1">
    <title>First &amp; foremost</title>
    <link>https://old.example.com/posts/1</link>
    <dc:date>2022-11-05T14:00:00+09:00</dc:date>
    <dc:creator>Chen</dc:creator>
  </item>
  <item rdf:about="https://old.example.com/posts/2">
    <title>Second</title>
    <dc:date>2022-11-06</dc:date>
  </item>
</rdf:RDF>`

describe('parseFeed: RSS 2.0', () => {
  const feed = parseFeed(RSS, { baseUrl: 'https://blog.example.org/feed.xml' })

  it('reads the channel', () => {
    expect(feed).toMatchObject({ format: 'rss', title: 'Ana’s Cloud-Native Notes & Links', link: 'https://blog.example.org/', youtube: false })
    expect(feed.items).toHaveLength(6)
  })

  it('reads CDATA with markup, permalink guids, RFC 822 dates with odd offsets and ISO dc:date', () => {
    expect(feed.items[0]).toEqual({
      title: 'Hello KubeSphere & friends',
      link: 'https://blog.example.org/2023/07/hello-kubesphere/',
      id: 'post-101',
      publishedAt: new Date('2023-07-19T03:30:00Z'),
      kind: 'blog_post',
    })
    expect(feed.items[1]).toEqual({
      title: 'Café & Co’s 中文 tips',
      link: 'https://blog.example.org/2023/06/cafe',
      id: 'https://blog.example.org/2023/06/cafe',
      publishedAt: new Date('2023-06-01T13:30:00Z'),
      kind: 'blog_post',
    })
  })

  it('decodes double-escaped entities and resolves relative links', () => {
    expect(feed.items[2]).toMatchObject({ title: 'Tom & Jerry – a double-escaped title', link: 'https://blog.example.org/2023/05/tom-and-jerry', id: null })
  })

  it('keeps escaped tag-like text, drops non-http links and unreadable dates', () => {
    expect(feed.items[3]).toMatchObject({ title: 'Why <div> soup hurts', link: null, publishedAt: null })
  })

  it('marks video enclosures as videos and tolerates empty and missing fields', () => {
    expect(feed.items[4]).toMatchObject({ title: null, kind: 'video', publishedAt: new Date('2023-04-01T20:00:00Z') })
    expect(feed.items[5]).toEqual({ title: null, link: null, id: null, publishedAt: null, kind: 'blog_post' })
  })

  it('reads a channel with a single item, and RSS 0.91', () => {
    const one = parseFeed(`<rss version="0.91"><channel><title>One</title><item><title>Only</title><link>http://one.example/only</link></item></channel></rss>`)
    expect(one.items).toEqual([{ title: 'Only', link: 'http://one.example/only', id: null, publishedAt: null, kind: 'blog_post' }])
    const empty = parseFeed(`<rss version="2.0"><channel><title>Nothing yet</title></channel></rss>`)
    expect(empty).toMatchObject({ title: 'Nothing yet', items: [] })
  })
})

describe('parseFeed: Atom 1.0', () => {
  const feed = parseFeed(ATOM, { baseUrl: 'https://bo.example.net/atom.xml' })

  it('reads the feed and picks the alternate link of each entry', () => {
    expect(feed).toMatchObject({ format: 'atom', title: "Bo's Blog", link: 'https://bo.example.net/', youtube: false })
    expect(feed.items[0]).toEqual({
      title: 'Scaling KubeSphere & friends',
      link: 'https://bo.example.net/posts/scaling',
      id: 'tag:bo.example.net,2023:1',
      publishedAt: new Date('2023-07-01T00:00:00Z'),
      kind: 'blog_post',
    })
  })

  it('reads XHTML titles, relative links and falls back to updated', () => {
    expect(feed.items[1]).toMatchObject({ title: 'An XHTML title & more', link: 'https://bo.example.net/posts/xhtml', publishedAt: new Date('2023-06-15T17:00:00.500Z') })
  })

  it('keeps CDATA text as text in a plain title, and tolerates an entry without link or date', () => {
    expect(feed.items[2]).toEqual({ title: 'Plain <text> in CDATA', link: null, id: 'tag:bo.example.net,2023:3', publishedAt: null, kind: 'blog_post' })
  })

  it('reads a prefixed Atom document', () => {
    const prefixed = parseFeed(
      `<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>P</a:title><a:entry><a:title>E</a:title><a:link href="https://p.example/e"/><a:published>2023-01-01T00:00:00Z</a:published></a:entry></a:feed>`,
    )
    expect(prefixed.items).toEqual([{ title: 'E', link: 'https://p.example/e', id: null, publishedAt: new Date('2023-01-01T00:00:00Z'), kind: 'blog_post' }])
  })
})

describe('parseFeed: YouTube channel feeds', () => {
  it('reads every entry as a video, with its watch URL and publication date', () => {
    const feed = parseFeed(YOUTUBE, { baseUrl: 'https://www.youtube.com/feeds/videos.xml?channel_id=UCyTdUuyPrlBMx8MWpW1LTKQ' })
    expect(feed).toMatchObject({ format: 'atom', title: 'KubeSphere', youtube: true, link: 'https://www.youtube.com/channel/UCyTdUuyPrlBMx8MWpW1LTKQ' })
    expect(feed.items).toEqual([
      {
        title: 'KubeSphere 3.4 & the extension system | Demo',
        link: 'https://www.youtube.com/watch?v=aBcDeFgHiJk',
        id: 'yt:video:aBcDeFgHiJk',
        publishedAt: new Date('2023-07-20T09:30:01Z'),
        kind: 'video',
      },
      {
        title: '第二个视频：安装指南',
        link: 'https://www.youtube.com/watch?v=ZyXwVuTsRqP',
        id: 'yt:video:ZyXwVuTsRqP',
        publishedAt: new Date('2023-06-01T00:00:00Z'),
        kind: 'video',
      },
    ])
  })

  it('knows a YouTube feed by its namespace even when served from elsewhere', () => {
    expect(parseFeed(YOUTUBE, { baseUrl: 'http://127.0.0.1:8080/videos.xml' }).items.every((i) => i.kind === 'video')).toBe(true)
  })
})

describe('parseFeed: RSS 1.0 (RDF)', () => {
  it('reads items beside the channel, their about URLs and Dublin Core dates', () => {
    const feed = parseFeed(RDF)
    expect(feed).toMatchObject({ format: 'rdf', title: 'Old-school RDF site', link: 'https://old.example.com/' })
    expect(feed.items).toEqual([
      { title: 'First & foremost', link: 'https://old.example.com/posts/1', id: 'https://old.example.com/posts/1', publishedAt: new Date('2022-11-05T05:00:00Z'), kind: 'blog_post' },
      { title: 'Second', link: 'https://old.example.com/posts/2', id: 'https://old.example.com/posts/2', publishedAt: new Date('2022-11-06T00:00:00Z'), kind: 'blog_post' },
    ])
  })
})

describe('parseFeed: odd and wrong documents', () => {
  it('reads broken feeds as far as they go', () => {
    const broken = parseFeed(`<rss><channel><title>Bare & ampersand</title><item><title>Unclosed<link>https://x.example/1</link><pubDate>Mon, 01 May 2023 00:00:00 GMT</pubDate></item><item><title>Two</title></channel></rss>`)
    expect(broken.format).toBe('rss')
    expect(broken.title).toBe('Bare & ampersand')
    expect(() => parseFeed(`<rss><channel><item><title>x</title><link>https://x.example/a</item><item></channel>`)).not.toThrow()
    expect(() => parseFeed(`<feed><entry><title>no namespace, no closing tags`)).not.toThrow()
    expect(parseFeed(`<feed><entry><link href="https://a.example/1"/><link href="https://a.example/2" rel="alternate" type="text/html"/></entry></feed>`).items[0]!.link).toBe(
      'https://a.example/1',
    )
  })

  it('does not expand entities declared in a DOCTYPE without limit', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><rss><channel><title>&d;</title><item><title>&d;&d;&d;</title></item></channel></rss>`
    let result: ReturnType<typeof parseFeed> | undefined
    try {
      result = parseFeed(bomb)
    } catch (e) {
      expect(e).toBeInstanceOf(NotAFeedError)
    }
    if (result) expect((result.items[0]?.title ?? '').length).toBeLessThan(10_000)
  })

  const notFeeds: [string, string, RegExp][] = [
    ['an HTML page', '<!DOCTYPE html>\n<html lang="en"><head><title>Blog</title></head><body><p>Hi<br></body></html>', /^not a feed: the document is an HTML page/],
    ['an HTML page without doctype', '  <html><body>x</body></html>', /HTML page/],
    ['XHTML', '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head></html>', /HTML page/],
    ['JSON', '{"version":"https://jsonfeed.org/version/1.1","items":[]}', /^not a feed: the document is JSON/],
    ['an empty body', '', /^not a feed: the document is empty$/],
    ['whitespace', ' \n\t ', /^not a feed: the document is empty$/],
    ['plain text', 'Service Unavailable', /^not a feed: the document is not XML \(it begins with "Service Unavailable"\)$/],
    ['a sitemap', '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.example/</loc></url></urlset>', /root element <urlset>/],
    ['an XML declaration alone', '<?xml version="1.0"?>', /not well-formed XML|empty/],
    ['deeply nested junk', `<rss>${'<a>'.repeat(200)}x${'</a>'.repeat(200)}</rss>`, /^not a feed/],
  ]
  it.each(notFeeds)('refuses %s with a clear error', (_what, doc, message) => {
    let error: unknown
    try {
      parseFeed(doc)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(NotAFeedError)
    expect((error as Error).message).toMatch(message)
  })
})

describe('feed text', () => {
  it('decodes numeric and named references, keeping unknown names', () => {
    expect(decodeEntities('&lt;&#65;&#x42;&eacute;&hellip;&bogus;&#0;&#xD800;')).toBe('<ABé…&bogus;\ufffd\ufffd')
  })
  it('turns HTML into text', () => {
    expect(htmlToText('<p>A <b>b</b><br/>c &amp; d<script>x()</script><!-- no --></p>')).toBe('A b c & d')
  })
  it('reads titles by their format', () => {
    expect(titleText('A &lt;b&gt;bold&lt;/b&gt; move', 'html')).toBe('A bold move')
    expect(titleText('A &lt;b&gt;bold&lt;/b&gt; move', 'text')).toBe('A <b>bold</b> move')
    expect(titleText('A &lt;b&gt;bold&lt;/b&gt; move', 'rss')).toBe('A bold move')
    expect(titleText('  spaced\n\n  out  ', 'text')).toBe('spaced out')
    expect(titleText('<![CDATA[   ]]>', 'rss')).toBeNull()
  })
})

describe('decodeFeedBody', () => {
  const gbkXml = Buffer.concat([
    Buffer.from('<?xml version="1.0" encoding="GBK"?><rss><channel><title>'),
    Buffer.from([0xd6, 0xd0, 0xce, 0xc4]), // 中文 in GBK
    Buffer.from('</title></channel></rss>'),
  ])
  it('follows the XML declaration', () => {
    expect(parseFeed(decodeFeedBody(gbkXml, 'application/rss+xml')).title).toBe('中文')
  })
  it('follows the Content-Type charset when the document does not declare one', () => {
    const latin1 = Buffer.from('<rss><channel><title>Caf\u00e9</title></channel></rss>', 'latin1')
    expect(parseFeed(decodeFeedBody(latin1, 'text/xml; charset=ISO-8859-1')).title).toBe('Café')
    expect(parseFeed(decodeFeedBody(latin1, ['application/xml; charset="iso-8859-1"'])).title).toBe('Café')
  })
  it('follows a byte-order mark above everything', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<rss><channel><title>UTF-16 ✓</title></channel></rss>', 'utf16le')])
    expect(parseFeed(decodeFeedBody(utf16, 'text/xml; charset=iso-8859-1')).title).toBe('UTF-16 ✓')
    const bom8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<rss><channel><title>Ünïcode</title></channel></rss>')])
    expect(parseFeed(decodeFeedBody(bom8, 'text/xml; charset=iso-8859-1')).title).toBe('Ünïcode')
  })
  it('falls back to UTF-8 for unknown or misdeclared encodings', () => {
    expect(decodeFeedBody(Buffer.from('<?xml version="1.0" encoding="x-unknown"?><rss/>'))).toContain('<rss/>')
    expect(decodeFeedBody(Buffer.from('<?xml version="1.0" encoding="UTF-16"?><rss><channel><title>é</title></channel></rss>'))).toContain('<title>é</title>')
  })
})
