/**
 * Reads RSS 2.0 (and 0.9x), Atom 1.0 (and 0.3; YouTube channel feeds included) and RSS 1.0 (RDF) documents
 * into items. Tolerant by design: missing fields give nulls, malformed markup is read as far as it goes, and
 * the only error is NotAFeedError, for a document that is not a feed at all (an HTML page, JSON, empty).
 */
import { XMLParser } from 'fast-xml-parser'
import { parseFeedDate } from './feed-date.ts'
import { cleanText, titleText } from './feed-text.ts'

/** The syntaxes read. */
export type FeedFormat = 'rss' | 'atom' | 'rdf'

/** What an item is: a video (a YouTube feed, a video enclosure) or anything else, a blog post. */
export type FeedItemKind = 'blog_post' | 'video'

/** One item of a feed; any field can be missing. */
export interface FeedItem {
  title: string | null
  /** Absolute http(s) URL of the item's page (other schemes are dropped). */
  link: string | null
  /** The feed's own id of the item: RSS guid, Atom id, RDF about. */
  id: string | null
  publishedAt: Date | null
  kind: FeedItemKind
}

/** A parsed feed. */
export interface ParsedFeed {
  format: FeedFormat
  title: string | null
  /** The site the feed belongs to. */
  link: string | null
  /** Whether it is a YouTube channel or playlist feed (every item a video). */
  youtube: boolean
  items: FeedItem[]
}

/** The document is not an RSS, Atom or RDF feed; the message says what it is instead. */
export class NotAFeedError extends Error {
  override name = 'NotAFeedError'
}

/** Options of parseFeed. */
export interface ParseFeedOptions {
  /** Where the feed was fetched from: relative links are resolved against it, and a youtube.com URL marks videos. */
  baseUrl?: string
}

type XmlNode = Record<string, unknown>

const parserOptions: ConstructorParameters<typeof XMLParser>[0] = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  // Titles come raw: they are plain text, CDATA, escaped HTML or XHTML, and each is read by its own rules.
  stopNodes: ['*.title'],
  // Feeds are flat; deep nesting is a broken or hostile document (and the parser's own limit is 100).
  maxNestedTags: 100,
}
const parser = new XMLParser(parserOptions)
// For documents the first cannot read (a title left open by a truncated feed): titles parsed like the rest.
const lenientParser = new XMLParser({ ...parserOptions, stopNodes: [] })

const isNode = (v: unknown): v is XmlNode => typeof v === 'object' && v !== null && !Array.isArray(v)
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v])
const localName = (key: string) => key.slice(key.lastIndexOf(':') + 1)

/** Values of the children named `name`: the unprefixed element first, then any prefixed one (dc:date, atom:link). */
function children(node: unknown, name: string): unknown[] {
  if (!isNode(node)) return []
  const exact = list(node[name])
  const prefixed = Object.keys(node)
    .filter((k) => k !== name && !k.startsWith('@_') && !k.startsWith('#') && localName(k) === name)
    .flatMap((k) => list(node[k]))
  return [...exact, ...prefixed]
}

/** The text of a value: a string, or an element's text node; the first non-empty of a list. */
function textOf(v: unknown): string | null {
  for (const x of list(v)) {
    const t = typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : isNode(x) ? textOf(x['#text']) : null
    const cleaned = t === null ? null : cleanText(t)
    if (cleaned) return cleaned
  }
  return null
}

const firstText = (node: unknown, ...names: string[]): string | null => {
  for (const name of names) {
    const t = textOf(children(node, name))
    if (t) return t
  }
  return null
}

/** An attribute, whatever its prefix (rdf:about, xml:lang). */
function attr(node: unknown, name: string): string | null {
  if (!isNode(node)) return null
  const v = node[`@_${name}`] ?? Object.entries(node).find(([k]) => k.startsWith('@_') && localName(k) === name)?.[1]
  return typeof v === 'string' || typeof v === 'number' ? String(v).trim() || null : null
}

/** A title, read by the rules of its format (see titleText). */
function titleOf(node: unknown, format: FeedFormat): string | null {
  for (const v of children(node, 'title')) {
    const raw = typeof v === 'string' ? v : isNode(v) && typeof v['#text'] === 'string' ? v['#text'] : typeof v === 'number' ? String(v) : null
    if (raw === null) continue
    const type = (attr(v, 'type') ?? '').toLowerCase()
    const mode = format === 'atom' ? (type === 'html' || type === 'text/html' ? 'html' : 'text') : 'rss'
    const t = titleText(raw, mode)
    if (t) return t
  }
  return null
}

