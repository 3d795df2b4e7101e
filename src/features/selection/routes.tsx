import { Hono, type Context } from 'hono'
import { and } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import type { AppEnv } from '../../ui/env.ts'
import { sessionMiddleware } from '../accounts/middleware.ts'
import { managedProgramCohort } from '../admin/managed.ts'
import { cohortDecisions, findSelection, lockedRefusal } from './decisions.ts'
import { constraintsFromForm, constraintsToForm } from './forms.ts'
import { grantException, overrideDecision } from './override-decision.ts'
import { runSelection } from './run-selection.ts'
import { SelectionPage, type SelectionPageProps } from './views/selection-page.tsx'
import { fieldsNamed, readStringFields, refuseUnstorableText, unstorableFields } from '../../ui/read-form.ts'

/** The selection pages of a cohort, for its program managers (and admins). */
export function selectionRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const base = '/admin/c/:community/programs/:program/cohorts/:cohort/selection'
  app.use(base, sessionMiddleware(deps))
  app.use(`${base}/*`, sessionMiddleware(deps))

  const managedCohort = (c: Context<AppEnv>) => managedProgramCohort(c, deps.db)
  type Managed = Exclude<Awaited<ReturnType<typeof managedCohort>>, { redirect: Response }>

  /** Renders the stored selection, with anything the request changes on top. */
  async function render(c: Context<AppEnv>, m: Managed, extra: Partial<SelectionPageProps> = {}, status: 200 | 409 | 422 = 200) {
    const [selection, rows] = await Promise.all([findSelection(deps.db, m.cohort.id), cohortDecisions(deps.db, m.cohort.id)])
    const props: SelectionPageProps = {
      csrf: c.get('csrfToken'),
      locale: c.get('locale'),
      community: m.community,
      program: m.program,
      cohort: m.cohort,
      status: selection?.status ?? 'none',
      lockedAt: selection?.lockedAt ?? null,
      values: constraintsToForm(selection?.constraints, m.cohort.seats),
      errors: {},
      rows,
      totalScore: selection?.totalScore ?? null,
      proven: selection?.proven ?? true,
      infeasibility: selection?.infeasibility ?? null,
      lowered: [],
      dryRun: false,
      ...extra,
    }
    return c.html(<SelectionPage {...props} />, status)
  }

  app.get(base, async (c) => {
    const m = await managedCohort(c)
    if (m.redirect) return m.redirect
    return render(c, m)
  })

  app.post(`${base}/run`, async (c) => {
    const m = await managedCohort(c)
    if (m.redirect) return m.redirect
    const form = await readStringFields(c)
    // Locked (the announcement is scheduled): refused whatever the form holds, since the page has no form to
    // show its errors in.
    const existing = await findSelection(deps.db, m.cohort.id)
    if (existing?.status === 'locked') return render(c, m, { refusal: (await lockedRefusal(deps.db, m.cohort.id, existing.lockedAt!)).message }, 409)
    const parsed = constraintsFromForm(form, m.cohort.seats)
    // A NUL character in a field of the page (its names are those of constraintsToForm) is refused at the field,
    // in the page's language, before the constraints could be stored with it.
    const nul = unstorableFields(fieldsNamed(form, Object.keys(constraintsToForm(undefined, m.cohort.seats))), c.get('locale'))
    if (!parsed.ok || Object.keys(nul).length) return render(c, m, { values: form, errors: { ...(parsed.ok ? {} : parsed.errors), ...nul } }, 422)
    const dryRun = form.mode !== 'save'
    let run
    try {
      run = await runSelection(deps.db, m.cohort.id, parsed.value, m.viewer.personId, { dryRun })
    } catch (err) {
      // Locked meanwhile.
      if (err instanceof AppError && err.code === 'conflict') return render(c, m, { refusal: err.message }, 409)
      // Fewer seats than the "selected" overrides hold.
      if (err instanceof AppError && err.code === 'validation') return render(c, m, { values: form, errors: err.fields }, 422)
      throw err
    }
    const view = { totalScore: run.result.totalScore, proven: run.result.proven, infeasibility: run.result.infeasibility, lowered: run.result.loweredMinimums }
    if (!dryRun) return render(c, m, { ...view, notice: 'Selection saved as a draft.' })
    return render(c, m, { ...view, values: form, dryRun: true, rows: run.decisions.map((d) => ({ ...d, overrideReason: null })), notice: 'Dry run: nothing was saved.' })
  })

  app.post(`${base}/override`, async (c) => {
    const m = await managedCohort(c)
    if (m.redirect) return m.redirect
    const form = await readStringFields(c)
    const applicationId = form.applicationId ?? ''
    try {
      refuseUnstorableText({ reason: form.reason }, 'en')
      await overrideDecision(deps.db, m.cohort.id, applicationId, { outcome: form.outcome ?? '', reason: form.reason ?? '' }, m.viewer.personId)
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation') throw err
      return render(c, m, { overrideError: { applicationId, message: Object.values(err.fields)[0] ?? err.message, outcome: form.outcome ?? '', reason: form.reason ?? '' } }, 422)
    }
    return render(c, m, { notice: 'Decision overridden; the reason is in the audit log.' })
  })

  app.post(`${base}/exception`, async (c) => {
    const m = await managedCohort(c)
    if (m.redirect) return m.redirect
    const form = await readStringFields(c)
    const applicationId = form.applicationId ?? ''
    try {
      refuseUnstorableText({ reason: form.reason }, 'en')
      await grantException(deps.db, m.cohort.id, applicationId, form.reason ?? '', m.viewer.personId)
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation') throw err
      return render(c, m, { overrideError: { applicationId, message: Object.values(err.fields)[0] ?? err.message, outcome: form.outcome ?? '', reason: form.reason ?? '' } }, 422)
    }
    return render(c, m, { notice: 'Exception granted: the next run considers this applicant.' })
  })

  return app
}
