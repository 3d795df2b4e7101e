import { Hono } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { namedLocale, t } from '../../ui/i18n.ts'
import { requestLocale, sendCachedPage } from '../../ui/respond.ts'
import { findCommunity } from '../programs/queries.ts'
import { pageOwnQuery } from '../../lib/site-query.ts'
import { directoryQueryMessages, directoryQuerySchema, withoutEmpty } from './forms.ts'
import { directoryFacets, getPublicProfile, searchDirectory } from './queries.ts'
import { DirectoryPage } from './views/directory-page.tsx'
import { ProfilePage } from './views/profile-page.tsx'

/** The ambassador directory and public profiles. */
export function peopleRoutes(deps: AppDeps) {
  const app = new Hono()

  app.get('/c/:community/ambassadors', (c) => {
    const parsed = directoryQuerySchema.safeParse(withoutEmpty(pageOwnQuery(c.req.query())))
    if (!parsed.success) {
      const { message, fields } = directoryQueryMessages(requestLocale(c), parsed.error.issues)
      throw new AppError('bad_request', message, fields)
    }
    return sendCachedPage(c, deps, async (locale) => {
      const community = await findCommunity(deps.db, c.req.param('community'))
      if (!community) throw new AppError('not_found', t(locale, 'communityPage.notFound', { community: c.req.param('community') }))
      const now = deps.clock()
      const [result, facets] = await Promise.all([
        searchDirectory(deps.db, community.id, parsed.data, now),
        directoryFacets(deps.db, community.id),
      ])
      return <DirectoryPage community={community} query={parsed.data} entries={result.entries} total={result.total} facets={facets} locale={locale} lang={namedLocale(c.req.query('lang'))} />
    })
  })

  app.get('/people/:handle', (c) =>
    sendCachedPage(c, deps, async (locale) => {
      const profile = await getPublicProfile(deps.db, c.req.param('handle'), deps.clock())
      if (!profile) throw new AppError('not_found', t(locale, 'profile.notFound'))
      return <ProfilePage person={profile.person} terms={profile.terms} locale={locale} />
    }),
  )

  return app
}
