import { CsrfField, Layout } from '../../../ui/layout.tsx'
import type { Cohort, CohortPhase, Community, Program, Requirement } from '../../programs/queries.ts'
import { dayInZone } from '../../../lib/dates.ts'
import { ProgramAdminNav } from './program-nav.tsx'
import { t, type Locale, type MessageKey } from '../../../ui/i18n.ts'

type Values = Record<string, string>
type Errors = Record<string, string>

const requirementKinds = ['content_count', 'code_contributions', 'events', 'other_projects', 'age_attestation', 'statement', 'free_form'] as const
const phaseKinds = ['applications', 'review', 'announcement', 'first_meeting', 'term', 'other'] as const
const statuses = ['draft', 'proposed', 'active', 'archived'] as const

export function Err(props: { errors: Errors; name: string }) {
  const m = props.errors[props.name]
  return m ? (
    <p class="field-error" id={`${props.name}-error`}>
      {m}
    </p>
  ) : null
}
export const inv = (errors: Errors, name: string) => (errors[name] ? { 'aria-invalid': 'true', 'aria-describedby': `${name}-error` } : {})

export function Input(props: { name: string; label: string; values: Values; errors: Errors; type?: string }) {
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      <input id={props.name} name={props.name} type={props.type ?? 'text'} value={props.values[props.name] ?? ''} {...inv(props.errors, props.name)} />
      <Err errors={props.errors} name={props.name} />
    </div>
  )
}

/** Form values of the stored program, requirements and cohorts (the same shape a failed submission re-renders). */
export function storedValues(program: Program, reqs: Requirement[], cohortList: { cohort: Cohort; phases: CohortPhase[] }[]): { settings: Values; requirements: Values; cohorts: Record<string, Values> } {
  const settings: Values = {
    name: program.name,
    summary: program.summary,
    descriptionMd: program.descriptionMd,
    benefits: program.benefits.join('\n'),
    targetSeats: program.targetSeats?.toString() ?? '',
    requirementsAtLeast: program.requirementsAtLeast?.toString() ?? '',
    requirementsNoteMd: program.requirementsNoteMd,
    status: program.status,
  }
  const requirements: Values = {}
  reqs.forEach((r, i) => {
    Object.assign(requirements, {
      [`req.${i}.key`]: r.key,
      [`req.${i}.title`]: r.title,
      [`req.${i}.kind`]: r.kind,
      [`req.${i}.mandatory`]: r.mandatory ? 'yes' : '',
      [`req.${i}.threshold`]: r.threshold?.toString() ?? '',
      [`req.${i}.windowMonths`]: r.windowMonths?.toString() ?? '',
    })
  })
  const cohorts: Record<string, Values> = {}
  for (const { cohort, phases } of cohortList) {
    const v: Values = { slug: cohort.slug, year: String(cohort.year), title: cohort.title, seats: String(cohort.seats), timeZone: cohort.timeZone }
    phases.forEach((p, i) => {
      v[`phase.${i}.kind`] = p.kind
      v[`phase.${i}.label`] = p.label
      v[`phase.${i}.from`] = dayInZone(p.startsAt, cohort.timeZone)
      v[`phase.${i}.until`] = p.endsAt ? dayInZone(new Date(p.endsAt.getTime() - 1), cohort.timeZone) : ''
    })
    cohorts[cohort.slug] = v
  }
  return { settings, requirements, cohorts }
}

export function rowsIn(values: Values, prefix: string): number {
  return Object.keys(values).reduce((n, k) => {
    const m = new RegExp(`^${prefix}\\.(\\d+)\\.`).exec(k)
    return m ? Math.max(n, Number(m[1]) + 1) : n
  }, 0)
}

