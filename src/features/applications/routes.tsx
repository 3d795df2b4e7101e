import { Hono, type Context } from 'hono'
import { getCookie } from 'hono/cookie'
import type { AppDeps } from '../../deps.ts'
import type { AppEnv } from '../../ui/env.ts'
import { AppError } from '../../lib/errors.ts'
import { requireViewer, sessionMiddleware } from '../accounts/middleware.ts'
import { Layout } from '../../ui/layout.tsx'
import { t } from '../../ui/i18n.ts'
import { chooseCohort, findApplication, getApplicationReceipt, getApplyContext } from './queries.ts'
import { parseApplicationForm, type RawForm } from './forms.ts'
import { describeDeadline, saveApplication, windowClosedMessage, type ApplicationTarget } from './save-application.ts'
import { withdrawApplication } from './withdraw-application.ts'
import { offerStakeOf } from '../announcements/queries.ts'
import { evaluateApplication } from './eligibility-input.ts'
import { importedEvidenceFor } from './imported-evidence.ts'
import { isValidTimeZone, latestDayOnEarth } from '../../lib/dates.ts'
import { storedToForm } from './stored-to-form.ts'
import { ApplyPage } from './views/apply-page.tsx'
import { ReceiptPage } from './views/receipt-page.tsx'
import { WithdrawPage } from './views/withdraw-page.tsx'
import { isUuid } from '../../lib/ids.ts'

/** Reads a urlencoded or multipart body into field → value(s), keeping repeated fields as arrays. */
async function readForm(c: Context): Promise<RawForm> {
  const body = await c.req.parseBody({ all: true })
  const form: RawForm = {}
  for (const [k, value] of Object.entries(body)) {
    if (k === '_csrf' || k === 'intent') continue
    const values = (Array.isArray(value) ? value : [value]).filter((x): x is string => typeof x === 'string')
    form[k] = values.length === 1 ? values[0]! : values
  }
  return form
}

