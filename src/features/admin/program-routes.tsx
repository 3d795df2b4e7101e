import { Hono, type Context } from 'hono'
import { and, asc, eq, inArray } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { AppEnv } from '../../ui/env.ts'
import { AppError } from '../../lib/errors.ts'
import { requireViewer, sessionMiddleware } from '../accounts/middleware.ts'
import { cohortPhases, cohorts, communities, programs, requirements } from '../programs/schema.ts'
import { cohortDefinition, requirementDefinition } from '../programs/forms.ts'
import { programSettings, saveCohort, saveRequirements, updateProgramSettings } from '../programs/configure-program.ts'
import { AdminHomePage, ProgramConfigPage, storedValues, type ProgramConfigProps } from './views/program-config.tsx'
import { CohortApplicationsPage } from './views/cohort-applications.tsx'
import { listCohortApplications } from '../applications/list-cohort-applications.ts'
import { managedProgram } from './managed.ts'
import { ApplicationPage } from './views/application-page.tsx'
import { getApplicationReceipt } from '../applications/queries.ts'
import { cohortCriteria } from '../reviews/cohort-scores.ts'
import { reviews } from '../reviews/schema.ts'
import { people } from '../people/schema.ts'
import { isUuid } from '../../lib/ids.ts'
import { fieldsNamed, readStringFields, unstorableFields } from '../../ui/read-form.ts'
import { t } from '../../ui/i18n.ts'
import { localizedIssues, localizeFields } from './localize-message.ts'

const num = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : Number(v))

