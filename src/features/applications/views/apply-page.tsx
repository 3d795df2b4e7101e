import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { countries } from '../../../lib/countries.ts'
import type { Locale } from '../../../ui/i18n.ts'
import type { EligibilityVerdict } from '../../eligibility/types.ts'
import type { ApplicationQuestion, Cohort, Community, Program, Requirement } from '../../programs/queries.ts'
import { BLANK_EVIDENCE_ROWS, evidenceTypes, type FieldErrors, type RawForm } from '../forms.ts'
import { EligibilitySummary } from './eligibility-summary.tsx'

/** Everything the application form shows. */
export interface ApplyPageProps {
  locale: Locale
  csrf: string
  community: Community
  program: Program
  cohort: Cohort
  questions: ApplicationQuestion[]
  requirements: Requirement[]
  deadline: string
  /** The form's values: as stored, or as just submitted when it failed validation. */
  values: RawForm
  evidenceRows: number
  errors: FieldErrors
  status: 'new' | 'draft' | 'submitted'
  applicationId?: string
  verdict: EligibilityVerdict
  notice?: string
}

const v = (values: RawForm, name: string) => {
  const x = values[name]
  return Array.isArray(x) ? (x[0] ?? '') : (x ?? '')
}

function FieldError(props: { errors: FieldErrors; name: string }) {
  const message = props.errors[props.name]
  return message ? (
    <p class="field-error" id={`${props.name}-error`}>
      {message}
    </p>
  ) : null
}

const invalid = (errors: FieldErrors, name: string) =>
  errors[name] ? { 'aria-invalid': 'true', 'aria-describedby': `${name}-error` } : {}

function TextField(props: { name: string; label: string; values: RawForm; errors: FieldErrors; type?: string; hint?: string; maxlength?: number; autocomplete?: string }) {
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      {props.hint ? <p class="hint">{props.hint}</p> : null}
      <input id={props.name} name={props.name} type={props.type ?? 'text'} value={v(props.values, props.name)} maxlength={props.maxlength} autocomplete={props.autocomplete} {...invalid(props.errors, props.name)} />
      <FieldError errors={props.errors} name={props.name} />
    </div>
  )
}

