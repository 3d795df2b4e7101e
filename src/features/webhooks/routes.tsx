import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import type { AppEnv } from '../../ui/env.ts'
import { refuseUnstorableText } from '../../ui/read-form.ts'
import { AppError } from '../../lib/errors.ts'
import { addWebhook, deleteWebhook, listWebhooks, sendTestWebhook, setWebhookEnabled } from './manage-webhooks.ts'
import { WebhooksPage } from './views/webhooks-page.tsx'
import { managedProgram } from '../admin/managed.ts'
import { sessionMiddleware } from '../accounts/middleware.ts'
import { localizeError } from '../admin/localize-message.ts'
import { t } from '../../ui/i18n.ts'

/** The managers' page of a program's outgoing webhooks: add, disable, delete, send a test, see deliveries. */
export function webhookRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const base = '/admin/c/:community/programs/:program/webhooks'
  app.use(base, sessionMiddleware(deps))
  app.use(`${base}/*`, sessionMiddleware(deps))

  async function managed(c: Context<AppEnv>) {
    const found = await managedProgram(c, deps.db)
    return found.redirect ? found : ({ ...found, path: `/admin/c/${found.community.slug}/programs/${found.program.slug}/webhooks` } as const)
  }

  type Over = { values?: Record<string, string>; errors?: Record<string, string>; notice?: string; secret?: string }
  const page = async (c: Context<AppEnv>, m: { path: string; program: { id: string; name: string } }, over: Over = {}, status: 200 | 422 = 200) =>
    c.html(<WebhooksPage locale={c.get('locale')} base={m.path} csrf={c.get('csrfToken')} programName={m.program.name} hooks={await listWebhooks(deps.db, m.program.id)} values={over.values ?? {}} errors={over.errors ?? {}} notice={over.notice} secret={over.secret} />, status)

  const field = async (c: Context) => {
    const body = await c.req.parseBody()
    return (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '')
  }

  app.get(base, async (c) => {
    const m = await managed(c)
    if (m.redirect) return m.redirect
    return page(c, m)
  })
  app.post(base, async (c) => {
    const m = await managed(c)
    if (m.redirect) return m.redirect
    const f = await field(c)
    const values = { url: f('url'), kind: f('kind') }
    const locale = c.get('locale')
    try {
      refuseUnstorableText(values, locale)
      const { secret } = await addWebhook(deps, { programId: m.program.id, ...values, actor: m.viewer.personId })
      return page(c, m, { notice: t(locale, 'adminProgram.hooks.added'), secret })
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation') return page(c, m, { values, errors: localizeError(locale, err).fields }, 422)
      throw err
    }
  })
  app.post(`${base}/:id`, async (c) => {
    const m = await managed(c)
    if (m.redirect) return m.redirect
    const f = await field(c)
    const id = c.req.param('id')
    const action = f('action')
    const input = { programId: m.program.id, id, actor: m.viewer.personId }
    const locale = c.get('locale')
    try {
      if (action === 'disable' || action === 'enable') await setWebhookEnabled(deps, { ...input, enabled: action === 'enable' })
      else if (action === 'delete') await deleteWebhook(deps, input)
      else if (action === 'test') await sendTestWebhook(deps, input)
      else throw new AppError('validation', t(locale, 'adminProgram.hooks.unknownAction'))
    } catch (err) {
      // The use-cases speak English; their refusals become error pages in the page's language.
      throw err instanceof AppError ? localizeError(locale, err) : err
    }
    const notice = t(locale, ({ disable: 'adminProgram.hooks.disabledNotice', enable: 'adminProgram.hooks.enabledNotice', delete: 'adminProgram.hooks.deletedNotice', test: 'adminProgram.hooks.testNotice' } as const)[action])
    return page(c, m, { notice })
  })
  return app
}
