/**
 * `embassy import feed <url> --person <handle>`: a person's own blog or YouTube channel feed, stored as their
 * content items. The feed is fetched only from the URL given (through safeFetch, so never from an internal
 * address) or, with `discover` (the blog links of applications, on `evaluate --reimport`), from the feed the
 * page at that URL announces, checked the same way; every item is filed under the identity `person:<id>`,
 * which belongs to that person outright: a feed the person named is theirs, whatever author names its items carry.
 *
 * Stored as: kind 'content_item', source 'feed', repository the feed's host without "www." (every YouTube host
 * is 'youtube.com'), external id the item's link normalised (else its guid or Atom id), occurred at its
 * publication date, title and url. Whether an item is a video or a blog post is not stored (the schema has
 * no column for it): consumers tell videos by the repository 'youtube.com'. Videos enclosed in a blog's own
 * feed are therefore counted as that blog's content items.
 */
import { sql } from 'drizzle-orm'
import type { AppDeps } from '../../../deps.ts'
import type { CommandIO } from '../../../commands/command.ts'
import { people } from '../../people/schema.ts'
import { AddressRefusedError, SafeFetchError, safeFetch, type SafeFetchOptions } from '../../../lib/safe-fetch.ts'
import { ingestContributions, type ContributionRecord } from '../store.ts'
import { describeCounts, noCounts, startImportRun, type ImportCounts } from '../import-run.ts'
import { NotAFeedError, decodeFeedBody, parseFeed, type FeedItem } from './parse-feed.ts'

/** Why a feed import could not run. */
export type FeedImportErrorCode = 'bad_url' | 'unknown_person' | 'refused' | 'fetch_failed' | 'not_a_feed'

