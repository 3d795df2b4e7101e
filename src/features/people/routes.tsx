import { Hono } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { sendCachedPage } from '../../ui/respond.ts'
import { findCommunity } from '../programs/queries.ts'
import { pageOwnQuery } from '../../lib/site-query.ts'
import { directoryQuerySchema, withoutEmpty } from './forms.ts'
import { directoryFacets, getPublicProfile, searchDirectory } from './queries.ts'
import { DirectoryPage } from './views/directory-page.tsx'
import { ProfilePage } from './views/profile-page.tsx'

/** The ambassador directory and public profiles. */
export function peopleRoutes(deps: AppDeps) {
  const app = new Hono()

  app.get('/c/:community/ambassadors', (c) => {
    const parsed = directoryQuerySchema.safeParse(withoutEmpty(pageOwnQuery(c.req.query())))
    if (!parsed.success) {
      const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'query'), i.message]))
      const unknown = parsed.error.issues.find((i) => i.code === 'unrecognized_keys')
      const message = unknown
        ? `Unknown search parameter: ${(unknown as { keys: string[] }).keys.join(', ')}. Use q, cohort, region, status or page.`
        : parsed.error.issues.map((i) => i.message).join('; ')
      throw new AppError('bad_request', message, fields)
    }
    return sendCachedPage(c, deps, async () => {
      const community = await findCommunity(deps.db, c.req.param('community'))
      if (!community) throw new AppError('not_found', `There is no community called “${c.req.param('community')}” here.`)
      const now = deps.clock()
      const [result, facets] = await Promise.all([
        searchDirectory(deps.db, community.id, parsed.data, now),
        directoryFacets(deps.db, community.id),
      ])
      return <DirectoryPage community={community} query={parsed.data} entries={result.entries} total={result.total} facets={facets} />
    })
  })

  app.get('/people/:handle', (c) =>
    sendCachedPage(c, deps, async () => {
      const profile = await getPublicProfile(deps.db, c.req.param('handle'), deps.clock())
      if (!profile) throw new AppError('not_found', 'There is no person with that profile address.')
      return <ProfilePage person={profile.person} terms={profile.terms} />
    }),
  )

  return app
}
