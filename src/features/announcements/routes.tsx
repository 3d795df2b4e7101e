import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { renderMarkdown } from '../../lib/markdown.ts'
import { isUuid } from '../../lib/ids.ts'
import { isStorableText } from '../../lib/text.ts'
import type { AppEnv } from '../../ui/env.ts'
import { isMessageKey, t, type Locale } from '../../ui/i18n.ts'
import { etagMatches, etagOf } from '../../ui/page-cache.ts'
import { sendCachedPage } from '../../ui/respond.ts'
import { requireViewer, sessionMiddleware } from '../accounts/middleware.ts'
import { findProgram } from '../programs/queries.ts'
import { renderAtom } from './atom.ts'
import { describeInstant } from './offers.ts'
import { offerTokenValid } from './offer-links.ts'
import { getAnnouncementPage, getOffer, listProgramNews, pendingOffersOf } from './queries.ts'
import { respondToOffer, type OfferAnswer } from './respond-to-offer.ts'
import { AnnouncementPage, NewsPage } from './views/announcement-page.tsx'
import { OfferListPage, OfferPage } from './views/offer-page.tsx'

/** Public news (announcement pages, the list, the Atom feed) and the page where selected applicants answer their offer. */
export function announcementRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const base = deps.config.baseUrl.replace(/\/$/, '')

  async function programOr404(c: Context, locale: Locale = 'en') {
    const found = await findProgram(deps.db, c.req.param('community')!, c.req.param('program')!)
    if (!found) throw new AppError('not_found', t(locale, 'news.noProgram'))
    return found
  }

  app.get('/c/:community/programs/:program/news', (c) =>
    sendCachedPage(c, deps, async (locale) => {
      const found = await programOr404(c, locale)
      const items = await listProgramNews(deps.db, found.program.id)
      return <NewsPage community={found.community} program={found.program} items={items} locale={locale} canonical={`${base}/c/${found.community.slug}/programs/${found.program.slug}/news`} />
    }),
  )

  app.get('/c/:community/programs/:program/news.atom', async (c) => {
    const found = await programOr404(c)
    const items = await listProgramNews(deps.db, found.program.id)
    const programUrl = `${base}/c/${found.community.slug}/programs/${found.program.slug}`
    const xml = renderAtom({
      selfUrl: `${programUrl}/news.atom`,
      pageUrl: `${programUrl}/news`,
      title: `${found.program.name} · ${found.community.name}`,
      subtitle: found.program.summary || found.program.name,
      author: found.community.name,
      fallbackUpdated: found.program.updatedAt,
      entries: items.map((i) => ({ url: `${programUrl}/news/${i.cohortSlug}`, title: i.title, published: i.publishedAt, html: renderMarkdown(i.introMd) })),
    })
    const etag = etagOf(xml)
    const headers = { ETag: etag, 'Cache-Control': 'public, max-age=300' }
    if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers)
    return c.body(xml, 200, { ...headers, 'Content-Type': 'application/atom+xml; charset=utf-8' })
  })

  app.get('/c/:community/programs/:program/news/:cohort', (c) =>
    sendCachedPage(c, deps, async (locale) => {
      const { community, program, cohort } = c.req.param()
      const page = await getAnnouncementPage(deps.db, community, program, cohort)
      if (!page) throw new AppError('not_found', t(locale, 'news.noAnnouncement'))
      return (
        <AnnouncementPage
          community={page.community}
          program={page.program}
          cohort={page.cohort}
          announcement={page.announcement}
          ambassadors={page.ambassadors}
          locale={locale}
          canonical={`${base}/c/${community}/programs/${program}/news/${cohort}`}
        />
      )
    }),
  )

  app.use('/offers/*', sessionMiddleware(deps))
  app.use('/offers', sessionMiddleware(deps))

  app.get('/offers', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const locale = c.get('locale')
    const offers = await pendingOffersOf(deps.db, viewer.personId)
    return c.html(<OfferListPage locale={locale} offers={offers.map((o) => ({ id: o.id, cohortTitle: o.cohortTitle, respondBy: describeInstant(locale, o.respondBy, o.timeZone) }))} />)
  })

  /** The offer behind the URL, if the visitor may answer it: the signed-in applicant, or the email link's reader. */
  async function loadOffer(c: Context<AppEnv>, token: string | undefined) {
    const id = c.req.param('id')!
    const row = isUuid(id) ? await getOffer(deps.db, id) : undefined
    const viewer = c.get('viewer')
    const mayAnswer = row && (offerTokenValid(deps.secretKey, row.offer.id, token) || viewer?.personId === row.offer.personId)
    if (!row || !mayAnswer) {
      if (!viewer && !token) return { redirect: c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303) } as const
      throw new AppError('not_found', t(c.get('locale'), 'offer.invalidLink'))
    }
    return { row, viaToken: viewer?.personId !== row.offer.personId } as const
  }

  async function renderOffer(c: Context<AppEnv>, row: NonNullable<Awaited<ReturnType<typeof getOffer>>>, token: string, notice?: string, status: 200 | 409 | 422 = 200, error?: string) {
    const locale = c.get('locale')
    return c.html(
      <OfferPage
        locale={locale}
        csrf={c.get('csrfToken')}
        offerId={row.offer.id}
        token={token}
        name={row.displayName}
        program={row.programName}
        cohort={row.cohortTitle}
        status={row.offer.status}
        respondBy={describeInstant(locale, row.offer.respondBy, row.timeZone)}
        open={row.offer.respondBy.getTime() > deps.clock().getTime()}
        withdrawn={row.applicationStatus === 'withdrawn'}
        notice={notice}
        error={error}
      />,
      status,
    )
  }

  app.get('/offers/:id', async (c) => {
    const token = c.req.query('token')
    const loaded = await loadOffer(c, token)
    if (loaded.redirect) return loaded.redirect
    return renderOffer(c, loaded.row, loaded.viaToken ? (token ?? '') : '')
  })

  for (const answer of ['confirm', 'decline'] as const satisfies OfferAnswer[]) {
    app.post(`/offers/:id/${answer}`, async (c) => {
      const body = await c.req.parseBody()
      const token = typeof body.token === 'string' && body.token ? body.token : undefined
      const loaded = await loadOffer(c, token)
      if (loaded.redirect) return loaded.redirect
      const { row } = loaded
      // The form's only field is the link's signature (hidden): one holding a NUL character (a broken or forged
      // form; only the signed-in applicant gets this far with it, as it is no valid signature) is refused above
      // the answer buttons, in the page's language, and nothing is answered.
      if (token !== undefined && !isStorableText(token)) return renderOffer(c, row, '', undefined, 422, t(c.get('locale'), 'error.nul'))
      try {
        await respondToOffer(deps, row.offer.id, answer, { personId: row.offer.personId, actor: c.get('viewer')?.personId ?? row.offer.personId })
      } catch (err) {
        if (err instanceof AppError && err.code === 'conflict') {
          const notice = err.say && isMessageKey(err.say.key) ? t(c.get('locale'), err.say.key, err.say.vars) : err.message
          return renderOffer(c, (await getOffer(deps.db, row.offer.id))!, loaded.viaToken ? (token ?? '') : '', notice, 409)
        }
        throw err
      }
      const after = (await getOffer(deps.db, row.offer.id))!
      return renderOffer(c, after, '', undefined)
    })
  }

  return app
}
