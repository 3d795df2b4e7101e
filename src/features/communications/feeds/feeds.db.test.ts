import { beforeAll, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import ICAL from 'ical.js'
import { XMLParser } from 'fast-xml-parser'
import { describeDb } from '../../../../tests/support/db.ts'
import { makeCommunity } from '../../../../tests/support/factories.ts'
import { createApp } from '../../../app.tsx'
import { announcements } from '../../announcements/schema.ts'
import { cohortPhases } from '../../programs/schema.ts'

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' })

describeDb('program calendar, community feed and sitemap, read by independent parsers', (ctx) => {
  let app: ReturnType<typeof createApp>
  let c: Awaited<ReturnType<typeof makeCommunity>>
  beforeAll(async () => {
    const deps = ctx()
    app = createApp(deps)
    c = await makeCommunity(deps.db)
  })

  it('the program calendar parses with ical.js: one event per phase, at the instants of the cohort calendar, in its zone', async () => {
    const res = await app.request(`/c/${c.slug}/programs/ambassadors/calendar.ics`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    const text = await res.text()
    const calendar = new ICAL.Component(ICAL.parse(text))
    for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz))
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
    const phases = await ctx().db.select().from(cohortPhases).where(eq(cohortPhases.cohortId, c.cohort!.cohortId))
    expect(events.map((e) => e.summary).sort()).toEqual(['Applications · Ambassadors 2025', 'Term · Ambassadors 2025'])
    for (const phase of phases) {
      const event = events.find((e) => e.summary.startsWith(phase.label))!
      expect(event.startDate.zone.tzid).toBe('Asia/Shanghai')
      expect(event.startDate.toJSDate().toISOString()).toBe(phase.startsAt.toISOString())
      expect(event.endDate.toJSDate().toISOString()).toBe(phase.endsAt!.toISOString())
    }
    const again = await app.request(`/c/${c.slug}/programs/ambassadors/calendar.ics`, { headers: { 'if-none-match': res.headers.get('etag')! } })
    expect(again.status).toBe(304)
  })

  it('the community feed is Atom that fast-xml-parser reads, with every program’s published announcements and nothing unpublished', async () => {
    const deps = ctx()
    await deps.db.insert(announcements).values([
      { cohortId: c.cohort!.cohortId, title: 'Welcome, ambassadors of 2025 <&>', introMd: 'We are **happy**.', scheduledFor: new Date('2025-04-20T02:00:00Z'), respondBy: new Date('2025-04-27T02:00:00Z'), publishedAt: new Date('2025-04-20T02:00:00Z') },
    ])
    const other = await makeCommunity(deps.db)
    await deps.db.insert(announcements).values({ cohortId: other.cohort!.cohortId, title: 'Not this community', introMd: '', scheduledFor: new Date('2025-04-21T00:00:00Z'), respondBy: new Date('2025-04-28T00:00:00Z'), publishedAt: new Date('2025-04-21T00:00:00Z') })
    const res = await app.request(`/c/${c.slug}/news.atom`)
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8')
    const feed = xml.parse(await res.text()).feed
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom')
    const entries = [feed.entry].flat()
    expect(entries).toHaveLength(1)
    expect(entries[0].title['#text']).toBe('Test Ambassador Program: Welcome, ambassadors of 2025 <&>')
    expect(entries[0].link['@href']).toBe(`http://embassy.test/c/${c.slug}/programs/ambassadors/news/2025`)
    expect(entries[0].content['#text']).toContain('<strong>happy</strong>')
    expect(feed.updated).toBe('2025-04-20T02:00:00Z')
    expect((await app.request('/c/no-such-community/news.atom')).status).toBe(404)
  })

  it('the sitemap lists public pages only, as sitemaps.org XML', async () => {
    const res = await app.request('/sitemap.xml')
    const set = xml.parse(await res.text()).urlset
    const locs: string[] = [set.url].flat().map((u: { loc: string }) => u.loc)
    expect(locs).toEqual(expect.arrayContaining(['http://embassy.test/', `http://embassy.test/c/${c.slug}`, `http://embassy.test/c/${c.slug}/programs/ambassadors`, `http://embassy.test/c/${c.slug}/programs/ambassadors/comments`]))
    expect(locs.some((l) => l.includes('/admin') || l.includes('/api/'))).toBe(false)
    expect(await (await app.request('/robots.txt')).text()).toContain('Sitemap: http://embassy.test/sitemap.xml')
  })
})
