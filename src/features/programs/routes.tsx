import { Hono } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { themeStylesheet } from '../../ui/assets.ts'
import { t, type Locale } from '../../ui/i18n.ts'
import { requestLocale, sendCachedPage } from '../../ui/respond.ts'
import { findCommunity, getCommunityHome, getProgramPage, listCommunities } from './queries.ts'
import { CommunityPage, HomePage } from './views/community-page.tsx'
import { ProgramPage } from './views/program-page.tsx'
import { z } from 'zod'
import { pageOwnQuery } from '../../lib/site-query.ts'

const programQuery = z
  .object({ cohort: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/).optional() })
  .strict()

/** Why the program page's query was refused, in `locale`. */
function programQueryMessage(locale: Locale, issues: z.core.$ZodIssue[]): string {
  return issues
    .map((i) => (i.code === 'unrecognized_keys' ? t(locale, 'program.unknownParameter', { keys: i.keys.join(', ') }) : t(locale, 'program.badCohort')))
    .join('; ')
}

/** Public pages of communities and programs. */
export function programRoutes(deps: AppDeps) {
  const app = new Hono()

  app.get('/', (c) => sendCachedPage(c, deps, async (locale) => <HomePage communities={await listCommunities(deps.db)} locale={locale} />))

  app.get('/c/:community', (c) =>
    sendCachedPage(c, deps, async (locale) => {
      const home = await getCommunityHome(deps.db, c.req.param('community'))
      if (!home) throw new AppError('not_found', t(locale, 'communityPage.notFound', { community: c.req.param('community') }))
      return <CommunityPage community={home.community} programs={home.programs} locale={locale} />
    }),
  )

  app.get('/c/:community/theme.css', async (c) => {
    const community = await findCommunity(deps.db, c.req.param('community'))
    if (!community) throw new AppError('not_found', 'No such community.')
    return c.body(themeStylesheet(community.primaryColor, community.accentColor), 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
    })
  })

  app.get('/c/:community/programs/:program', (c) => {
    const parsed = programQuery.safeParse(pageOwnQuery(c.req.query()))
    if (!parsed.success) throw new AppError('bad_request', programQueryMessage(requestLocale(c), parsed.error.issues))
    return sendCachedPage(c, deps, async (locale) => {
      const { community: cSlug, program: pSlug } = c.req.param()
      const page = await getProgramPage(deps.db, cSlug, pSlug, parsed.data.cohort || undefined)
      if (!page) throw new AppError('not_found', t(locale, 'program.notFound', { program: pSlug, community: cSlug }))
      if (page.missingCohort !== undefined) {
        throw new AppError('not_found', t(locale, 'program.noCohort', { program: page.program.name, cohort: page.missingCohort }))
      }
      return <ProgramPage {...page} now={deps.clock()} baseUrl={deps.config.baseUrl} locale={locale} />
    })
  })

  return app
}