/** The application form, autosave, receipt and withdrawal. */
export function applicationRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.use('/c/:community/programs/:program/apply', sessionMiddleware(deps))
  app.use('/c/:community/programs/:program/apply/*', sessionMiddleware(deps))
  app.use('/applications/*', sessionMiddleware(deps))

  /** The program, the cohort open for applications, or a page saying when applications open. */
  async function loadTarget(c: Context<AppEnv>) {
    const ctx = await getApplyContext(deps.db, c.req.param('community')!, c.req.param('program')!)
    if (!ctx) throw new AppError('not_found', 'There is no such program.', {}, { key: 'error.noProgram' })
    const locale = c.get('locale')
    const now = deps.clock()
    const { entry, state } = chooseCohort(ctx.cohortWindows, now)
    if (!entry || state !== 'open') {
      const when = (entry && windowClosedMessage(entry.cohort, entry.window, now, locale)) ?? t(locale, 'apply.notScheduled')
      return { closed: when, ctx } as const
    }
    const target: ApplicationTarget = { community: ctx.community, program: ctx.program, requirements: ctx.requirements, cohort: entry.cohort, window: entry.window }
    return { closed: undefined, ctx, target } as const
  }

  function closedPage(c: Context<AppEnv>, message: string, ctx: NonNullable<Awaited<ReturnType<typeof getApplyContext>>>) {
    const locale = c.get('locale')
    return c.html(
      <Layout meta={{ title: t(locale, 'apply.closedTitle', { program: ctx.program.name }), community: { slug: ctx.community.slug, name: ctx.community.name }, locale, languageSwitch: true }}>
        <h1>{ctx.program.name}</h1>
        <p role="status">{message}</p>
        <p>
          <a href={`/c/${ctx.community.slug}/programs/${ctx.program.slug}`}>{t(locale, 'apply.backToProgram')}</a>
        </p>
      </Layout>,
      409,
    )
  }

  async function renderForm(c: Context<AppEnv>, target: ApplicationTarget, ctx: NonNullable<Awaited<ReturnType<typeof getApplyContext>>>, state: { values: RawForm; errors: Record<string, string>; status: 'new' | 'draft' | 'submitted'; applicationId?: string; notice?: string }, httpStatus: 200 | 409 | 422 = 200) {
    const locale = c.get('locale')
    const parsed = parseApplicationForm(state.values, ctx, false, locale, latestDayOnEarth(deps.clock()))
    const cohortWindow = { timeZone: target.cohort.timeZone, closesAt: target.window.closesAt }
    const viewer = c.get('viewer')
    const imported = viewer ? await importedEvidenceFor(deps.db, viewer.personId, ctx.requirements, cohortWindow) : []
    const typed = parsed.ok ? parsed.value : { attestedMinimumAge: null, affirmed: [], freeForm: {}, evidence: [] }
    const verdict = evaluateApplication(
      { requirements: ctx.requirements, requirementsAtLeast: ctx.program.requirementsAtLeast },
      cohortWindow,
      { ...typed, evidence: [...typed.evidence, ...imported.map((e) => ({ ...e, source: 'import' as const }))] },
      c.get('locale'),
    )
    // The browser tells us its zone (apply.js keeps it in a cookie): show the deadline there too.
    const zone = getCookie(c, 'tz')
    const deadlineLocal =
      zone && isValidTimeZone(zone) && zone !== target.cohort.timeZone
        ? { zone, when: new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { timeZone: zone, dateStyle: 'long', timeStyle: 'short' }).format(target.window.closesAt) }
        : undefined
    // Show every row that holds anything (even an invalid one), plus blank rows after the last.
    const evidenceRows = Object.entries(state.values).reduce((rows, [k, value]) => {
      const m = /^evidence\.(\d+)\.(title|url|occurredOn|notes)$/.exec(k)
      return m && String(value).trim() ? Math.max(rows, Number(m[1]) + 1) : rows
    }, 0)
    return c.html(
      <ApplyPage
        locale={locale}
        csrf={c.get('csrfToken')}
        community={ctx.community}
        program={ctx.program}
        cohort={target.cohort}
        questions={ctx.questions}
        requirements={ctx.requirements}
        deadline={describeDeadline(target.window, target.cohort.timeZone, locale)}
        deadlineLocal={deadlineLocal}
        imported={imported}
        values={state.values}
        evidenceRows={evidenceRows}
        errors={state.errors}
        status={state.status}
        applicationId={state.applicationId}
        verdict={verdict}
        notice={state.notice}
      />,
      httpStatus,
    )
  }

  app.get('/c/:community/programs/:program/apply', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const loaded = await loadTarget(c)
    if (loaded.closed !== undefined) return closedPage(c, loaded.closed, loaded.ctx)
    const existing = await findApplication(deps.db, loaded.target.cohort.id, viewer.personId)
    if (existing?.application.status === 'withdrawn') return c.redirect(`/applications/${existing.application.id}`, 303)
    const values = existing ? storedToForm(existing.application, existing.evidence, viewer.displayName) : { displayName: viewer.displayName }
    return renderForm(c, loaded.target, loaded.ctx, { values, errors: {}, status: existing ? (existing.application.status as 'draft' | 'submitted') : 'new', applicationId: existing?.application.id })
  })

  app.post('/c/:community/programs/:program/apply', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const values = await readForm(c)
    const intent = String((await c.req.parseBody()).intent ?? 'save')
    const loaded = await loadTarget(c)
    if (loaded.closed !== undefined) return closedPage(c, loaded.closed, loaded.ctx)
    const existing = await findApplication(deps.db, loaded.target.cohort.id, viewer.personId)
    const status = existing ? (existing.application.status as 'draft' | 'submitted') : 'new'
    const submit = intent === 'submit'
    const parsed = parseApplicationForm(values, loaded.ctx, submit, c.get('locale'), latestDayOnEarth(deps.clock()))
    if (!parsed.ok) return renderForm(c, loaded.target, loaded.ctx, { values, errors: parsed.errors, status, applicationId: existing?.application.id }, 422)
    try {
      const saved = await saveApplication(deps, loaded.target, viewer.personId, parsed.value, { submit, locale: c.get('locale') })
      if (submit) return c.redirect(`/applications/${saved.id}`, 303)
      return renderForm(c, loaded.target, loaded.ctx, { values, errors: {}, status: saved.status as 'draft' | 'submitted', applicationId: saved.id, notice: t(c.get('locale'), 'apply.draftSaved') })
    } catch (err) {
      // Closed while typing, or withdrawn in another tab: show the form with what was typed, and why.
      if (err instanceof AppError && err.code === 'conflict') return renderForm(c, loaded.target, loaded.ctx, { values, errors: {}, status, applicationId: existing?.application.id, notice: err.message }, 409)
      throw err
    }
  })

  app.post('/c/:community/programs/:program/apply/autosave', async (c) => {
    const viewer = c.get('viewer')
    const locale = c.get('locale')
    if (!viewer) return c.json({ ok: false, message: t(locale, 'autosave.sessionEnded') }, 401)
    const values = await readForm(c)
    const loaded = await loadTarget(c)
    if (loaded.closed !== undefined) return c.json({ ok: false, message: loaded.closed }, 409)
    const parsed = parseApplicationForm(values, loaded.ctx, false, locale, latestDayOnEarth(deps.clock()))
    if (!parsed.ok) return c.json({ ok: false, message: t(locale, 'autosave.invalid'), errors: parsed.errors }, 422)
    try {
      const saved = await saveApplication(deps, loaded.target, viewer.personId, parsed.value, { submit: false, locale: c.get('locale') })
      return c.json({ ok: true, applicationId: saved.id, savedAt: deps.clock().toISOString(), verdict: saved.verdict })
    } catch (err) {
      if (err instanceof AppError) return c.json({ ok: false, message: err.message }, err.code === 'conflict' ? 409 : 400)
      throw err
    }
  })

  app.get('/applications/:id', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    // Another person's application is "not found", not "forbidden": ids are not confirmed to strangers.
    const receipt = await ownReceipt(c, viewer.personId)
    const now = deps.clock().getTime()
    const open = receipt.window ? receipt.window.opensAt.getTime() <= now && now < receipt.window.closesAt.getTime() : false
    return c.html(
      <ReceiptPage
        locale={c.get('locale')}
        application={receipt.application}
        evidence={receipt.evidence}
        programName={receipt.program.name}
        cohortTitle={receipt.cohort.title}
        cohortZone={receipt.cohort.timeZone}
        applyHref={`/c/${receipt.community.slug}/programs/${receipt.program.slug}/apply`}
        deadline={receipt.window ? describeDeadline(receipt.window, receipt.cohort.timeZone, c.get('locale')) : ''}
        open={open}
        community={{ slug: receipt.community.slug, name: receipt.community.name }}
        displayName={receipt.person.displayName}
        questions={receipt.questions}
        requirements={receipt.requirements}
      />,
    )
  })

  /** The viewer's own application by the route's id; another person's, or a malformed id, is "not found". */
  async function ownReceipt(c: Context<AppEnv>, personId: string) {
    const id = c.req.param('id') ?? ''
    const receipt = isUuid(id) ? await getApplicationReceipt(deps.db, id) : undefined
    if (!receipt || receipt.person.id !== personId) throw new AppError('not_found', 'There is no such application of yours.', {}, { key: 'error.noApplication' })
    return receipt
  }

  // Withdrawing is final for the cohort, so it takes two steps: this page says so, and only its button withdraws.
  app.get('/applications/:id/withdraw', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const receipt = await ownReceipt(c, viewer.personId)
    if (receipt.application.status === 'withdrawn') return c.redirect(`/applications/${receipt.application.id}`, 303)
    return withdrawPage(c, receipt, await offerStakeOf(deps.db, receipt.application.id, deps.clock()))
  })

  function withdrawPage(c: Context<AppEnv>, receipt: Awaited<ReturnType<typeof ownReceipt>>, offer: 'open' | 'confirmed' | undefined, status: 200 | 409 = 200) {
    return c.html(
      <WithdrawPage
        locale={c.get('locale')}
        csrf={c.get('csrfToken')}
        applicationId={receipt.application.id}
        programName={receipt.program.name}
        cohortTitle={receipt.cohort.title}
        community={{ slug: receipt.community.slug, name: receipt.community.name }}
        offer={offer}
      />,
      status,
    )
  }

  app.post('/applications/:id/withdraw', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const receipt = await ownReceipt(c, viewer.personId)
    const id = receipt.application.id
    const form = await c.req.parseBody()
    // Without the confirmation page's answer (an old form, a stray request), ask first; change nothing.
    if (form['confirm'] !== 'yes') return c.redirect(`/applications/${id}/withdraw`, 303)
    try {
      await withdrawApplication(deps, id, viewer.personId)
    } catch (err) {
      // The place was confirmed (perhaps in another tab since the question was shown): say so where it was asked.
      if (err instanceof AppError && err.say?.key === 'withdraw.confirmedPlace') return withdrawPage(c, receipt, 'confirmed', 409)
      throw err
    }
    return c.redirect(`/applications/${id}`, 303)
  })

  return app
}
