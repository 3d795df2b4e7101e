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
import { t, type Locale } from '../../ui/i18n.ts'
import { localizeError, localizeFields, localizeMessage } from '../admin/localize-message.ts'

/**
 * A message of the constraint form in `locale`: constraintsFromForm says a schema's problem as "This {problem}.",
 * whose problem the catalogue may know (one it does not, a default of Zod's, is said plainly outside English);
 * any other text as localizeMessage says it.
 */
function constraintMessage(locale: Locale, english: string): string {
  const problem = /^This (.+)\.$/s.exec(english)?.[1]
  if (problem === undefined || locale === 'en') return localizeMessage(locale, english)
  const said = localizeMessage(locale, problem)
  return t(locale, 'adminProgram.config.fieldProblem', { problem: said !== problem ? said : t(locale, 'adminProgram.check.invalid') })
}

/** Each field's constraint message in `locale` (see constraintMessage). */
const constraintMessages = (locale: Locale, fields: Record<string, string>) => Object.fromEntries(Object.entries(fields).map(([name, m]) => [name, constraintMessage(locale, m)]))

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
    const locale = c.get('locale')
    const form = await readStringFields(c)
    // Locked (the announcement is scheduled): refused whatever the form holds, since the page has no form to
    // show its errors in.
    const existing = await findSelection(deps.db, m.cohort.id)
    if (existing?.status === 'locked') return render(c, m, { refusal: localizeMessage(locale, (await lockedRefusal(deps.db, m.cohort.id, existing.lockedAt!)).message) }, 409)
    const parsed = constraintsFromForm(form, m.cohort.seats)
    // A NUL character in a field of the page (its names are those of constraintsToForm) is refused at the field,
    // in the page's language, before the constraints could be stored with it.
    const nul = unstorableFields(fieldsNamed(form, Object.keys(constraintsToForm(undefined, m.cohort.seats))), locale)
    if (!parsed.ok || Object.keys(nul).length) return render(c, m, { values: form, errors: { ...(parsed.ok ? {} : constraintMessages(locale, parsed.errors)), ...nul } }, 422)
    const dryRun = form.mode !== 'save'
    let run
    try {
      run = await runSelection(deps.db, m.cohort.id, parsed.value, m.viewer.personId, { dryRun })
    } catch (err) {
      // Locked meanwhile.
      if (err instanceof AppError && err.code === 'conflict') return render(c, m, { refusal: localizeMessage(locale, err.message) }, 409)
      // Fewer seats than the "selected" overrides hold.
      if (err instanceof AppError && err.code === 'validation') return render(c, m, { values: form, errors: localizeFields(locale, err.fields) }, 422)
      throw err
    }
    const view = { totalScore: run.result.totalScore, proven: run.result.proven, infeasibility: run.result.infeasibility, lowered: run.result.loweredMinimums }
    if (!dryRun) return render(c, m, { ...view, notice: t(locale, 'adminProgram.selection.savedNotice') })
    return render(c, m, { ...view, values: form, dryRun: true, rows: run.decisions.map((d) => ({ ...d, overrideReason: null })), notice: t(locale, 'adminProgram.selection.dryRunNotice') })
  })

  app.post(`${base}/override`, async (c) => {
    const m = await managedCohort(c)
    if (m.redirect) return m.redirect
    const form = await readStringFields(c)
    const applicationId = form.applicationId ?? ''
    try {
      refuseUnstorableText({ reason: form.reason }, c.get('locale'))
      await overrideDecision(deps.db, m.cohort.id, applicationId, { outcome: form.outcome ?? '', reason: form.reason ?? '' }, m.viewer.personId)
    } catch (err) {
      // Refusals of the use-case (English) are said in the page's language, on the page or its error page.
      if (!(err instanceof AppError)) throw err
      const said = localizeError(c.get('locale'), err)
      if (err.code !== 'validation') throw said
      return render(c, m, { overrideError: { applicationId, message: Object.values(said.fields)[0] ?? said.message, outcome: form.outcome ?? '', reason: form.reason ?? '' } }, 422)
    }
    return render(c, m, { notice: t(c.get('locale'), 'adminProgram.selection.overriddenNotice') })
  })

  app.post(`${base}/exception`, async (c) => {
    const m = await managedCohort(c)
    if (m.redirect) return m.redirect
    const form = await readStringFields(c)
    const applicationId = form.applicationId ?? ''
    try {
      refuseUnstorableText({ reason: form.reason }, c.get('locale'))
      await grantException(deps.db, m.cohort.id, applicationId, form.reason ?? '', m.viewer.personId)
    } catch (err) {
      // Refusals of the use-case (English) are said in the page's language, on the page or its error page.
      if (!(err instanceof AppError)) throw err
      const said = localizeError(c.get('locale'), err)
      if (err.code !== 'validation') throw said
      return render(c, m, { overrideError: { applicationId, message: Object.values(said.fields)[0] ?? said.message, outcome: form.outcome ?? '', reason: form.reason ?? '' } }, 422)
    }
    return render(c, m, { notice: t(c.get('locale'), 'adminProgram.selection.exceptionNotice') })
  })

  return app
}