/** Program managers (and admins) configure their programs: settings, requirement catalogue, cohorts and calendars. */
export function adminProgramRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.use('/admin', sessionMiddleware(deps))
  app.use('/admin/c/*', sessionMiddleware(deps))

  app.get('/admin', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const isAdmin = viewer.roles.some((r) => r.role === 'admin')
    const managed = viewer.roles.filter((r) => r.role === 'program_manager' && r.communityId).map((r) => r.communityId!)
    const rows =
      isAdmin || managed.length
        ? await deps.db
            .select({ communitySlug: communities.slug, communityName: communities.name, programSlug: programs.slug, programName: programs.name })
            .from(programs)
            .innerJoin(communities, eq(communities.id, programs.communityId))
            .where(isAdmin ? undefined : inArray(communities.id, managed))
            .orderBy(asc(communities.name), asc(programs.name))
        : []
    if (!isAdmin && !managed.length) throw new AppError('forbidden', t(c.get('locale'), 'adminProgram.home.notManager'))
    const communityRows = await deps.db
      .select({ slug: communities.slug, name: communities.name })
      .from(communities)
      .where(isAdmin ? undefined : inArray(communities.id, managed))
      .orderBy(asc(communities.name))
    return c.html(<AdminHomePage programs={rows} communities={communityRows} isAdmin={isAdmin} locale={c.get('locale')} />)
  })


  async function render(c: Context<AppEnv>, found: { community: typeof communities.$inferSelect; program: typeof programs.$inferSelect }, override: Partial<{ values: Partial<ProgramConfigProps['values']>; errors: Partial<ProgramConfigProps['errors']>; notice: string }> = {}, status: 200 | 422 = 200) {
    const [program] = await deps.db.select().from(programs).where(eq(programs.id, found.program.id))
    const [reqs, cohortRows] = await Promise.all([
      deps.db.select().from(requirements).where(eq(requirements.programId, found.program.id)).orderBy(asc(requirements.position)),
      deps.db.select().from(cohorts).where(eq(cohorts.programId, found.program.id)).orderBy(asc(cohorts.year)),
    ])
    const phases = cohortRows.length ? await deps.db.select().from(cohortPhases).where(inArray(cohortPhases.cohortId, cohortRows.map((r) => r.id))).orderBy(asc(cohortPhases.position)) : []
    const stored = storedValues(program!, reqs, cohortRows.map((cohort) => ({ cohort, phases: phases.filter((p) => p.cohortId === cohort.id) })))
    const props: ProgramConfigProps = {
      locale: c.get('locale'),
      csrf: c.get('csrfToken'),
      community: found.community,
      program: program!,
      values: { ...stored, newCohort: { timeZone: 'Etc/GMT+12' }, ...override.values, cohorts: { ...stored.cohorts, ...override.values?.cohorts } },
      errors: { settings: {}, requirements: {}, cohorts: {}, newCohort: {}, ...override.errors },
      notice: override.notice,
    }
    return c.html(<ProgramConfigPage {...props} />, status)
  }

  const base = '/admin/c/:community/programs/:program'

  app.get(base, async (c) => {
    const found = await managedProgram(c, deps.db)
    if ('redirect' in found && found.redirect) return found.redirect
    return render(c, found as Required<typeof found>)
  })

  app.post(`${base}/settings`, async (c) => {
    const found = await managedProgram(c, deps.db)
    if ('redirect' in found && found.redirect) return found.redirect
    const f = found as Required<typeof found>
    const form = await readStringFields(c)
    const locale = c.get('locale')
    const parsed = programSettings.safeParse({
      name: form.name ?? '',
      summary: form.summary ?? '',
      descriptionMd: form.descriptionMd ?? '',
      benefits: (form.benefits ?? '').split('\n').map((b) => b.trim()).filter(Boolean),
      targetSeats: num(form.targetSeats),
      requirementsAtLeast: num(form.requirementsAtLeast),
      requirementsNoteMd: form.requirementsNoteMd ?? '',
      status: form.status ?? 'active',
    })
    if (!parsed.success) return render(c, f, { values: { settings: form }, errors: { settings: localizedIssues(locale, parsed.error) } }, 422)
    try {
      await updateProgramSettings(deps, f.program.id, parsed.data, f.viewer.personId)
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation') return render(c, f, { values: { settings: form }, errors: { settings: localizeFields(locale, err.fields) } }, 422)
      throw err
    }
    return render(c, f, { notice: t(locale, 'adminProgram.config.settingsSaved') })
  })

  app.post(`${base}/requirements`, async (c) => {
    const found = await managedProgram(c, deps.db)
    if ('redirect' in found && found.redirect) return found.redirect
    const f = found as Required<typeof found>
    const form = await readStringFields(c)
    const locale = c.get('locale')
    const errors: Record<string, string> = {}
    const rows = []
    for (let i = 0; i < 200; i++) {
      const key = (form[`req.${i}.key`] ?? '').trim()
      const title = (form[`req.${i}.title`] ?? '').trim()
      if (!key && !title) continue
      const parsed = requirementDefinition.safeParse({
        key,
        title,
        kind: form[`req.${i}.kind`],
        mandatory: form[`req.${i}.mandatory`] === 'yes',
        threshold: num(form[`req.${i}.threshold`]) ?? undefined,
        windowMonths: num(form[`req.${i}.windowMonths`]) ?? undefined,
      })
      if (!parsed.success) for (const [k, m] of Object.entries(localizedIssues(locale, parsed.error))) errors[`req.${i}.${k}`] = t(locale, 'adminProgram.config.fieldProblem', { problem: m }).replace('This Too', 'Too')
      else rows.push({ ...parsed.data, settings: await existingSettings(f.program.id, key) })
    }
    if (new Set(rows.map((r) => r.key)).size !== rows.length) errors.requirements = t(locale, 'adminProgram.msg.ownKey')
    Object.assign(errors, unstorableFields(fieldsNamed(form, Object.keys(form).filter((k) => /^req\.\d+\.(key|title|kind|threshold|windowMonths)$/.test(k))), locale))
    if (Object.keys(errors).length) return render(c, f, { values: { requirements: form }, errors: { requirements: errors } }, 422)
    try {
      await saveRequirements(deps, f.program.id, rows, f.viewer.personId)
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation') return render(c, f, { values: { requirements: form }, errors: { requirements: localizeFields(locale, err.fields) } }, 422)
      throw err
    }
    return render(c, f, { notice: t(locale, 'adminProgram.config.requirementsSaved') })
  })

  async function existingSettings(programId: string, key: string) {
    const [row] = await deps.db.select({ settings: requirements.settings }).from(requirements).where(and(eq(requirements.programId, programId), eq(requirements.key, key)))
    return row?.settings ?? {}
  }

  app.post(`${base}/cohorts`, async (c) => {
    const found = await managedProgram(c, deps.db)
    if ('redirect' in found && found.redirect) return found.redirect
    const f = found as Required<typeof found>
    const form = await readStringFields(c)
    const locale = c.get('locale')
    const nul = unstorableFields(fieldsNamed(form, Object.keys(form).filter((k) => /^(slug|year|title|seats|timeZone|phase\.\d+\.(kind|label|from|until))$/.test(k))), locale)
    if (Object.keys(nul).length) {
      return form.new === 'yes' || !form.slug
        ? render(c, f, { values: { newCohort: form }, errors: { newCohort: nul } }, 422)
        : render(c, f, { values: { cohorts: { [form.slug]: form } }, errors: { cohorts: { [form.slug]: nul } } }, 422)
    }
    const phases = []
    for (let i = 0; i < 50; i++) {
      const label = (form[`phase.${i}.label`] ?? '').trim()
      const from = (form[`phase.${i}.from`] ?? '').trim()
      if (!label && !from) continue
      phases.push({ kind: form[`phase.${i}.kind`], label, from, until: (form[`phase.${i}.until`] ?? '').trim() || undefined })
    }
    const parsed = cohortDefinition.safeParse({ slug: (form.slug ?? '').trim(), year: num(form.year), title: (form.title ?? '').trim(), seats: num(form.seats), timeZone: (form.timeZone ?? '').trim(), phases })
    const [existing] = await deps.db.select({ id: cohorts.id }).from(cohorts).where(and(eq(cohorts.programId, f.program.id), eq(cohorts.slug, (form.slug ?? '').trim())))
    if (form.new === 'yes' && existing) {
      // The new-cohort form must not overwrite a cohort (its title, seats, zone and whole calendar) by its identifier.
      const slugTaken = t(locale, 'adminProgram.config.slugTaken', { slug: (form.slug ?? '').trim() })
      return render(c, f, { values: { newCohort: form }, errors: { newCohort: { slug: slugTaken } } }, 422)
    }
    if (!parsed.success) {
      // Map phases.N.x (index among non-empty rows) back to the row the manager typed in.
      const errors: Record<string, string> = {}
      const typedRows = Array.from({ length: 50 }, (_, i) => i).filter((i) => (form[`phase.${i}.label`] ?? '').trim() || (form[`phase.${i}.from`] ?? '').trim())
      for (const [k, m] of Object.entries(localizedIssues(locale, parsed.error))) {
        const pm = /^phases\.(\d+)\.(\w+)$/.exec(k)
        errors[pm ? `phase.${typedRows[Number(pm[1])]}.${pm[2]}` : k] = t(locale, 'adminProgram.config.fieldProblem', { problem: m })
      }
      return existing
        ? render(c, f, { values: { cohorts: { [form.slug!]: form } }, errors: { cohorts: { [form.slug!]: errors } } }, 422)
        : render(c, f, { values: { newCohort: form }, errors: { newCohort: errors } }, 422)
    }
    await saveCohort(deps, f.program.id, parsed.data, f.viewer.personId)
    return render(c, f, { notice: t(locale, 'adminProgram.config.cohortSaved', { cohort: parsed.data.title }) })
  })

  app.get(`${base}/cohorts/:cohort/applications`, async (c) => {
    const found = await managedProgram(c, deps.db)
    if ('redirect' in found && found.redirect) return found.redirect
    const f = found as Required<typeof found>
    const [cohort] = await deps.db.select().from(cohorts).where(and(eq(cohorts.programId, f.program.id), eq(cohorts.slug, c.req.param('cohort'))))
    if (!cohort) throw new AppError('not_found', t(c.get('locale'), 'adminProgram.apps.noCohort'))
    const rows = await listCohortApplications(deps.db, cohort.id)
    return c.html(<CohortApplicationsPage locale={c.get('locale')} community={f.community} program={f.program} cohort={cohort} applications={rows} />)
  })

  app.get(`${base}/cohorts/:cohort/applications/:id`, async (c) => {
    const found = await managedProgram(c, deps.db)
    if ('redirect' in found && found.redirect) return found.redirect
    const f = found as Required<typeof found>
    const id = c.req.param('id')
    const receipt = isUuid(id) ? await getApplicationReceipt(deps.db, id) : undefined
    // An application of another program or cohort is not found here, whoever manages it.
    if (!receipt || receipt.program.id !== f.program.id || receipt.cohort.slug !== c.req.param('cohort')) throw new AppError('not_found', t(c.get('locale'), 'adminProgram.apps.noApplication'))
    const [criteria, reviewRows, [person]] = await Promise.all([
      cohortCriteria(deps.db, receipt.cohort.id),
      deps.db
        .select({ reviewer: people.displayName, scores: reviews.scores, privateComment: reviews.privateComment, feedbackToApplicant: reviews.feedbackToApplicant, updatedAt: reviews.updatedAt })
        .from(reviews)
        .innerJoin(people, eq(people.id, reviews.reviewerPersonId))
        .where(eq(reviews.applicationId, id))
        .orderBy(asc(reviews.createdAt)),
      deps.db.select({ email: people.email }).from(people).where(eq(people.id, receipt.person.id)),
    ])
    return c.html(
      <ApplicationPage
        locale={c.get('locale')}
        community={f.community}
        program={f.program}
        cohort={receipt.cohort}
        application={receipt.application}
        evidence={receipt.evidence}
        displayName={receipt.person.displayName}
        email={person?.email ?? null}
        questions={receipt.questions}
        requirements={receipt.requirements}
        criteria={criteria}
        reviews={reviewRows}
      />,
    )
  })

  return app
}
