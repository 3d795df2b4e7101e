import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../../deps.ts'
import { AppError } from '../../../lib/errors.ts'
import { t } from '../../../ui/i18n.ts'
import type { AppEnv } from '../../../ui/env.ts'
import { fieldsNamed, readStringFields, refuseUnstorableText } from '../../../ui/read-form.ts'
import { feedbackForm } from '../forms.ts'
import { loadProgramPage } from '../context.ts'
import { liaisonGroups } from '../groups/queries.ts'
import { FeedbackPage } from '../views/feedback-page.tsx'
import { feedbackCsv, feedbackJson } from './export.ts'
import { cachedFeedbackThemes, listFeedback, pageFeedback } from './queries.ts'
import { mergeFeedback, submitFeedback, voteFeedback } from './submit-feedback.ts'

type Loaded = Exclude<Awaited<ReturnType<typeof loadProgramPage>>, { redirect: Response }>

/** Feedback from user groups: report, vote, merge (managers), the aggregated view and its exports. */
export function feedbackRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const path = '/c/:community/programs/:program/feedback'
  const linkOf = (c: Context) => (id: string) => `${deps.config.baseUrl}${c.req.path.replace(/\.(csv|json)$/, '')}#feedback-${id}`

  async function render(c: Context<AppEnv>, loaded: Loaded, state: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string } = {}, status: 200 | 422 = 200) {
    const [page, themes, groups] = await Promise.all([
      pageFeedback(deps.db, { programId: loaded.program.id, after: c.req.query('after'), before: c.req.query('before') }),
      cachedFeedbackThemes(deps.db, loaded.program.id),
      liaisonGroups(deps.db, loaded.program.id, loaded.viewer.personId),
    ])
    return c.html(<FeedbackPage frame={loaded.frame} items={page.items} next={page.next} prev={page.prev} themes={themes} groups={groups} values={state.values ?? {}} errors={state.errors ?? {}} notice={state.notice} />, status)
  }

  const back = (c: Context) => c.req.path.replace(/\/feedback\/.*$/, '/feedback')

  app.get(path, async (c) => {
    const loaded = await loadProgramPage(deps, c)
    if (loaded.redirect) return loaded.redirect
    return render(c, loaded, { notice: c.req.query('saved') ? t(loaded.frame.locale, 'community.feedback.submitted') : undefined })
  })

  app.get(`${path}.csv`, async (c) => {
    const loaded = await loadProgramPage(deps, c)
    if (loaded.redirect) return loaded.redirect
    const items = await listFeedback(deps.db, { programId: loaded.program.id, limit: null })
    return c.body(feedbackCsv(items, linkOf(c)), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="feedback-${loaded.program.slug}.csv"` })
  })

  app.get(`${path}.json`, async (c) => {
    const loaded = await loadProgramPage(deps, c)
    if (loaded.redirect) return loaded.redirect
    const items = await listFeedback(deps.db, { programId: loaded.program.id, limit: null })
    return c.json(feedbackJson(items, linkOf(c)))
  })

  app.post(path, async (c) => {
    const loaded = await loadProgramPage(deps, c)
    if (loaded.redirect) return loaded.redirect
    const form = await readStringFields(c)
    try {
      refuseUnstorableText(fieldsNamed(form, Object.keys(feedbackForm.shape)), 'key')
      await submitFeedback(deps.db, { programId: loaded.program.id, standing: loaded.standing, form })
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation') return render(c, loaded, { values: form, errors: err.fields }, 422)
      throw err
    }
    return c.redirect(`${c.req.path}?saved=1`, 303)
  })

  app.post(`${path}/:id/votes`, async (c) => {
    const loaded = await loadProgramPage(deps, c)
    if (loaded.redirect) return loaded.redirect
    const { groupId = '' } = await readStringFields(c)
    try {
      await voteFeedback(deps.db, { programId: loaded.program.id, standing: loaded.standing, feedbackId: c.req.param('id'), groupId })
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation') return render(c, loaded, { errors: err.fields }, 422)
      throw err
    }
    return c.redirect(back(c), 303)
  })

  app.post(`${path}/:id/merge`, async (c) => {
    const loaded = await loadProgramPage(deps, c, { managersOnly: true })
    if (loaded.redirect) return loaded.redirect
    const { duplicateOf = '' } = await readStringFields(c)
    try {
      await mergeFeedback(deps.db, { programId: loaded.program.id, standing: loaded.standing, intoId: duplicateOf.trim().replace(/^#/, ''), duplicateIds: [c.req.param('id')] })
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation') return render(c, loaded, { errors: err.fields }, 422)
      throw err
    }
    return c.redirect(back(c), 303)
  })

  return app
}
