import { Hono } from 'hono'
import type { AppDeps } from '../../deps.ts'
import type { AppEnv } from '../../ui/env.ts'
import { isMessageKey, t } from '../../ui/i18n.ts'
import { AppError } from '../../lib/errors.ts'
import { clearSessionCookie, requireViewer, sessionMiddleware } from '../accounts/middleware.ts'
import { exportPersonalData } from './export-personal-data.ts'
import { erasePerson } from './erase-person.ts'
import { AccountDeletedPage, DeleteAccountPage } from './views/delete-account-page.tsx'

/** A person's own data: download it all as JSON, or delete the account. */
export function privacyRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.use('/account/data', sessionMiddleware(deps))
  app.use('/account/delete', sessionMiddleware(deps))

  app.get('/account/data', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const data = await exportPersonalData(deps.db, viewer.personId, deps.clock())
    const day = deps.clock().toISOString().slice(0, 10)
    return c.body(JSON.stringify(data, null, 2), 200, {
      'Content-Type': 'application/json; charset=UTF-8',
      'Content-Disposition': `attachment; filename="embassy-personal-data-${day}.json"`,
    })
  })

  app.get('/account/delete', (c) => {
    const { redirect } = requireViewer(c)
    if (redirect) return redirect
    return c.html(<DeleteAccountPage locale={c.get('locale')} csrf={c.get('csrfToken')} />)
  })

  app.post('/account/delete', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const body = await c.req.parseBody()
    const locale = c.get('locale')
    if (body.confirm !== 'DELETE') {
      const typed = typeof body.confirm === 'string' ? body.confirm.slice(0, 100) : ''
      return c.html(<DeleteAccountPage locale={locale} csrf={c.get('csrfToken')} value={typed} error={t(locale, 'privacy.delete.mustConfirm')} />, 422)
    }
    try {
      await erasePerson(deps, viewer.personId, viewer.personId)
    } catch (err) {
      // The only admin: said on the page, in the page's language; nothing was erased.
      if (err instanceof AppError && err.code === 'conflict' && err.say && isMessageKey(err.say.key)) {
        return c.html(<DeleteAccountPage locale={locale} csrf={c.get('csrfToken')} refusal={t(locale, err.say.key, err.say.vars)} />, 409)
      }
      throw err
    }
    deps.pageCache.clear()
    clearSessionCookie(c)
    return c.html(<AccountDeletedPage locale={locale} />)
  })

  return app
}
