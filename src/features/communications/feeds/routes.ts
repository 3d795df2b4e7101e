import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../../deps.ts'
import { AppError } from '../../../lib/errors.ts'
import { etagMatches, etagOf } from '../../../ui/page-cache.ts'
import { findCommunity, findProgram } from '../../programs/queries.ts'
import { communityFeed } from './community-feed.ts'
import { programCalendar } from './program-calendar.ts'
import { sitemap } from './sitemap.ts'
import { ogCardPng } from './og-card.ts'

/** A public document with an ETag (304 when the client has it). */
function sendDocument(c: Context, body: string, contentType: string) {
  const etag = etagOf(body)
  const headers = { ETag: etag, 'Cache-Control': 'public, max-age=300' }
  if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers)
  return c.body(body, 200, { ...headers, 'Content-Type': contentType })
}

/** The program calendar (iCalendar), the community announcements feed (Atom) and the sitemap. */
export function feedRoutes(deps: AppDeps) {
  const app = new Hono()
  app.get('/c/:community/programs/:program/calendar.ics', async (c) => {
    const found = await findProgram(deps.db, c.req.param('community'), c.req.param('program'))
    if (!found) throw new AppError('not_found', 'There is no such program.')
    const pageUrl = `${deps.config.baseUrl}/c/${found.community.slug}/programs/${found.program.slug}`
    return sendDocument(c, await programCalendar(deps.db, found.program, pageUrl, found.program.updatedAt), 'text/calendar; charset=utf-8')
  })
  app.get('/c/:community/news.atom', async (c) => {
    const community = await findCommunity(deps.db, c.req.param('community'))
    if (!community) throw new AppError('not_found', 'There is no such community.')
    return sendDocument(c, await communityFeed(deps.db, community, deps.config.baseUrl), 'application/atom+xml; charset=utf-8')
  })
  // The OpenGraph image of the program and its announcements: a card drawn once per wording, then served from memory.
  app.get('/c/:community/programs/:program/og.png', async (c) => {
    const found = await findProgram(deps.db, c.req.param('community'), c.req.param('program'))
    if (!found) throw new AppError('not_found', 'There is no such program.')
    const { png, etag } = ogCardPng({ community: found.community.name, title: found.program.name, summary: found.program.summary, colour: found.community.primaryColor })
    const headers = { ETag: etag, 'Cache-Control': 'public, max-age=3600' }
    if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers)
    return c.body(new Uint8Array(png), 200, { ...headers, 'Content-Type': 'image/png' })
  })
  app.get('/sitemap.xml', async (c) => sendDocument(c, await sitemap(deps.db, deps.config.baseUrl), 'application/xml; charset=utf-8'))
  app.get('/robots.txt', (c) => c.text(`User-agent: *\nDisallow: /admin\nDisallow: /api/\nSitemap: ${deps.config.baseUrl}/sitemap.xml\n`))
  return app
}