/** A feed import that could not run; the message is meant for the user. */
export class FeedImportError extends Error {
  override name = 'FeedImportError'
  constructor(
    readonly code: FeedImportErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/** What to import. */
export interface ImportFeedInput {
  /** The feed's URL, as the person gave it. */
  url: string
  /** The person's public handle ("ana" or "@ana"). */
  personHandle: string
  /** Fetch settings; tests reach a local server with `allowPrivate` or `allowAddresses` and `resolve`. */
  fetch?: Pick<SafeFetchOptions, 'allowPrivate' | 'allowAddresses' | 'resolve' | 'timeoutMs' | 'maxBytes'>
  /**
   * When the URL is an HTML page (a blog's home page, as applicants give it), read the feed it announces
   * (`<link rel="alternate" type="application/rss+xml" href=…>`), fetched the same guarded way. Off by default:
   * `embassy import feed` wants the feed's own URL.
   */
  discover?: boolean
  /** The URL is the blog link of an application (a re-import follows the application's current link, not this run). */
  fromApplication?: boolean
}

/** What a feed run records in its cursor (import_runs), so that it can be run again for the same person. */
export interface RecordedFeedRun {
  /** The person the items are filed under. */
  personId: string
  /** The feed read, when it is not the URL given (announced by the HTML page given). */
  feedUrl?: string
  /** The URL was an application's blog link. */
  fromApplication?: true
}

/** An item left out, and why. */
export interface RejectedItem {
  title: string | null
  link: string | null
  reason: string
}

/** What an import did. */
export interface FeedImportResult {
  counts: ImportCounts
  /** The repository the items are stored under (the feed's host). */
  repository: string
  feedTitle: string | null
  person: { id: string; handle: string; displayName: string }
  videos: number
  blogPosts: number
  rejected: RejectedItem[]
}

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1'
/** A future date beyond this is a mistake (or a scheduled post), not a contribution yet. */
const FUTURE_GRACE_MS = 24 * 60 * 60 * 1000
const MAX_TITLE = 500
const MAX_ID = 2000
const BATCH = 1000
/** Rejected items listed one by one at most; the rest are counted. */
const MAX_LISTED = 20

/** The URL of a feed to import: http(s), with a host and no credentials. */
export function checkFeedUrl(raw: string): URL {
  const text = raw.trim()
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new FeedImportError('bad_url', `not a URL: ${JSON.stringify(text.slice(0, 200))} (give the feed's full address, e.g. https://blog.example.org/feed.xml)`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FeedImportError('bad_url', `only http and https feed URLs can be imported, not ${url.protocol.replace(/:$/, '')}: URLs`)
  if (!url.hostname) throw new FeedImportError('bad_url', `the URL has no host: ${text}`)
  if (url.username || url.password) throw new FeedImportError('bad_url', 'the feed URL must not contain a user name or password')
  url.hash = ''
  return url
}

/** The repository a feed's items are stored under: its host, lower-case, without "www."; every YouTube host is youtube.com. */
export function feedRepository(url: URL): string {
  const host = url.hostname.toLowerCase().replace(/\.$/, '')
  if (host === 'youtube.com' || host.endsWith('.youtube.com') || host === 'youtu.be') return 'youtube.com'
  return host.replace(/^www\./, '')
}

const TRACKING_PARAM = /^(?:utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_hsenc|_hsmi)$/i

/**
 * The natural id of an item's link, so that the same post is one contribution however its feed spells the
 * link: https, host lower-case without "www.", no fragment, no tracking parameters, no trailing slash; a
 * YouTube video is https://youtube.com/watch?v=<id> whichever form its link takes.
 */
export function normaliseItemLink(link: string): string | null {
  let url: URL
  try {
    url = new URL(link)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  const host = url.hostname.toLowerCase().replace(/\.$/, '').replace(/^(?:www|m)\.(?=youtube\.com$)/, '').replace(/^www\./, '')
  if (host === 'youtube.com' || host === 'youtu.be') {
    const id = host === 'youtu.be' ? url.pathname.slice(1).split('/')[0] : url.pathname === '/watch' ? url.searchParams.get('v') : /^\/(?:shorts|live|embed)\/([^/]+)/.exec(url.pathname)?.[1]
    if (id) return `https://youtube.com/watch?v=${encodeURIComponent(id)}`
  }
  const params = [...url.searchParams].filter(([k]) => !TRACKING_PARAM.test(k))
  const search = params.length ? `?${new URLSearchParams(params).toString()}` : ''
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : ''
  const port = url.port && !(url.protocol === 'https:' && url.port === '443') ? `:${url.port}` : ''
  return `https://${host}${port}${path}${search}`
}

async function findPerson(deps: Pick<AppDeps, 'db'>, handle: string) {
  const wanted = handle.trim().replace(/^@/, '')
  if (!wanted) throw new FeedImportError('unknown_person', 'no person given (--person <handle>)')
  const rows = await deps.db
    .select({ id: people.id, handle: people.handle, displayName: people.displayName })
    .from(people)
    .where(sql`lower(${people.handle}) = ${wanted.toLowerCase()}`)
    .limit(5)
  const person = rows.find((r) => r.handle === wanted) ?? (rows.length === 1 ? rows[0] : undefined)
  if (!person) throw new FeedImportError('unknown_person', `no person has the handle "${wanted}"`)
  return person
}

/** The record of an item, or why it is left out. */
function toRecord(item: FeedItem, repository: string, person: { id: string; displayName: string }, now: Date): ContributionRecord | RejectedItem {
  const reject = (reason: string): RejectedItem => ({ title: item.title, link: item.link, reason })
  const externalId = (item.link ? normaliseItemLink(item.link) : null) ?? item.id?.trim().slice(0, MAX_ID) ?? null
  if (!externalId) return reject('no link and no id')
  if (!item.publishedAt) return reject('no readable publication date')
  if (item.publishedAt.getTime() > now.getTime() + FUTURE_GRACE_MS) return reject(`dated in the future (${item.publishedAt.toISOString()})`)
  return {
    kind: 'content_item',
    source: 'feed',
    repository,
    externalId,
    occurredAt: item.publishedAt,
    title: item.title ? item.title.slice(0, MAX_TITLE) : null,
    url: item.link,
    author: { personId: person.id, name: person.displayName },
  }
}

const isRejected = (r: ContributionRecord | RejectedItem): r is RejectedItem => 'reason' in r

const FEED_TYPES = /^application\/(?:rss|atom|rdf)\+xml$/i

/** The first feed an HTML page announces (`<link rel="alternate" type="application/rss+xml" href>`), absolute; null when none. */
export function announcedFeed(html: string, base: string): string | null {
  for (const tag of html.slice(0, 512 * 1024).matchAll(/<link\b[^>]*>/gi)) {
    const attrs: Record<string, string> = {}
    for (const m of tag[0].matchAll(/([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) attrs[m[1]!.toLowerCase()] = (m[2] ?? m[3] ?? m[4] ?? '').trim()
    if (!(attrs.rel ?? '').toLowerCase().split(/\s+/).includes('alternate') || !FEED_TYPES.test(attrs.type ?? '') || !attrs.href) continue
    try {
      const url = new URL(attrs.href.replace(/&amp;/gi, '&'), base)
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href
    } catch {
      // an unreadable href: look for another
    }
  }
  return null
}

/** Fetches a URL through safeFetch, turning every failure into a FeedImportError. */
async function fetchDocument(url: URL, fetchOptions: ImportFeedInput['fetch']) {
  let response
  try {
    response = await safeFetch(url, { ...fetchOptions, accept: FEED_ACCEPT })
  } catch (e) {
    if (e instanceof AddressRefusedError) throw new FeedImportError('refused', `${e.message}; feeds are fetched from public addresses only`)
    if (e instanceof SafeFetchError) throw new FeedImportError('fetch_failed', `could not fetch the feed: ${e.message}`)
    throw e
  }
  if (response.status < 200 || response.status > 299) {
    throw new FeedImportError('fetch_failed', `could not fetch the feed: HTTP ${response.status} from ${response.url}`)
  }
  return { response, text: decodeFeedBody(response.body, response.headers['content-type']) }
}

/**
 * Fetches and parses the feed, turning every failure into a FeedImportError; with `discover`, an HTML page
 * that announces a feed leads to that feed (one hop, checked as the first). `announced`: the feed read then.
 */
async function fetchFeed(url: URL, fetchOptions: ImportFeedInput['fetch'], discover = false) {
  const { response, text } = await fetchDocument(url, fetchOptions)
  try {
    return { feed: parseFeed(text, { baseUrl: response.url }), announced: undefined }
  } catch (e) {
    if (!(e instanceof NotAFeedError)) throw e
    const announced = discover ? announcedFeed(text, response.url) : null
    if (!announced) throw new FeedImportError('not_a_feed', `${e.message} (${response.url})${discover ? ', and it announces no feed' : ''}`)
    const second = await fetchDocument(checkFeedUrl(announced), fetchOptions)
    try {
      return { feed: parseFeed(second.text, { baseUrl: second.response.url }), announced }
    } catch (inner) {
      if (inner instanceof NotAFeedError) throw new FeedImportError('not_a_feed', `${inner.message} (${second.response.url}, announced by ${response.url})`)
      throw inner
    }
  }
}

/**
 * Imports a person's feed as their content items; re-importing stores nothing twice. Throws FeedImportError
 * for a bad URL, an unknown person, a refused address, a failed fetch or a document that is not a feed.
 */
export async function importFeed(deps: Pick<AppDeps, 'db' | 'clock'>, input: ImportFeedInput, io: CommandIO): Promise<FeedImportResult> {
  const url = checkFeedUrl(input.url)
  const person = await findPerson(deps, input.personHandle)
  const repository = feedRepository(url)
  const counts = noCounts()
  const run = await startImportRun(deps.db, 'feed', url.href)
  const recorded: RecordedFeedRun = { personId: person.id, ...(input.fromApplication ? { fromApplication: true as const } : {}) }
  try {
    await run.saveCursor({ ...recorded }, counts)
    io.progress?.(`feed ${url.href}: fetching`)
    const { feed, announced } = await fetchFeed(url, input.fetch, input.discover)
    if (announced) await run.saveCursor({ ...recorded, feedUrl: announced }, counts)
    counts.read = feed.items.length
    const now = deps.clock()
    const records: ContributionRecord[] = []
    const rejected: RejectedItem[] = []
    for (const item of feed.items) {
      const r = toRecord(item, repository, person, now)
      if (isRejected(r)) rejected.push(r)
      else records.push(r)
    }
    counts.rejected = rejected.length
    // Batches keep a large feed (2 MB of tiny items) within the database's limit on statement parameters.
    // The author is the person themselves, never a bot: nothing is dropped by the bot filter.
    for (let i = 0; i < records.length; i += BATCH) {
      const result = await ingestContributions(deps.db, records.slice(i, i + BATCH), { keepBots: true })
      counts.imported += result.inserted
      counts.duplicates += result.duplicates
      counts.bots += result.bots
    }
    await run.finish(counts)

    for (const r of rejected.slice(0, MAX_LISTED)) io.err(`rejected ${r.title ? JSON.stringify(r.title) : '(untitled)'}${r.link ? ` (${r.link})` : ''}: ${r.reason}`)
    if (rejected.length > MAX_LISTED) io.err(`… and ${rejected.length - MAX_LISTED} more rejected`)
    const videos = feed.items.filter((i) => i.kind === 'video').length
    const blogPosts = feed.items.length - videos
    const kinds = [videos ? `${videos} video${videos === 1 ? '' : 's'}` : '', blogPosts ? `${blogPosts} blog post${blogPosts === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ')
    io.out(`feed ${feed.title ? `"${feed.title}" ` : ''}(${repository}) for @${person.handle}${kinds ? `, ${kinds}` : ''}: ${describeCounts(counts)}`)
    return { counts, repository, feedTitle: feed.title, person, videos, blogPosts, rejected }
  } catch (e) {
    await run.finish(counts, e instanceof Error ? e.message : String(e))
    throw e
  }
}
