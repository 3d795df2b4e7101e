import { Hono, type Context, type MiddlewareHandler } from 'hono'
import type { AppDeps } from '../../deps.ts'
import type { AppEnv } from '../../ui/env.ts'
import { AppError } from '../../lib/errors.ts'
import { locales, t, type Locale } from '../../ui/i18n.ts'
import { sessionMiddleware } from '../accounts/middleware.ts'
import { acceptsNotices, addressOfToken, setNoticePreference } from './mail-preferences.ts'
import { renderTemplateText, templateWording } from './render-email.ts'
import { checkTemplateForm, resetMailTemplate, saveMailTemplate } from './save-mail-template.ts'
import { isProgramTemplateKey, mailTemplates } from './templates/catalogue.ts'
import { maskAddress, PreferencesPage } from './views/preferences-page.tsx'
import { TemplateEditPage, TemplateListPage } from './views/template-pages.tsx'
import { managedProgram } from '../admin/managed.ts'
import { refuseUnstorableText } from '../../ui/read-form.ts'

const formString = async (c: Context) => {
  const body = await c.req.parseBody()
  return (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined)
}

/** Mail preferences (signed links), one-click unsubscribe, and the program managers' mail template pages. */
export function communicationRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  // RFC 8058 one-click: the mailbox provider POSTs without cookies, so there is no CSRF token; the signed token is the authority.
  app.post('/mail/unsubscribe', async (c) => {
    const address = addressOfToken(deps.secretKey, c.req.query('token') ?? '')
    if (!address) throw new AppError('bad_request', 'This unsubscribe link is not valid.')
    await setNoticePreference(deps, address, false, 'one-click')
    return c.text('Unsubscribed from news and notices. / 已退订新闻与通知。\n')
  })
  // A GET never unsubscribes (mail scanners open links): it leads to the page with the choice.
  app.get('/mail/unsubscribe', (c) => c.redirect(`/mail/preferences?token=${encodeURIComponent(c.req.query('token') ?? '')}`, 303))

  app.use('/mail/preferences', sessionMiddleware(deps))
  app.get('/mail/preferences', async (c) => {
    const locale = c.get('locale')
    const token = c.req.query('token') ?? ''
    const address = addressOfToken(deps.secretKey, token)
    if (!address) throw new AppError('not_found', t(locale, 'mailPrefs.invalid'))
    const notices = await acceptsNotices(deps.db, address)
    return c.html(<PreferencesPage locale={locale} csrf={c.get('csrfToken')} token={token} maskedAddress={maskAddress(address)} notices={notices} />)
  })
  app.post('/mail/preferences', async (c) => {
    const locale = c.get('locale')
    const field = await formString(c)
    const token = field('token') ?? ''
    const address = addressOfToken(deps.secretKey, token)
    if (!address) throw new AppError('not_found', t(locale, 'mailPrefs.invalid'))
    const notices = field('notices') !== 'no'
    await setNoticePreference(deps, address, notices, 'page')
    return c.html(<PreferencesPage locale={locale} csrf={c.get('csrfToken')} token={token} maskedAddress={maskAddress(address)} notices={notices} saved />)
  })

  const base = '/admin/c/:community/programs/:program/mail-templates'
  app.use(base, sessionMiddleware(deps))
  app.use(`${base}/*`, sessionMiddleware(deps))

  /** The program behind the URL, if the viewer manages it. */
  async function managed(c: Context<AppEnv>) {
    const found = await managedProgram(c, deps.db)
    return found.redirect ? found : ({ ...found, path: `/admin/c/${found.community.slug}/programs/${found.program.slug}/mail-templates` } as const)
  }

  app.get(base, async (c) => {
    const m = await managed(c)
    if (m.redirect) return m.redirect
    const rows = await Promise.all(
      Object.entries(mailTemplates)
        .filter(([key]) => isProgramTemplateKey(key))
        .map(async ([key, def]) => ({
        key,
        description: def.description,
        category: def.category,
        locales: await Promise.all(locales.map(async (locale) => ({ locale, overridden: (await templateWording(deps, m.program.id, key as keyof typeof mailTemplates, locale)).overridden }))),
      })),
    )
    return c.html(<TemplateListPage locale={c.get('locale')} base={m.path} programName={m.program.name} rows={rows} />)
  })

  /** The template and language of the URL, or 404. */
  function target(c: Context<AppEnv>) {
    const template = c.req.param('template') ?? ''
    const locale = c.req.param('locale') ?? ''
    if (!isProgramTemplateKey(template) || !(locales as readonly string[]).includes(locale)) throw new AppError('not_found', 'There is no such mail template.', {}, { key: 'mailTemplates.error.noTemplate' })
    return { template, locale: locale as Locale, def: mailTemplates[template] }
  }
  const samples = (def: (typeof mailTemplates)[keyof typeof mailTemplates]) => Object.fromEntries(def.variables.map((v) => [v.name, v.sample]))

  app.get(`${base}/:template/:locale`, async (c) => {
    const m = await managed(c)
    if (m.redirect) return m.redirect
    const { template, locale, def } = target(c)
    const wording = await templateWording(deps, m.program.id, template, locale)
    const preview = renderTemplateText(template, locale, wording, samples(def))
    return c.html(
      <TemplateEditPage pageLocale={c.get('locale')} base={m.path} csrf={c.get('csrfToken')} programName={m.program.name} template={template} description={def.description} locale={locale} variables={def.variables} values={wording} errors={{}} overridden={wording.overridden} preview={preview} />,
    )
  })

  app.post(`${base}/:template/:locale`, async (c) => {
    const m = await managed(c)
    if (m.redirect) return m.redirect
    const { template, locale, def } = target(c)
    const field = await formString(c)
    const action = field('action') ?? 'save'
    const input = { subject: field('subject') ?? '', body: field('body') ?? '' }
    const pageLocale = c.get('locale')
    const page = (over: { values: { subject: string; body: string }; errors: Record<string, string>; overridden: boolean; notice?: string }, status: 200 | 422) => {
      const { values } = checkTemplateForm(template, over.values, pageLocale)
      const preview = values ? renderTemplateText(template, locale, values, samples(def)) : undefined
      return c.html(
        <TemplateEditPage pageLocale={pageLocale} base={m.path} csrf={c.get('csrfToken')} programName={m.program.name} template={template} description={def.description} locale={locale} variables={def.variables} preview={preview} {...over} />,
        status,
      )
    }
    if (action === 'reset') {
      await resetMailTemplate(deps, { programId: m.program.id, template, locale, actor: m.viewer.personId })
      const wording = await templateWording(deps, m.program.id, template, locale)
      return page({ values: wording, errors: {}, overridden: false, notice: t(pageLocale, 'mailTemplates.resetDone') }, 200)
    }
    const current = await templateWording(deps, m.program.id, template, locale)
    if (action === 'preview') {
      const { errors } = checkTemplateForm(template, input, pageLocale)
      return page({ values: input, errors, overridden: current.overridden }, Object.keys(errors).length ? 422 : 200)
    }
    try {
      refuseUnstorableText(input, pageLocale)
      await saveMailTemplate(deps, { programId: m.program.id, template, locale, ...input, actor: m.viewer.personId, pageLocale })
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation') return page({ values: input, errors: err.fields, overridden: current.overridden }, 422)
      throw err
    }
    return page({ values: input, errors: {}, overridden: true, notice: t(pageLocale, 'mailTemplates.saved') }, 200)
  })

  return app
}