function CohortForm(props: { locale: Locale; action: string; csrf: string; values: Values; errors: Errors; legend: string; isNew: boolean }) {
  const l = props.locale
  const rows = rowsIn(props.values, 'phase') + 2
  const p = props.isNew ? 'new.' : `${props.values.slug}.`
  return (
    <form class="card form" method="post" action={props.action}>
      <CsrfField token={props.csrf} />
      <h3>{props.legend}</h3>
      {props.isNew ? (
        <>
          {/* A new cohort never replaces one with the same identifier (the route refuses it). */}
          <input type="hidden" name="new" value="yes" />
          <Input name="slug" label={t(l, 'adminProgram.config.identifier')} values={props.values} errors={props.errors} />
        </>
      ) : (
        <input type="hidden" name="slug" value={props.values.slug} />
      )}
      <Input name="year" label={t(l, 'adminProgram.config.year')} type="number" values={props.values} errors={props.errors} />
      <Input name="title" label={t(l, 'adminProgram.config.title')} values={props.values} errors={props.errors} />
      <Input name="seats" label={t(l, 'adminProgram.config.seats')} type="number" values={props.values} errors={props.errors} />
      <Input name="timeZone" label={t(l, 'adminProgram.config.timeZone')} values={props.values} errors={props.errors} />
      {Array.from({ length: rows }, (_, i) => (
        <fieldset>
          <legend>{t(l, 'adminProgram.config.phase', { n: i + 1 })}</legend>
          <div class="evidence-row">
            <div class="field">
              <label for={`${p}phase.${i}.kind`}>{t(l, 'adminProgram.config.kind')}</label>
              <select id={`${p}phase.${i}.kind`} name={`phase.${i}.kind`}>
                {phaseKinds.map((k) => (
                  <option value={k} selected={props.values[`phase.${i}.kind`] === k}>
                    {t(l, `adminProgram.config.phase.${k}`)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for={`${p}phase.${i}.label`}>{t(l, 'adminProgram.config.label')}</label>
              <input id={`${p}phase.${i}.label`} name={`phase.${i}.label`} value={props.values[`phase.${i}.label`] ?? ''} {...inv(props.errors, `phase.${i}.label`)} />
            </div>
            <div class="field">
              <label for={`${p}phase.${i}.from`}>{t(l, 'adminProgram.config.firstDay')}</label>
              <input id={`${p}phase.${i}.from`} name={`phase.${i}.from`} type="date" value={props.values[`phase.${i}.from`] ?? ''} {...inv(props.errors, `phase.${i}.from`)} />
            </div>
            <div class="field">
              <label for={`${p}phase.${i}.until`}>{t(l, 'adminProgram.config.lastDay')}</label>
              <input id={`${p}phase.${i}.until`} name={`phase.${i}.until`} type="date" value={props.values[`phase.${i}.until`] ?? ''} {...inv(props.errors, `phase.${i}.until`)} />
            </div>
          </div>
          {['label', 'from', 'until'].map((f) => (
            <Err errors={props.errors} name={`phase.${i}.${f}`} />
          ))}
        </fieldset>
      ))}
      <button type="submit">{t(l, props.isNew ? 'adminProgram.config.createCohort' : 'adminProgram.config.saveCohort')}</button>
    </form>
  )
}

/** Everything the program configuration page shows. */
export interface ProgramConfigProps {
  locale: Locale
  csrf: string
  community: Community
  program: Program
  values: { settings: Values; requirements: Values; cohorts: Record<string, Values>; newCohort: Values }
  errors: { settings: Errors; requirements: Errors; cohorts: Record<string, Errors>; newCohort: Errors }
  notice?: string
}

/** The program configuration page: settings, requirement catalogue, cohorts and calendars. */
export function ProgramConfigPage(p: ProgramConfigProps) {
  const base = `/admin/c/${p.community.slug}/programs/${p.program.slug}`
  const s = p.values.settings
  const reqRows = rowsIn(p.values.requirements, 'req') + 2
  const l = p.locale
  const label = (key: MessageKey) => t(l, key)
  return (
    <Layout meta={{ title: t(l, 'adminProgram.config.pageTitle', { program: p.program.name }), community: { slug: p.community.slug, name: p.community.name }, locale: l, languageSwitch: true }}>
      <p class="muted">
        <a href="/admin">{label('adminProgram.config.administration')}</a> · <a href={`/c/${p.community.slug}/programs/${p.program.slug}`}>{label('adminProgram.config.publicPage')}</a>
      </p>
      <h1>{p.program.name}</h1>
      <ProgramAdminNav locale={l} communitySlug={p.community.slug} programSlug={p.program.slug} cohorts={Object.entries(p.values.cohorts).map(([slug, v]) => ({ slug, title: v.title ?? slug }))} />
      {p.notice ? (
        <p class="card" role="status">
          {p.notice}
        </p>
      ) : null}
      <form class="card form" method="post" action={`${base}/settings`}>
        <CsrfField token={p.csrf} />
        <h2>{label('adminProgram.config.settings')}</h2>
        <Input name="name" label={label('adminProgram.config.name')} values={s} errors={p.errors.settings} />
        <Input name="summary" label={label('adminProgram.config.summary')} values={s} errors={p.errors.settings} />
        <div class="field">
          <label for="descriptionMd">{label('adminProgram.config.description')}</label>
          <textarea id="descriptionMd" name="descriptionMd">{s.descriptionMd ?? ''}</textarea>
          <Err errors={p.errors.settings} name="descriptionMd" />
        </div>
        <div class="field">
          <label for="benefits">{label('adminProgram.config.benefits')}</label>
          <textarea id="benefits" name="benefits">{s.benefits ?? ''}</textarea>
          <Err errors={p.errors.settings} name="benefits" />
        </div>
        <Input name="targetSeats" label={label('adminProgram.config.targetSeats')} type="number" values={s} errors={p.errors.settings} />
        <Input name="requirementsAtLeast" label={label('adminProgram.config.atLeast')} type="number" values={s} errors={p.errors.settings} />
        <div class="field">
          <label for="requirementsNoteMd">{label('adminProgram.config.requirementsNote')}</label>
          <textarea id="requirementsNoteMd" name="requirementsNoteMd">{s.requirementsNoteMd ?? ''}</textarea>
        </div>
        <div class="field">
          <label for="status">{label('adminProgram.config.status')}</label>
          <select id="status" name="status">
            {statuses.map((v) => (
              <option value={v} selected={s.status === v}>
                {label(`adminProgram.config.status.${v}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{label('adminProgram.config.saveSettings')}</button>
      </form>

      <form class="card form" method="post" action={`${base}/requirements`}>
        <CsrfField token={p.csrf} />
        <h2>{label('adminProgram.config.catalogue')}</h2>
        <p class="hint">{label('adminProgram.config.catalogueHint')}</p>
        <Err errors={p.errors.requirements} name="requirements" />
        {Array.from({ length: reqRows }, (_, i) => (
          <fieldset>
            <legend>{t(l, 'adminProgram.config.requirement', { n: i + 1 })}</legend>
            <Input name={`req.${i}.key`} label={label('adminProgram.config.key')} values={p.values.requirements} errors={p.errors.requirements} />
            <Input name={`req.${i}.title`} label={label('adminProgram.config.title')} values={p.values.requirements} errors={p.errors.requirements} />
            <div class="field">
              <label for={`req.${i}.kind`}>{label('adminProgram.config.kind')}</label>
              <select id={`req.${i}.kind`} name={`req.${i}.kind`}>
                {requirementKinds.map((k) => (
                  <option value={k} selected={p.values.requirements[`req.${i}.kind`] === k}>
                    {label(`adminProgram.config.kind.${k}`)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label>
                <input type="checkbox" name={`req.${i}.mandatory`} value="yes" checked={p.values.requirements[`req.${i}.mandatory`] === 'yes'} /> {label('adminProgram.config.mandatory')}
              </label>
            </div>
            <Input name={`req.${i}.threshold`} label={label('adminProgram.config.threshold')} type="number" values={p.values.requirements} errors={p.errors.requirements} />
            <Input name={`req.${i}.windowMonths`} label={label('adminProgram.config.window')} type="number" values={p.values.requirements} errors={p.errors.requirements} />
          </fieldset>
        ))}
        <button type="submit">{label('adminProgram.config.saveRequirements')}</button>
      </form>

      <section aria-labelledby="cohorts-heading">
        <h2 id="cohorts-heading">{label('adminProgram.config.cohorts')}</h2>
        {Object.entries(p.values.cohorts).map(([slug, values]) => (
          <>
            <p>
              <a href={`${base}/cohorts/${slug}/applications`}>{t(l, 'adminProgram.config.applicationsOf', { cohort: values.title ?? slug })}</a>
            </p>
            <CohortForm locale={l} action={`${base}/cohorts`} csrf={p.csrf} values={values} errors={p.errors.cohorts[slug] ?? {}} legend={values.title ?? slug} isNew={false} />
          </>
        ))}
        <CohortForm locale={l} action={`${base}/cohorts`} csrf={p.csrf} values={p.values.newCohort} errors={p.errors.newCohort} legend={label('adminProgram.config.newCohort')} isNew={true} />
      </section>
    </Layout>
  )
}

/** /admin: the programs the viewer manages, their communities (each with "New program"), and admins' tools. */
export function AdminHomePage(props: { locale: Locale; programs: { communitySlug: string; communityName: string; programSlug: string; programName: string }[]; communities: { slug: string; name: string }[]; isAdmin: boolean }) {
  const l = props.locale
  return (
    <Layout meta={{ title: t(l, 'adminProgram.home.pageTitle'), locale: l, languageSwitch: true }}>
      <h1>{t(l, 'adminProgram.home.heading')}</h1>
      <ul>
        {props.programs.map((p) => (
          <li>
            <a href={`/admin/c/${p.communitySlug}/programs/${p.programSlug}`}>
              {p.communityName} · {p.programName}
            </a>{' '}
            (<a href={`/admin/c/${p.communitySlug}/comments`}>{t(l, 'adminProgram.home.moderation')}</a>, <a href={`/admin/c/${p.communitySlug}/managers`}>{t(l, 'adminProgram.home.team')}</a>)
          </li>
        ))}
      </ul>
      {props.programs.length === 0 ? <p>{t(l, 'adminProgram.home.none')}</p> : null}
      <h2>{t(l, 'onboarding.home.communities')}</h2>
      <ul>
        {props.communities.map((c) => (
          <li>
            <a href={`/c/${c.slug}`}>{c.name}</a> · <a href={`/admin/c/${c.slug}/programs/new`}>{t(l, 'onboarding.home.newProgram')}</a>
          </li>
        ))}
      </ul>
      {props.isAdmin ? (
        <p>
          <a href="/admin/communities/new">{t(l, 'onboarding.home.newCommunity')}</a>
        </p>
      ) : null}
      {props.isAdmin ? (
        <p>
          <a href="/admin/roles">{t(l, 'roles.title')}</a> · <a href="/admin/outbox">{t(l, 'adminProgram.home.outbox')}</a> · <a href="/admin/identities">{t(l, 'adminProgram.home.identities')}</a> {t(l, 'adminProgram.home.merges')}
        </p>
      ) : null}
    </Layout>
  )
}
