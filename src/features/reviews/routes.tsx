import { isUuid } from '../../lib/ids.ts'
import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import type { AppEnv } from '../../ui/env.ts'
import { AppError } from '../../lib/errors.ts'
import { t } from '../../ui/i18n.ts'
import { requireViewer, sessionMiddleware } from '../accounts/middleware.ts'
import { viewForReviewer } from './blind.ts'
import { declareConflict } from './declare-conflict.ts'
import { declareConflictInput, reviewFromForm } from './forms.ts'
import { describeConflict } from './find-conflict.ts'
import { describePhase } from './phase.ts'
import { reviewContext, reviewerDashboard } from './queries.ts'
import { saveReview } from './save-review.ts'
import { ReviewerDashboard } from './views/reviewer-dashboard.tsx'
import { ReviewForm, type ReviewFormProps } from './views/review-form.tsx'
import { readStringFields, refuseUnstorableText, unstorableFields } from '../../ui/read-form.ts'


/** Whether a path parameter can be a row id (anything else is "not found" without a query). */

/** The reviewer's pages: the dashboard, the review form (form posts go through saveReview) and conflicts. */
export function reviewRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.use('/reviews', sessionMiddleware(deps))
  app.use('/reviews/*', sessionMiddleware(deps))

  app.get('/reviews', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const notice = c.req.query('notice') === 'conflict' ? t(c.get('locale'), 'review.conflictDeclared') : undefined
    return c.html(<ReviewerDashboard locale={c.get('locale')} now={deps.clock()} cohorts={await reviewerDashboard(deps.db, viewer.personId)} notice={notice} />)
  })

  /** The form for an application assigned to the viewer (others' and unknown ids are "not found"). */
  async function renderForm(c: Context<AppEnv>, personId: string, state: Partial<Pick<ReviewFormProps, 'values' | 'errors' | 'notice' | 'problem'>> = {}, status: 200 | 403 | 409 | 422 = 200) {
    const locale = c.get('locale')
    const id = c.req.param('id')!
    const ctx = isUuid(id) ? await reviewContext(deps.db, id, personId) : undefined
    if (!ctx || (!ctx.assigned && !ctx.mine)) throw new AppError('not_found', t(locale, 'review.refused.notAssigned'))
    if (ctx.conflict) throw new AppError('forbidden', t(locale, 'review.refused.conflicted', { reason: describeConflict(ctx.conflict, locale) }))
    const phase = ctx.phase
    const applicant = viewForReviewer(
      { displayName: ctx.person.displayName, handle: ctx.person.handle, email: ctx.person.email, githubLogin: ctx.person.githubLogin, links: { ...ctx.application.links }, answers: ctx.application.answers, freeForm: ctx.application.freeForm, exceptionReason: ctx.application.exceptionReason, country: ctx.application.country, region: ctx.application.region, evidence: ctx.evidence },
      phase?.canSeeApplicantNames ?? false,
    )
    const stored = ctx.mine
    const values = state.values ?? {
      scores: Object.fromEntries(Object.entries(stored?.scores ?? {}).map(([k, v]) => [k, String(v)])),
      privateComment: stored?.privateComment ?? '',
      feedbackToApplicant: stored?.feedbackToApplicant ?? '',
    }
    return c.html(
      <ReviewForm
        locale={locale}
        csrf={c.get('csrfToken')}
        applicationId={id}
        cohortTitle={ctx.cohort.title}
        programName={ctx.program.name}
        phaseText={describePhase(phase, deps.clock(), locale)}
        applicant={applicant}
        questions={ctx.questions}
        requirementTitles={ctx.requirementTitles}
        criteria={ctx.criteria}
        values={values}
        errors={state.errors ?? {}}
        // Other reviewers' names stay visible to each other: blind review hides the applicant, not the committee.
        others={phase?.canSeeOtherReviews ? ctx.others : undefined}
        notice={state.notice}
        problem={state.problem}
      />,
      status,
    )
  }

  app.get('/reviews/:id', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    return renderForm(c, viewer.personId, { notice: c.req.query('saved') ? t(c.get('locale'), 'review.saved') : undefined })
  })

  app.post('/reviews/:id', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const form = await readStringFields(c)
    const input = reviewFromForm(form)
    const values = { scores: Object.fromEntries(Object.entries(form).filter(([k]) => k.startsWith('score.')).map(([k, v]) => [k.slice(6), v])), privateComment: input.privateComment, feedbackToApplicant: input.feedbackToApplicant }
    const id = c.req.param('id')
    if (!isUuid(id)) throw new AppError('not_found', t(c.get('locale'), 'review.refused.notAssigned'))
    try {
      refuseUnstorableText({ privateComment: form.privateComment, feedbackToApplicant: form.feedbackToApplicant }, c.get('locale'))
      await saveReview(deps, { reviewer: viewer.personId, application: id, ...input, locale: c.get('locale') })
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation') return renderForm(c, viewer.personId, { values, errors: err.fields }, 422)
      if (err instanceof AppError && err.code === 'conflict') return renderForm(c, viewer.personId, { values, problem: err.message }, 409)
      throw err
    }
    return c.redirect(`/reviews/${id}?saved=1`, 303)
  })

  app.post('/reviews/:id/conflict', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const id = c.req.param('id')
    const form = await readStringFields(c)
    const nul = unstorableFields({ note: form.note }, c.get('locale'))
    if (Object.keys(nul).length) return renderForm(c, viewer.personId, { problem: Object.values(nul)[0] }, 422)
    const parsed = declareConflictInput.safeParse(form)
    if (!parsed.success || !isUuid(id)) return renderForm(c, viewer.personId, { problem: parsed.error?.issues[0]?.message ?? t(c.get('locale'), 'review.refused.notAssigned') }, 422)
    await declareConflict(deps, { reviewer: viewer.personId, application: id, ...parsed.data, locale: c.get('locale') })
    return c.redirect('/reviews?notice=conflict', 303)
  })

  return app
}