/** The application form: answers, region, links, attestations, evidence, and the live eligibility summary. */
export function ApplyPage(p: ApplyPageProps) {
  const affirmed = new Set(Array.isArray(p.values.affirmed) ? p.values.affirmed : p.values.affirmed ? [p.values.affirmed] : [])
  const statements = p.requirements.filter((r) => r.kind === 'statement')
  const age = p.requirements.find((r) => r.kind === 'age_attestation')
  const freeForm = p.requirements.filter((r) => r.kind === 'free_form')
  const action = `/c/${p.community.slug}/programs/${p.program.slug}/apply`
  const errorCount = Object.keys(p.errors).length
  return (
    <Layout
      meta={{ title: `Apply · ${p.program.name}`, community: { slug: p.community.slug, name: p.community.name }, locale: p.locale, languageSwitch: true, scripts: ['/assets/apply.js'] }}
    >
      <p class="muted">
        <a href={`/c/${p.community.slug}/programs/${p.program.slug}`}>{p.program.name}</a> · {p.cohort.title}
      </p>
      <h1>{p.status === 'submitted' ? 'Your application' : 'Apply'}</h1>
      <p>Applications are open until {p.deadline}.</p>
      {p.notice ? (
        <p class="card" role="status">
          {p.notice}
        </p>
      ) : null}
      {errorCount ? (
        <div class="error-box" role="alert" id="form-errors">
          <p>
            {errorCount === 1 ? 'One field needs' : `${errorCount} fields need`} your attention. Nothing you typed was lost.
          </p>
        </div>
      ) : null}
      <div class="layout-2">
        <form class="form" method="post" action={action} id="application-form" data-autosave={`${action}/autosave`} data-csrf={p.csrf} novalidate>
          <CsrfField token={p.csrf} />
          <section class="card">
            <h2>About you</h2>
            <TextField name="displayName" label="Your name, as you want it shown" values={p.values} errors={p.errors} maxlength={200} autocomplete="name" hint="Any script; we keep it exactly as you type it." />
            <div class="field">
              <label for="country">Country</label>
              <select id="country" name="country" {...invalid(p.errors, 'country')}>
                <option value="">Choose…</option>
                {countries.map((c) => (
                  <option value={c.code} selected={c.code === v(p.values, 'country').toUpperCase()}>
                    {c.name}
                  </option>
                ))}
              </select>
              <FieldError errors={p.errors} name="country" />
            </div>
            <TextField name="region" label="Region" values={p.values} errors={p.errors} maxlength={64} hint="The region you would represent, e.g. Europe, Latin America, East Asia." />
            <TextField name="links.github" label="GitHub profile" type="url" values={p.values} errors={p.errors} hint="https://github.com/your-login" />
            <TextField name="links.blog" label="Blog" type="url" values={p.values} errors={p.errors} />
            <TextField name="links.social" label="Social media" type="url" values={p.values} errors={p.errors} />
          </section>
          {p.questions.length ? (
            <section class="card">
              <h2>Questions</h2>
              {p.questions.map((q) => (
                <div class="field">
                  <label for={`answer.${q.key}`}>
                    {q.prompt}
                    {q.required ? '' : ' (optional)'}
                  </label>
                  <textarea id={`answer.${q.key}`} name={`answer.${q.key}`} maxlength={q.maxLength} {...invalid(p.errors, `answer.${q.key}`)}>
                    {v(p.values, `answer.${q.key}`)}
                  </textarea>
                  <FieldError errors={p.errors} name={`answer.${q.key}`} />
                </div>
              ))}
            </section>
          ) : null}
          {statements.length || age || freeForm.length ? (
            <section class="card">
              <h2>Requirements you state</h2>
              {age ? (
                <div class="field">
                  <label>
                    <input type="checkbox" name="attestAge" value="yes" checked={v(p.values, 'attestAge') === 'yes'} /> I am {String(age.settings.minimumAge ?? 18)} years of age or older.
                  </label>
                  <p class="hint">We store only this statement, never a birth date.</p>
                </div>
              ) : null}
              {statements.map((r) => (
                <div class="field">
                  <label>
                    <input type="checkbox" name="affirmed" value={r.key} checked={affirmed.has(r.key)} /> I affirm: {r.title}
                  </label>
                </div>
              ))}
              {freeForm.map((r) => (
                <div class="field">
                  <label for={`freeForm.${r.key}`}>{r.title}</label>
                  <p class="hint">Tell the reviewers about it; they judge this one.</p>
                  <textarea id={`freeForm.${r.key}`} name={`freeForm.${r.key}`} maxlength={4000} {...invalid(p.errors, `freeForm.${r.key}`)}>
                    {v(p.values, `freeForm.${r.key}`)}
                  </textarea>
                  <FieldError errors={p.errors} name={`freeForm.${r.key}`} />
                </div>
              ))}
            </section>
          ) : null}
          <section class="card">
            <h2>Evidence</h2>
            <p class="hint">Blog posts, videos, talks, events, contributions, roles in other projects. Save to get more empty rows.</p>
            {Array.from({ length: p.evidenceRows + BLANK_EVIDENCE_ROWS }, (_, i) => (
              <fieldset class="evidence-row-set">
                <legend>Item {i + 1}</legend>
                <div class="evidence-row">
                  <div class="field">
                    <label for={`evidence.${i}.type`}>Type</label>
                    <select id={`evidence.${i}.type`} name={`evidence.${i}.type`} {...invalid(p.errors, `evidence.${i}.type`)}>
                      {Object.entries(evidenceTypes).map(([key, label]) => (
                        <option value={key} selected={key === v(p.values, `evidence.${i}.type`)}>
                          {label}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div class="field">
                    <label for={`evidence.${i}.title`}>Title</label>
                    <input id={`evidence.${i}.title`} name={`evidence.${i}.title`} value={v(p.values, `evidence.${i}.title`)} maxlength={300} {...invalid(p.errors, `evidence.${i}.title`)} />
                  </div>
                  <div class="field">
                    <label for={`evidence.${i}.url`}>Link</label>
                    <input id={`evidence.${i}.url`} name={`evidence.${i}.url`} type="url" value={v(p.values, `evidence.${i}.url`)} {...invalid(p.errors, `evidence.${i}.url`)} />
                  </div>
                  <div class="field">
                    <label for={`evidence.${i}.occurredOn`}>Date</label>
                    <input id={`evidence.${i}.occurredOn`} name={`evidence.${i}.occurredOn`} type="date" value={v(p.values, `evidence.${i}.occurredOn`)} {...invalid(p.errors, `evidence.${i}.occurredOn`)} />
                  </div>
                  <div class="field">
                    <label for={`evidence.${i}.count`}>How many</label>
                    <input id={`evidence.${i}.count`} name={`evidence.${i}.count`} type="number" min={1} value={v(p.values, `evidence.${i}.count`) || '1'} {...invalid(p.errors, `evidence.${i}.count`)} />
                  </div>
                </div>
                <div class="field">
                  <label for={`evidence.${i}.notes`}>Notes (optional)</label>
                  <input id={`evidence.${i}.notes`} name={`evidence.${i}.notes`} value={v(p.values, `evidence.${i}.notes`)} maxlength={2000} />
                </div>
                {['type', 'title', 'url', 'occurredOn', 'count'].map((f) => (
                  <FieldError errors={p.errors} name={`evidence.${i}.${f}`} />
                ))}
              </fieldset>
            ))}
          </section>
          <section class="card">
            <h2>Below the bar?</h2>
            <div class="field">
              <label for="exceptionReason">If you do not meet the requirements, tell us why we should consider you anyway</label>
              <textarea id="exceptionReason" name="exceptionReason" maxlength={4000} {...invalid(p.errors, 'exceptionReason')}>
                {v(p.values, 'exceptionReason')}
              </textarea>
              <FieldError errors={p.errors} name="exceptionReason" />
            </div>
          </section>
          <p>
            <button type="submit" name="intent" value="save" class="secondary">
              Save draft
            </button>{' '}
            <button type="submit" name="intent" value="submit">
              {p.status === 'submitted' ? 'Save changes' : 'Submit application'}
            </button>{' '}
            <span id="autosave-status" role="status" class="muted"></span>
          </p>
        </form>
        <aside>
          <EligibilitySummary verdict={p.verdict} />
          {p.applicationId && p.status !== 'new' ? (
            <section class="card">
              <h2>Withdraw</h2>
              <p>Withdrawing is final for this cohort.</p>
              <form method="post" action={`/applications/${p.applicationId}/withdraw`}>
                <CsrfField token={p.csrf} />
                <button type="submit" class="secondary">
                  Withdraw my application
                </button>
              </form>
            </section>
          ) : null}
        </aside>
      </div>
    </Layout>
  )
}
