import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../../deps.ts'
import { AppError } from '../../../lib/errors.ts'
import { t } from '../../../ui/i18n.ts'
import type { AppEnv } from '../../../ui/env.ts'
import { fieldsNamed, readStringFields, refuseUnstorableText, unstorableFields } from '../../../ui/read-form.ts'
import { groupForm } from '../forms.ts'
import { loadProgramPage, todayOf } from '../context.ts'
import { GroupsPage } from '../views/groups-page.tsx'
import { decideGroup, proposeGroup, setLiaisons } from './propose-group.ts'
import { inArray } from 'drizzle-orm'
import { people } from '../../people/schema.ts'
import { listGroups } from './queries.ts'

type Loaded = Exclude<Awaited<ReturnType<typeof loadProgramPage>>, { redirect: Response }>

/** The user-group registry of a program. */
export function groupRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const path = '/c/:community/programs/:program/groups'

  async function render(c: Context<AppEnv>, loaded: Loaded, state: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string; liaisonsForm?: { groupId: string; value: string; error: string } } = {}, status: 200 | 422 = 200) {
    const groups = await listGroups(deps.db, { programId: loaded.program.id, today: todayOf(deps), includeUnapproved: loaded.standing.isManager })
    return c.html(<GroupsPage frame={loaded.frame} groups={groups} values={state.values ?? {}} errors={state.errors ?? {}} notice={state.notice} liaisonsForm={state.liaisonsForm} />, status)
  }

  app.get(path, async (c) => {
    const loaded = await loadProgramPage(deps, c)
    if (loaded.redirect) return loaded.redirect
    return render(c, loaded, { notice: c.req.query('proposed') ? t(loaded.frame.locale, 'community.groups.proposed') : undefined })
  })

  app.post(path, async (c) => {
    const loaded = await loadProgramPage(deps, c)
    if (loaded.redirect) return loaded.redirect
    const form = await readStringFields(c)
    try {
      refuseUnstorableText(fieldsNamed(form, Object.keys(groupForm.shape)), 'key')
      await proposeGroup(deps.db, { programId: loaded.program.id, standing: loaded.standing, form })
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation') return render(c, loaded, { values: form, errors: err.fields }, 422)
      throw err
    }
    return c.redirect(`${c.req.path}?proposed=1`, 303)
  })

  app.post(`${path}/:id/decision`, async (c) => {
    const loaded = await loadProgramPage(deps, c, { managersOnly: true })
    if (loaded.redirect) return loaded.redirect
    const { decision } = await readStringFields(c)
    if (decision !== 'approved' && decision !== 'rejected') throw new AppError('bad_request', 'Choose approve or reject.')
    await decideGroup(deps.db, { programId: loaded.program.id, groupId: c.req.param('id'), standing: loaded.standing, decision, now: deps.clock() })
    return c.redirect(c.req.path.replace(/\/[^/]+\/decision$/, ''), 303)
  })

  // Managers set a group's liaisons by their handles (ambassadors of the program); the list replaces the old one.
  app.post(`${path}/:id/liaisons`, async (c) => {
    const loaded = await loadProgramPage(deps, c, { managersOnly: true })
    if (loaded.redirect) return loaded.redirect
    const groupId = c.req.param('id')
    const { liaisons: value = '' } = await readStringFields(c)
    const nul = unstorableFields({ liaisons: value }, 'key').liaisons
    if (nul) return render(c, loaded, { liaisonsForm: { groupId, value, error: nul } }, 422)
    const handles = [...new Set(value.toLowerCase().split(/[,\s]+/).map((h) => h.replace(/^@/, '')).filter(Boolean))]
    const found = handles.length ? await deps.db.select({ id: people.id }).from(people).where(inArray(people.handle, handles)) : []
    try {
      if (found.length !== handles.length) throw new AppError('validation', 'Liaisons must be ambassadors of the program.', { liaisons: 'community.field.notMember' })
      await setLiaisons(deps.db, { programId: loaded.program.id, groupId, standing: loaded.standing, personIds: found.map((p) => p.id) })
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation') return render(c, loaded, { liaisonsForm: { groupId, value, error: err.fields.liaisons ?? 'community.field.invalid' } }, 422)
      throw err
    }
    return c.redirect(c.req.path.replace(/\/[^/]+\/liaisons$/, ''), 303)
  })

  return app
}
