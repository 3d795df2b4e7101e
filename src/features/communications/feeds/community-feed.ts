import { asc, eq } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { renderMarkdown } from '../../../lib/markdown.ts'
import { renderAtom } from '../../announcements/atom.ts'
import { listProgramNews } from '../../announcements/queries.ts'
import { programs } from '../../programs/schema.ts'
import type { Community } from '../../programs/queries.ts'

/** The Atom feed of a community: the published announcements of all its programs, newest first. */
export async function communityFeed(db: Db, community: Community, baseUrl: string): Promise<string> {
  const programRows = await db.select({ id: programs.id, slug: programs.slug, name: programs.name, updatedAt: programs.updatedAt }).from(programs).where(eq(programs.communityId, community.id)).orderBy(asc(programs.slug))
  const news = (await Promise.all(programRows.map(async (p) => (await listProgramNews(db, p.id)).map((item) => ({ program: p, item }))))).flat()
  news.sort((a, b) => b.item.publishedAt.getTime() - a.item.publishedAt.getTime())
  const communityUrl = `${baseUrl}/c/${community.slug}`
  const fallback = programRows.reduce((max, p) => (p.updatedAt > max ? p.updatedAt : max), community.updatedAt)
  return renderAtom({
    selfUrl: `${communityUrl}/news.atom`,
    pageUrl: communityUrl,
    title: `${community.name} · announcements`,
    subtitle: community.tagline || community.name,
    author: community.name,
    fallbackUpdated: fallback,
    entries: news.map(({ program, item }) => ({
      url: `${communityUrl}/programs/${program.slug}/news/${item.cohortSlug}`,
      title: `${program.name}: ${item.title}`,
      published: item.publishedAt,
      html: renderMarkdown(item.introMd),
    })),
  })
}
