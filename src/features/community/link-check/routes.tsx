import { Hono } from 'hono'
import type { AppDeps } from '../../../deps.ts'
import type { AppEnv } from '../../../ui/env.ts'
import { loadProgramPage } from '../context.ts'
import { LinksPage } from '../views/links-page.tsx'
import { listCheckedLinks } from './queries.ts'
import { requestLinkCheck } from './jobs.ts'

/** The program's activity links as the daily check found them, and a check on request (managers). */
export function linkCheckRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.get('/c/:community/programs/:program/links', async (c) => {
    const loaded = await loadProgramPage(deps, c, { managersOnly: true })
    if (loaded.redirect) return loaded.redirect
    const { links, counts } = await listCheckedLinks(deps.db, loaded.program.id)
    return c.html(<LinksPage frame={loaded.frame} links={links} counts={counts} requested={c.req.query('requested') === '1'} />)
  })
  app.post('/c/:community/programs/:program/links/check', async (c) => {
    const loaded = await loadProgramPage(deps, c, { managersOnly: true })
    if (loaded.redirect) return loaded.redirect
    await requestLinkCheck(deps, loaded.program.id)
    return c.redirect(`/c/${c.req.param('community')}/programs/${c.req.param('program')}/links?requested=1`, 303)
  })
  return app
}
