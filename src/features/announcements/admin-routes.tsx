import { Hono, type Context } from 'hono'
import { and } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import type { AppEnv } from '../../ui/env.ts'
import { fieldsNamed, readStringFields, unstorableFields } from '../../ui/read-form.ts'
import { cohorts } from '../programs/schema.ts'
import { scheduleForm, scheduleFormToInput } from './forms.ts'
import { getAnnouncementStatus } from './queries.ts'
import { scheduleAnnouncement } from './schedule-announcement.ts'
import { AdminAnnouncementPage } from './views/admin-announcement-page.tsx'
import { managedProgramCohort } from '../admin/managed.ts'
import { localizedIssues, localizeFields, localizeMessage } from '../admin/localize-message.ts'
import { t } from '../../ui/i18n.ts'

/**
 * The managers' announcement page. The session and CSRF middleware of `/admin/c/*` comes from the admin
 * feature's routes (mounted before these); running it twice would mint a second CSRF cookie.
 */
export function adminAnnouncementRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const path = '/admin/c/:community/programs/:program/cohorts/:cohort/announcement'

  const managedCohort = (c: Context<AppEnv>) => managedProgramCohort(c, deps.db)

  async function render(c: Context<AppEnv>, m: Exclude<Awaited<ReturnType<typeof managedCohort>>, { redirect: Response }>, extra: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string } = {}, status: 200 | 409 | 422 = 200) {
    const { announcement, offers } = await getAnnouncementStatus(deps.db, m.cohort.id)
    return c.html(
      <AdminAnnouncementPage
        locale={c.get('locale')}
        csrf={c.get('csrfToken')}
        community={m.community}
        program={m.program}
        cohort={m.cohort}
        state={
          announcement
            ? { scheduledFor: announcement.scheduledFor, respondBy: announcement.respondBy, publishedAt: announcement.publishedAt, title: announcement.title, offers, publicPath: `/c/${m.community.slug}/programs/${m.program.slug}/news/${m.cohort.slug}` }
            : undefined
        }
        values={extra.values ?? {}}
        errors={extra.errors ?? {}}
        notice={extra.notice}
      />,
      status,
    )
  }

  app.get(path, async (c) => {
    const m = await managedCohort(c)
    if (m.redirect) return m.redirect
    return render(c, m)
  })

  app.post(path, async (c) => {
    const m = await managedCohort(c)
    if (m.redirect) return m.redirect
    const values = await readStringFields(c)
    const locale = c.get('locale')
    const nul = unstorableFields(fieldsNamed(values, Object.keys(scheduleForm.shape)), locale)
    if (Object.keys(nul).length) return render(c, m, { values, errors: nul }, 422)
    const parsed = scheduleForm.safeParse(values)
    if (!parsed.success) {
      // Once a cohort is scheduled the page shows the schedule, not the form: say why nothing changed up top.
      const { announcement } = await getAnnouncementStatus(deps.db, m.cohort.id)
      if (announcement) return render(c, m, { values, errors: { _: t(locale, 'adminProgram.announce.alreadyScheduled', { cohort: m.cohort.title }) } }, 409)
      return render(c, m, { values, errors: localizedIssues(locale, parsed.error, '_') }, 422)
    }
    try {
      await scheduleAnnouncement(deps, { cohortId: m.cohort.id, actorPersonId: m.viewer.personId, ...scheduleFormToInput(parsed.data, m.cohort.timeZone) })
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation') return render(c, m, { values, errors: { ...localizeFields(locale, err.fields), _: localizeMessage(locale, err.message) } }, 422)
      if (err instanceof AppError && err.code === 'conflict') return render(c, m, { values, errors: { _: localizeMessage(locale, err.message) } }, 409)
      throw err
    }
    // Post/redirect/get: the page then shows the schedule and the offers' answers.
    return c.redirect(c.req.path, 303)
  })

  return app
}
