import { asc, eq } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { xmlEscape } from '../../announcements/atom.ts'
import { communities, programs } from '../../programs/schema.ts'

/** The public pages of the deployment as a sitemap (sitemaps.org 0.9): communities, programs, their news, comments and contact pages, directories. */
export async function sitemap(db: Db, baseUrl: string): Promise<string> {
  const rows = await db
    .select({ community: communities.slug, communityUpdated: communities.updatedAt, program: programs.slug, programUpdated: programs.updatedAt })
    .from(communities)
    .leftJoin(programs, eq(programs.communityId, communities.id))
    .orderBy(asc(communities.slug), asc(programs.slug))
  const urls: { loc: string; lastmod?: Date }[] = [{ loc: `${baseUrl}/` }]
  const seen = new Set<string>()
  for (const r of rows) {
    if (!seen.has(r.community)) {
      seen.add(r.community)
      urls.push({ loc: `${baseUrl}/c/${r.community}`, lastmod: r.communityUpdated }, { loc: `${baseUrl}/c/${r.community}/ambassadors` })
    }
    if (r.program) {
      const p = `${baseUrl}/c/${r.community}/programs/${r.program}`
      urls.push({ loc: p, lastmod: r.programUpdated ?? undefined }, { loc: `${p}/news` }, { loc: `${p}/comments` }, { loc: `${p}/contact` })
    }
  }
  const body = urls.map((u) => `  <url><loc>${xmlEscape(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod.toISOString().slice(0, 10)}</lastmod>` : ''}</url>`).join('\n')
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</urlset>\n`
}
