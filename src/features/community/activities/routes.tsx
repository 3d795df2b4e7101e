import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../../deps.ts'
import { AppError } from '../../../lib/errors.ts'
import { t } from '../../../ui/i18n.ts'
import type { AppEnv } from '../../../ui/env.ts'
import { fieldsNamed, readStringFields, refuseUnstorableText } from '../../../ui/read-form.ts'
import { activityForm } from '../forms.ts'
import { loadProgramPage, todayOf } from '../context.ts'
import { liaisonGroups } from '../groups/queries.ts'
import { LedgerPage } from '../views/ledger-page.tsx'
import { confirmActivity, logActivity } from './log-activity.ts'
import { formatLedgerCursor, listLedger, parseLedgerCursor } from './ledger.ts'

type Loaded = Exclude<Awaited<ReturnType<typeof loadProgramPage>>, { redirect: Response }>

/** The activity ledger: ambassadors see and log their own lines, managers see the program's and confirm. */
export function activityRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const path = '/c/:community/programs/:program/activities'

  async function render(c: Context<AppEnv>, loaded: Loaded, state: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string } = {}, status: 200 | 422 = 200) {
    const after = parseLedgerCursor(c.req.query('after'))
    const before = after ? undefined : parseLedgerCursor(c.req.query('before'))
    const mine = !loaded.standing.isManager
    const [ledger, groups] = await Promise.all([
      listLedger(deps.db, { programId: loaded.program.id, personId: mine ? loaded.viewer.personId : undefined, after, before }),
      liaisonGroups(deps.db, loaded.program.id, loaded.viewer.personId),
    ])
    return c.html(
      <LedgerPage frame={loaded.frame} entries={ledger.entries} next={ledger.next && formatLedgerCursor(ledger.next)} prev={ledger.prev && formatLedgerCursor(ledger.prev)} mine={mine} groups={groups} values={state.values ?? {}} errors={state.errors ?? {}} notice={state.notice} today={todayOf(deps)} />,
      status,
    )
  }

  app.get(path, async (c) => {
    const loaded = await loadProgramPage(deps, c)
    if (loaded.redirect) return loaded.redirect
    return render(c, loaded, { notice: c.req.query('logged') ? t(loaded.frame.locale, 'community.ledger.logged') : undefined })
  })

  app.post(path, async (c) => {
    const loaded = await loadProgramPage(deps, c)
    if (loaded.redirect) return loaded.redirect
    const form = await readStringFields(c)
    try {
      refuseUnstorableText(fieldsNamed(form, Object.keys(activityForm.shape)), 'key')
      await logActivity(deps.db, { programId: loaded.program.id, standing: loaded.standing, form, now: deps.clock() })
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation') return render(c, loaded, { values: form, errors: err.fields }, 422)
      throw err
    }
    return c.redirect(`${c.req.path}?logged=1`, 303)
  })

  app.post(`${path}/:id/confirm`, async (c) => {
    const loaded = await loadProgramPage(deps, c, { managersOnly: true })
    if (loaded.redirect) return loaded.redirect
    await confirmActivity(deps.db, { programId: loaded.program.id, activityId: c.req.param('id'), standing: loaded.standing, now: deps.clock() })
    return c.redirect(path.replace(':community', c.req.param('community')).replace(':program', c.req.param('program')), 303)
  })

  return app
}
