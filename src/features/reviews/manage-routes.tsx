import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import type { AppEnv } from '../../ui/env.ts'
import { AppError } from '../../lib/errors.ts'
import { hasRole } from '../accounts/sessions.ts'
import { requireViewer, sessionMiddleware } from '../accounts/middleware.ts'
import { addAssignment, removeAssignment } from './change-assignment.ts'
import { cohortScores, loadReviewPhase } from './cohort-scores.ts'
import { inviteReviewerInput, issuesByField, reviewPhaseInput } from './forms.ts'
import { inviteReviewer } from './invite-reviewer.ts'
import { findCohort } from '../programs/queries.ts'
import { cohortReviewOverview } from './queries.ts'
import { runAssignment, type AssignmentRun } from './run-assignment.ts'
import { reviewerCapacityInput, setReviewerCapacity } from './reviewer-capacity.ts'
import { saveReviewPhase } from './save-review-phase.ts'
import { ManageReviewsPage } from './views/manage-reviews.tsx'
import { isUuid } from '../../lib/ids.ts'
import { fieldsNamed, readStringFields, unstorableFields } from '../../ui/read-form.ts'
import { t } from '../../ui/i18n.ts'
import { localizeFields } from '../admin/localize-message.ts'

/** Program managers run a cohort's review: phase settings, reviewers, assignment and its overrides, scores. */
export function manageReviewRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const base = '/admin/c/:community/programs/:program/cohorts/:cohort/reviews'
  app.use(base, sessionMiddleware(deps))
  app.use(`${base}/*`, sessionMiddleware(deps))

  /** The cohort behind the URL, if the viewer manages its program. */
  async function managed(c: Context<AppEnv>) {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return { redirect } as const
    const found = await findCohort(deps.db, c.req.param('community')!, c.req.param('program')!, c.req.param('cohort')!)
    if (!found) throw new AppError('not_found', 'There is no such cohort.', {}, { key: 'adminProgram.managed.noCohort' })
    if (!hasRole(viewer, 'program_manager', found.community.id)) throw new AppError('forbidden', 'You do not manage this program.', {}, { key: 'adminProgram.managed.notManager' })
    const path = `/admin/c/${found.community.slug}/programs/${found.program.slug}/cohorts/${found.cohort.slug}/reviews`
    return { ...found, viewer, path } as const
  }
  type Managed = Exclude<Awaited<ReturnType<typeof managed>>, { redirect: Response }>

  async function render(
    c: Context<AppEnv>,
    m: Managed,
    state: { errors?: Record<string, string>; notice?: string; run?: AssignmentRun; phaseValues?: Record<string, string>; capacityError?: { reviewerId: string; value: string; message: string } } = {},
    status: 200 | 409 | 404 | 422 = 200,
  ) {
    const [phase, overview, scores] = await Promise.all([loadReviewPhase(deps.db, m.cohort.id), cohortReviewOverview(deps.db, m.cohort.id), cohortScores(deps.db, m.cohort.id)])
    return c.html(
      <ManageReviewsPage
        csrf={c.get('csrfToken')}
        locale={c.get('locale')}
        base={m.path}
        community={{ slug: m.community.slug, name: m.community.name }}
        programName={m.program.name}
        cohortTitle={m.cohort.title}
        phase={phase}
        phaseValues={state.phaseValues}
        overview={overview}
        scores={scores}
        errors={localizeFields(c.get('locale'), state.errors ?? {})}
        notice={state.notice}
        run={state.run}
        capacityError={state.capacityError}
      />,
      status,
    )
  }

  app.get(base, async (c) => {
    const m = await managed(c)
    if ('redirect' in m) return m.redirect
    const locale = c.get('locale')
    const notice = { phase: t(locale, 'reviewAdmin.saved.phase'), invited: t(locale, 'reviewAdmin.saved.invited'), assignment: t(locale, 'reviewAdmin.saved.assignment'), capacity: t(locale, 'review.capacity.saved') }[c.req.query('saved') ?? '']
    return render(c, m, { notice })
  })

  app.post(`${base}/phase`, async (c) => {
    const m = await managed(c)
    if ('redirect' in m) return m.redirect
    const form = await readStringFields(c)
    const parsed = reviewPhaseInput.safeParse(form)
    // A NUL character is refused at its field in the page's language (at the form's top for a checkbox, which
    // has no text to show it at), with what was typed.
    const locale = c.get('locale')
    const nul = unstorableFields(fieldsNamed(form, ['opensAt', 'closesAt', 'reviewsPerApplication']), locale)
    if (Object.keys(unstorableFields(fieldsNamed(form, ['canSeeApplicantNames', 'canSeeOtherReviews', 'scoresChangeable']), locale)).length) nul.form = t(locale, 'error.nul')
    if (!parsed.success || Object.keys(nul).length) return render(c, m, { errors: { ...(parsed.success ? {} : issuesByField(parsed.error)), ...nul }, phaseValues: form }, 422)
    await saveReviewPhase(deps, m.cohort.id, parsed.data, m.viewer.personId)
    return c.redirect(`${m.path}?saved=phase`, 303)
  })

  app.post(`${base}/reviewers`, async (c) => {
    const m = await managed(c)
    if ('redirect' in m) return m.redirect
    const form = await readStringFields(c)
    const parsed = inviteReviewerInput.safeParse(form)
    const nul = unstorableFields(fieldsNamed(form, Object.keys(inviteReviewerInput.shape)), c.get('locale'))
    if (!parsed.success || Object.keys(nul).length) return render(c, m, { errors: { ...(parsed.success ? {} : issuesByField(parsed.error)), ...nul } }, 422)
    await inviteReviewer(deps, { communityId: m.community.id, cohortId: m.cohort.id, cohortTitle: m.cohort.title, programName: m.program.name }, parsed.data, m.viewer)
    return c.redirect(`${m.path}?saved=invited`, 303)
  })

  app.post(`${base}/reviewers/capacity`, async (c) => {
    const m = await managed(c)
    if ('redirect' in m) return m.redirect
    const form = await readStringFields(c)
    const parsed = reviewerCapacityInput.safeParse(form)
    if (!parsed.success) {
      const message = t(c.get('locale'), 'review.capacity.invalid')
      return render(c, m, { errors: { ...issuesByField(parsed.error), form: message }, capacityError: { reviewerId: form.reviewerId ?? '', value: form.maxAssignments ?? '', message } }, 422)
    }
    try {
      await setReviewerCapacity(deps, { cohortId: m.cohort.id, reviewerPersonId: parsed.data.reviewerId, maxAssignments: parsed.data.maxAssignments, actor: m.viewer.personId })
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return render(c, m, { errors: { form: err.message } }, 404)
      throw err
    }
    return c.redirect(`${m.path}?saved=capacity`, 303)
  })

  app.post(`${base}/assign`, async (c) => {
    const m = await managed(c)
    if ('redirect' in m) return m.redirect
    const form = await readStringFields(c)
    const run = await runAssignment(deps, m.cohort.id, { dryRun: form.dryRun === '1', actor: m.viewer.personId })
    return render(c, m, { run })
  })

  app.post(`${base}/assignments`, async (c) => {
    const m = await managed(c)
    if ('redirect' in m) return m.redirect
    const form = await readStringFields(c)
    if (!isUuid(form.applicationId) || !isUuid(form.reviewerId) || !['add', 'remove'].includes(form.action ?? '')) {
      return render(c, m, { errors: { form: t(c.get('locale'), 'reviewAdmin.error.chooseChange') } }, 422)
    }
    const change = { cohortId: m.cohort.id, applicationId: form.applicationId!, reviewerPersonId: form.reviewerId!, actor: m.viewer.personId, reason: (form.reason ?? '').trim().slice(0, 500), beyondCapacity: form.beyondCapacity === 'on' || form.beyondCapacity === '1', locale: c.get('locale') }
    try {
      await (form.action === 'add' ? addAssignment(deps, change) : removeAssignment(deps, change))
    } catch (err) {
      if (err instanceof AppError && (err.code === 'conflict' || err.code === 'not_found')) return render(c, m, { errors: { form: err.message } }, err.code === 'conflict' ? 409 : 404)
      throw err
    }
    return c.redirect(`${m.path}?saved=assignment`, 303)
  })

  return app
}
