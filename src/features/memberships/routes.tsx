import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import type { AppEnv } from '../../ui/env.ts'
import { requireViewer, sessionMiddleware } from '../accounts/middleware.ts'
import { chooseCohort, findApplication, getApplyContext } from '../applications/queries.ts'
import { windowClosedMessage } from '../applications/save-application.ts'
import { t } from '../../ui/i18n.ts'
import { currentTermBefore, renewApplication } from './renew-application.ts'
import { RenewPage } from './views/renew-page.tsx'

/** Renewal: a current ambassador starts next year's application with last year's filled in. */
export function membershipRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const path = '/c/:community/programs/:program/renew'
  app.use(path, sessionMiddleware(deps))

  async function load(c: Context<AppEnv>) {
    const ctx = await getApplyContext(deps.db, c.req.param('community')!, c.req.param('program')!)
    if (!ctx) throw new AppError('not_found', 'There is no such program.')
    const { entry, state } = chooseCohort(ctx.cohortWindows, deps.clock())
    return { ctx, entry, state }
  }

  app.get(path, async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const locale = c.get('locale')
    const { ctx, entry, state } = await load(c)
    const props = { locale, csrf: c.get('csrfToken'), community: ctx.community, program: ctx.program, cohortTitle: entry?.cohort.title ?? '', action: c.req.path }
    if (!entry || state !== 'open') return c.html(<RenewPage {...props} nextYearInRow={1} message={(entry && windowClosedMessage(entry.cohort, entry.window, deps.clock(), locale)) ?? t(locale, 'apply.notScheduled')} />, 409)
    const term = await currentTermBefore(deps.db, viewer.personId, ctx.program.id, entry.cohort.year)
    if (!term) return c.html(<RenewPage {...props} nextYearInRow={1} message={t(locale, 'renew.notAmbassador')} />, 403)
    if (await findApplication(deps.db, entry.cohort.id, viewer.personId)) return c.redirect(`/c/${ctx.community.slug}/programs/${ctx.program.slug}/apply`, 303)
    return c.html(<RenewPage {...props} nextYearInRow={term.consecutiveYears + 1} />)
  })

  app.post(path, async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const { ctx, entry, state } = await load(c)
    const applyPath = `/c/${ctx.community.slug}/programs/${ctx.program.slug}/apply`
    if (!entry || state !== 'open') throw new AppError('conflict', (entry && windowClosedMessage(entry.cohort, entry.window, deps.clock(), c.get('locale'))) ?? t(c.get('locale'), 'apply.notScheduled'))
    try {
      await renewApplication(deps, { community: ctx.community, program: ctx.program, requirements: ctx.requirements, questions: ctx.questions, cohort: entry.cohort, window: entry.window }, viewer.personId, c.get('locale'))
    } catch (err) {
      // Started already (a double click, another tab): the form shows it.
      if (err instanceof AppError && err.code === 'conflict') return c.redirect(applyPath, 303)
      throw err
    }
    return c.redirect(applyPath, 303)
  })

  return app
}
