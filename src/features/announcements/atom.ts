/** A program's news as an Atom 1.0 feed (RFC 4287), built as text: every value escaped, every instant RFC 3339. */

/** One entry of the feed. */
export interface AtomEntry {
  /** Absolute URL of the entry's page; also its id (stable: a cohort's announcement page never moves). */
  url: string
  title: string
  published: Date
  /** The entry's content as HTML (escaped into the XML). */
  html: string
}

/** The feed's own fields. */
export interface AtomFeed {
  /** Absolute URL of the feed itself (rel="self" and the feed's id). */
  selfUrl: string
  /** The program page (rel="alternate"). */
  pageUrl: string
  title: string
  subtitle: string
  author: string
  entries: AtomEntry[]
  /** When the feed has no entries: its last change is the program's. */
  fallbackUpdated: Date
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

/** Escapes text for XML content and attributes, dropping characters XML 1.0 forbids. */
export function xmlEscape(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (ch) => escapes[ch]!)
}

const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

/** The feed document. */
export function renderAtom(feed: AtomFeed): string {
  const updated = feed.entries.reduce((max, e) => (e.published > max ? e.published : max), feed.entries.length ? new Date(0) : feed.fallbackUpdated)
  const entries = feed.entries.map(
    (e) => `  <entry>
    <id>${xmlEscape(e.url)}</id>
    <title type="text">${xmlEscape(e.title)}</title>
    <link rel="alternate" type="text/html" href="${xmlEscape(e.url)}"/>
    <published>${rfc3339(e.published)}</published>
    <updated>${rfc3339(e.published)}</updated>
    <content type="html">${xmlEscape(e.html)}</content>
  </entry>
`,
  )
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xmlEscape(feed.selfUrl)}</id>
  <title type="text">${xmlEscape(feed.title)}</title>
  <subtitle type="text">${xmlEscape(feed.subtitle)}</subtitle>
  <updated>${rfc3339(updated)}</updated>
  <author><name>${xmlEscape(feed.author)}</name></author>
  <link rel="self" type="application/atom+xml" href="${xmlEscape(feed.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${xmlEscape(feed.pageUrl)}"/>
  <generator>Embassy</generator>
${entries.join('')}</feed>
`
}
