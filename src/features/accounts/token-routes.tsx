import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import type { AppEnv } from '../../ui/env.ts'
import { t } from '../../ui/i18n.ts'
import { AppError } from '../../lib/errors.ts'
import { readStringFields } from '../../ui/read-form.ts'
import { MAX_ACTIVE_TOKENS, createApiToken, listApiTokens, revokeApiToken } from '../api/tokens.ts'
import { requireViewer, sessionMiddleware } from './middleware.ts'
import { blankTokenForm, parseTokenForm } from './token-form.ts'
import { TokensPage } from './views/tokens-page.tsx'

/**
 * The account's personal access tokens on the site: list, create (the value shown once, on the answer to the
 * form), revoke. The same use-cases as the JSON API's /api/v1/tokens.
 */
export function tokenRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.use('/account/tokens', sessionMiddleware(deps))
  app.use('/account/tokens/*', sessionMiddleware(deps))

  const render = async (c: Context<AppEnv>, personId: string, extra: Partial<Parameters<typeof TokensPage>[0]> = {}, status: 200 | 409 | 422 = 200) => {
    const tokens = await listApiTokens(deps, personId)
    const page = <TokensPage locale={c.get('locale')} csrf={c.get('csrfToken')} now={deps.clock()} tokens={tokens} form={blankTokenForm} {...extra} />
    // Signed-in pages are sent "private, no-store" (app.tsx): the page holding a new token's value is not kept.
    return c.html(page, status)
  }

  app.get('/account/tokens', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const notice = c.req.query('revoked') === '1' ? t(c.get('locale'), 'tokens.revoked') : undefined
    return render(c, viewer.personId, { notice })
  })

  app.post('/account/tokens', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const locale = c.get('locale')
    const fields = await readStringFields(c)
    const typed = { name: (fields.name ?? '').slice(0, 200), days: (fields.days ?? '').slice(0, 20), scope: fields.scope ?? '' }
    const parsed = parseTokenForm(locale, fields)
    if (!parsed.ok) return render(c, viewer.personId, { form: typed, errors: parsed.errors }, 422)
    const { name, days, scope } = parsed.value
    try {
      const created = await createApiToken(deps, viewer.personId, name, days, scope)
      return render(c, viewer.personId, { created: { name: created.name, token: created.token } })
    } catch (err) {
      if (err instanceof AppError && err.code === 'conflict') return render(c, viewer.personId, { form: typed, error: t(locale, 'tokens.error.tooMany', { max: MAX_ACTIVE_TOKENS }) }, 409)
      throw err
    }
  })

  app.post('/account/tokens/:id/revoke', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    try {
      await revokeApiToken(deps, viewer.personId, c.req.param('id'))
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') throw new AppError('not_found', err.message, {}, { key: 'tokens.error.notFound' })
      throw err
    }
    return c.redirect('/account/tokens?revoked=1', 303)
  })

  return app
}