/** An absolute http(s) URL, resolved against the base; null for anything else (javascript:, mailto:, garbage). */
function httpUrl(value: string | null, base: string | undefined): string | null {
  if (!value) return null
  try {
    const url = new URL(value.trim(), base)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

const isYouTubeHost = (url: string | null) => {
  if (!url) return false
  try {
    const host = new URL(url).hostname.toLowerCase()
    return host === 'youtu.be' || host === 'youtube.com' || host.endsWith('.youtube.com')
  } catch {
    return false
  }
}

const isVideoType = (type: string | null) => Boolean(type && /^video\//i.test(type))

/** Whether an item carries a video: an enclosure of a video type, or Media RSS content of medium video. */
function hasVideo(item: unknown): boolean {
  const media = [...children(item, 'content'), ...children(item, 'group').flatMap((g) => children(g, 'content'))]
  const enclosures = [...children(item, 'enclosure'), ...children(item, 'link').filter((l) => attr(l, 'rel') === 'enclosure')]
  return enclosures.some((e) => isVideoType(attr(e, 'type'))) || media.some((m) => isVideoType(attr(m, 'type')) || attr(m, 'medium') === 'video')
}

/** The page of an Atom entry (or feed): link rel="alternate" (or no rel), HTML preferred. */
function atomLink(node: unknown, base: string | undefined): string | null {
  const links = children(node, 'link').filter(isNode)
  const alternates = links.filter((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate' && attr(l, 'href'))
  const html = alternates.find((l) => /html/i.test(attr(l, 'type') ?? 'text/html'))
  const chosen = html ?? alternates[0]
  if (chosen) return httpUrl(attr(chosen, 'href'), base)
  // A plain-text <link> (RSS habits inside Atom) as a last resort.
  return httpUrl(textOf(children(node, 'link').filter((l) => typeof l === 'string')), base)
}

/** The page of an RSS or RDF item: <link>, else an atom:link, else a permalink guid, else rdf:about. */
function rssLink(item: unknown, base: string | undefined): string | null {
  for (const l of children(item, 'link')) {
    const href = typeof l === 'string' ? l : isNode(l) ? (attr(l, 'href') && (attr(l, 'rel') ?? 'alternate') === 'alternate' ? attr(l, 'href') : textOf(l)) : null
    const url = httpUrl(href, base)
    if (url) return url
  }
  const guid = children(item, 'guid')[0]
  if (guid !== undefined && attr(guid, 'isPermaLink') !== 'false') {
    const t = textOf(guid)
    // Only an absolute URL: a relative guid is an id, not an address.
    if (t && /^https?:\/\//i.test(t)) {
      const url = httpUrl(t, undefined)
      if (url) return url
    }
  }
  return httpUrl(attr(item, 'about'), base)
}

function rssItem(item: unknown, format: 'rss' | 'rdf', youtube: boolean, base: string | undefined): FeedItem {
  const link = rssLink(item, base)
  return {
    title: titleOf(item, format),
    link,
    id: firstText(item, 'guid') ?? attr(item, 'about') ?? null,
    publishedAt: parseFeedDate(firstText(item, 'pubDate', 'date', 'published', 'issued', 'created', 'updated', 'modified')),
    kind: youtube || hasVideo(item) || isYouTubeHost(link) ? 'video' : 'blog_post',
  }
}

function atomEntry(entry: unknown, youtube: boolean, base: string | undefined): FeedItem {
  const videoId = firstText(entry, 'videoId')
  const link = atomLink(entry, base) ?? (videoId ? `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}` : null)
  return {
    title: titleOf(entry, 'atom'),
    link,
    id: firstText(entry, 'id') ?? (videoId ? `yt:video:${videoId}` : null),
    publishedAt: parseFeedDate(firstText(entry, 'published', 'issued', 'created', 'updated', 'modified', 'date')),
    kind: youtube || videoId !== null || hasVideo(entry) || isYouTubeHost(link) ? 'video' : 'blog_post',
  }
}

/** What a document that is not a feed is, for the error message. */
function describeNonFeed(text: string, root: string | undefined): string {
  const start = text.replace(/^\uFEFF/, '').trimStart()
  if (!start) return 'not a feed: the document is empty'
  if (/^[[{]/.test(start)) return 'not a feed: the document is JSON, not an RSS or Atom feed'
  if (/^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<!doctype\s+html|^(?:<\?xml[^>]*>\s*)?<html[\s>]/i.test(start) || root?.toLowerCase() === 'html') {
    return 'not a feed: the document is an HTML page, not an RSS or Atom feed (the page may link to its feed, often at /feed, /rss or /atom.xml)'
  }
  if (!start.startsWith('<')) return `not a feed: the document is not XML (it begins with "${start.slice(0, 40).replace(/\s+/g, ' ')}")`
  if (root) return `not a feed: the document is XML with the root element <${root}>, not <rss>, <feed> or <rdf:RDF>`
  return 'not a feed: the document is not well-formed XML'
}

/**
 * Parses a feed document. Throws NotAFeedError for a document that is not a feed; never anything else.
 */
export function parseFeed(xml: string, options: ParseFeedOptions = {}): ParsedFeed {
  let doc: unknown
  try {
    try {
      doc = parser.parse(xml)
    } catch {
      doc = lenientParser.parse(xml)
    }
  } catch (e) {
    const what = describeNonFeed(xml, undefined)
    throw new NotAFeedError(what === 'not a feed: the document is not well-formed XML' ? `${what} (${(e as Error).message})` : what)
  }
  const roots = isNode(doc) ? Object.keys(doc).filter((k) => !k.startsWith('?') && !k.startsWith('#') && !k.startsWith('!') && !k.startsWith('@_')) : []
  const rootKey = roots.find((k) => ['rss', 'feed', 'RDF'].includes(localName(k))) ?? roots[0]
  const name = rootKey ? localName(rootKey) : undefined
  const root = rootKey && isNode(doc) ? (isNode(doc[rootKey]) ? doc[rootKey] : {}) : undefined
  if (!rootKey || !root || (name !== 'rss' && name !== 'feed' && name !== 'RDF')) throw new NotAFeedError(describeNonFeed(xml, rootKey))

  const base = options.baseUrl
  const youtubeNs = Object.entries(root).some(([k, v]) => k.startsWith('@_xmlns') && typeof v === 'string' && v.includes('youtube.com/xml/schemas'))

  if (name === 'feed') {
    const link = atomLink(root, base)
    const youtube = youtubeNs || isYouTubeHost(link) || isYouTubeHost(base ?? null)
    return {
      format: 'atom',
      title: titleOf(root, 'atom'),
      link,
      youtube,
      items: children(root, 'entry').map((e) => atomEntry(e, youtube, base)),
    }
  }

  const format = name === 'rss' ? 'rss' : 'rdf'
  const channel = children(root, 'channel').find(isNode) ?? {}
  const link = rssLink(channel, base) ?? atomLink(channel, base)
  const youtube = youtubeNs || isYouTubeHost(link) || isYouTubeHost(base ?? null)
  const items = [...children(channel, 'item'), ...children(root, 'item')]
  return {
    format,
    title: titleOf(channel, format),
    link,
    youtube,
    items: items.map((i) => rssItem(i, format, youtube, base)),
  }
}

/**
 * The text of a fetched feed: the encoding from a byte-order mark, else the XML declaration, else the
 * Content-Type charset, else UTF-8. (The declaration is preferred to the header because servers often send a
 * default charset for every static file, while the software that wrote the feed wrote its declaration.)
 */
export function decodeFeedBody(body: Uint8Array, contentType?: string | string[] | null): string {
  const b = body
  let label: string | undefined
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) label = 'utf-8'
  else if (b[0] === 0xff && b[1] === 0xfe) label = 'utf-16le'
  else if (b[0] === 0xfe && b[1] === 0xff) label = 'utf-16be'
  else if (b[0] === 0x3c && b[1] === 0x00 && b[2] === 0x3f && b[3] === 0x00) label = 'utf-16le'
  else if (b[0] === 0x00 && b[1] === 0x3c && b[2] === 0x00 && b[3] === 0x3f) label = 'utf-16be'
  else {
    const head = Buffer.from(b.subarray(0, 512)).toString('latin1')
    const declared = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1]
    const header = (Array.isArray(contentType) ? contentType[0] : contentType) ?? ''
    const fromHeader = /;\s*charset\s*=\s*"?([A-Za-z0-9._:-]+)"?/i.exec(header)?.[1]
    label = declared ?? fromHeader
    // UTF-16 declared for a document that starts with '<' as a single byte is mislabelled; read it as UTF-8.
    if (label && /^(?:utf-?16|ucs-?2)/i.test(label)) label = 'utf-8'
  }
  let decoder: TextDecoder
  try {
    decoder = new TextDecoder(label ?? 'utf-8')
  } catch {
    decoder = new TextDecoder('utf-8')
  }
  return decoder.decode(b)
}
