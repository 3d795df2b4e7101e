import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { countries } from '../../../lib/countries.ts'
import { formatDayIn, t, type Locale } from '../../../ui/i18n.ts'
import type { EligibilityVerdict } from '../../eligibility/types.ts'
import type { ApplicationQuestion, Cohort, Community, Program, Requirement } from '../../programs/queries.ts'
import { BLANK_EVIDENCE_ROWS, evidenceTypeLabel, evidenceTypes, type EvidenceTypeKey, type FieldErrors, type RawForm } from '../forms.ts'
import { EligibilitySummary, statusLabel } from './eligibility-summary.tsx'
import type { ImportedEvidence } from '../imported-evidence.ts'
import { evidenceTitle } from './evidence-title.ts'

/** Everything the application form shows. */
export interface ApplyPageProps {
  locale: Locale
  csrf: string
  community: Community
  program: Program
  /** The cohort applied to; null only in a preview of a program without an application window. */
  cohort: Cohort | null
  questions: ApplicationQuestion[]
  requirements: Requirement[]
  deadline: string
  /** The deadline in the applicant's own zone, when the browser told us the zone. */
  deadlineLocal?: { when: string; zone: string }
  /** Evidence counted from the contribution store (read-only here). */
  imported: ImportedEvidence[]
  /** The form's values: as stored, or as just submitted when it failed validation. */
  values: RawForm
  evidenceRows: number
  errors: FieldErrors
  status: 'new' | 'draft' | 'submitted'
  applicationId?: string
  verdict: EligibilityVerdict
  notice?: string
  /** A manager's read-only preview (`back`: the form editor): nothing can be sent, nothing is saved. */
  preview?: { back: string }
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

const countriesByLocale = new Map<Locale, { code: string; name: string }[]>()

/** The country list with names in `locale` (from Intl), sorted for its readers (pinyin order in Chinese). */
function countryOptions(locale: Locale): { code: string; name: string }[] {
  if (locale === 'en') return countries
  let list = countriesByLocale.get(locale)
  if (!list) {
    const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' })
    const collator = new Intl.Collator(locale)
    list = countries.map((c) => ({ code: c.code, name: names.of(c.code) ?? c.name })).sort((a, b) => collator.compare(a.name, b.name))
    countriesByLocale.set(locale, list)
  }
  return list
}

/** The application form: answers, region, links, attestations, evidence, and the live eligibility summary. */
export function ApplyPage(p: ApplyPageProps) {
  const { locale } = p
  const tr = (key: Parameters<typeof t>[1], vars?: Record<string, string | number>) => t(locale, key, vars)
  const affirmed = new Set(Array.isArray(p.values.affirmed) ? p.values.affirmed : p.values.affirmed ? [p.values.affirmed] : [])
  const statements = p.requirements.filter((r) => r.kind === 'statement')
  const age = p.requirements.find((r) => r.kind === 'age_attestation')
  const freeForm = p.requirements.filter((r) => r.kind === 'free_form')
  const action = `/c/${p.community.slug}/programs/${p.program.slug}/apply`
  const errorCount = Object.keys(p.errors).length
  // The preview's form sends nothing: no action, no token, no autosave, every control disabled, no buttons.
  const sending = p.preview
    ? {}
    : {
        method: 'post' as const,
        action,
        'data-autosave': `${action}/autosave`,
        'data-csrf': p.csrf,
        'data-label-met': statusLabel(locale, 'met'),
        'data-label-not-met': statusLabel(locale, 'not_met'),
        'data-label-needs-review': statusLabel(locale, 'needs_review'),
        'data-text-saving': tr('autosave.saving'),
        'data-text-saved': tr('autosave.saved'),
        'data-text-not-saved': tr('autosave.notSaved'),
        'data-text-failed': tr('autosave.failed'),
      }
  return (
    <Layout
      meta={{ title: tr('apply.pageTitle', { program: p.program.name }), community: { slug: p.community.slug, name: p.community.name }, locale: p.locale, languageSwitch: true, scripts: p.preview ? [] : ['/assets/apply.js'] }}
    >
      <p class="muted">
        <a href={`/c/${p.community.slug}/programs/${p.program.slug}`}>{p.program.name}</a>
        {p.cohort ? ` · ${p.cohort.title}` : ''}
      </p>
      <h1>{p.status === 'submitted' ? tr('apply.headingSubmitted') : tr('apply.heading')}</h1>
      {p.preview ? (
        <p class="card" role="status" id="form-preview">
          {tr('apply.preview.notice')} <a href={p.preview.back}>{tr('apply.preview.back')}</a>
        </p>
      ) : (
        <p>
          {tr('apply.openUntil', { deadline: p.deadline })} {p.deadlineLocal ? tr('apply.deadlineLocal', p.deadlineLocal) : null}
        </p>
      )}
      {p.notice ? (
        <p class="card" role="status">
          {p.notice}
        </p>
      ) : null}
      {errorCount ? (
        <div class="error-box" role="alert" id="form-errors">
          <p>{errorCount === 1 ? tr('apply.errors.one') : tr('apply.errors.many', { count: errorCount })}</p>
        </div>
      ) : null}
      <div class="layout-2">
        <form class="form" id="application-form" {...sending} novalidate>
          {p.preview ? null : <CsrfField token={p.csrf} />}
          <fieldset class="form-preview" disabled={Boolean(p.preview)}>
          <section class="card">
            <h2>{tr('apply.aboutYou')}</h2>
            <TextField name="displayName" label={tr('apply.displayName')} values={p.values} errors={p.errors} maxlength={200} autocomplete="name" hint={tr('apply.displayNameHint')} />
            <div class="field">
              <label for="country">{tr('apply.country')}</label>
              <select id="country" name="country" {...invalid(p.errors, 'country')}>
                <option value="">{tr('apply.countryChoose')}</option>
                {countryOptions(locale).map((c) => (
                  <option value={c.code} selected={c.code === v(p.values, 'country').toUpperCase()}>
                    {c.name}
                  </option>
                ))}
              </select>
              <FieldError errors={p.errors} name="country" />
            </div>
            <TextField name="region" label={tr('apply.region')} values={p.values} errors={p.errors} maxlength={64} hint={tr('apply.regionHint')} />
            <TextField name="links.github" label={tr('apply.github')} type="url" values={p.values} errors={p.errors} hint={tr('apply.githubHint')} />
            <TextField name="links.blog" label={tr('apply.blog')} type="url" values={p.values} errors={p.errors} />
            <TextField name="links.social" label={tr('apply.social')} type="url" values={p.values} errors={p.errors} />
          </section>
          {p.questions.length ? (
            <section class="card">
              <h2>{tr('apply.questions')}</h2>
              {p.questions.map((q) => (
                <div class="field">
                  <label for={`answer.${q.key}`}>
                    {q.prompt}
                    {q.required ? '' : tr('apply.optional')}
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
              <h2>{tr('apply.statedRequirements')}</h2>
              {age ? (
                <div class="field">
                  <label>
                    <input type="checkbox" name="attestAge" value="yes" checked={v(p.values, 'attestAge') === 'yes'} /> {tr('apply.attestAge', { age: String(age.settings.minimumAge ?? 18) })}
                  </label>
                  <p class="hint">{tr('apply.attestAgeHint')}</p>
                </div>
              ) : null}
              {statements.map((r) => (
                <div class="field">
                  <label>
                    <input type="checkbox" name="affirmed" value={r.key} checked={affirmed.has(r.key)} /> {tr('apply.affirm', { title: r.title })}
                  </label>
                </div>
              ))}
              {freeForm.map((r) => (
                <div class="field">
                  <label for={`freeForm.${r.key}`}>{r.title}</label>
                  <p class="hint">{tr('apply.freeFormHint')}</p>
                  <textarea id={`freeForm.${r.key}`} name={`freeForm.${r.key}`} maxlength={4000} {...invalid(p.errors, `freeForm.${r.key}`)}>
                    {v(p.values, `freeForm.${r.key}`)}
                  </textarea>
                  <FieldError errors={p.errors} name={`freeForm.${r.key}`} />
                </div>
              ))}
            </section>
          ) : null}
          <section class="card">
            <h2>{tr('apply.evidence')}</h2>
            {p.imported.length ? (
              <div class="card">
                <h3>{tr('apply.importedTitle')}</h3>
                <p class="hint">{tr('apply.importedHint')}</p>
                <ul>
                  {p.imported.map((e) => (
                    <li>{e.url ? <a href={e.url} rel="noopener">{evidenceTitle(locale, e)}</a> : evidenceTitle(locale, e)}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            <p class="hint">{tr('apply.evidenceHint')}</p>
            {Array.from({ length: p.evidenceRows + BLANK_EVIDENCE_ROWS }, (_, i) => (
              <fieldset class="evidence-row-set">
                <legend>{tr('apply.evidenceItem', { number: i + 1 })}</legend>
                <div class="evidence-row">
                  <div class="field">
                    <label for={`evidence.${i}.type`}>{tr('apply.evidenceType')}</label>
                    <select id={`evidence.${i}.type`} name={`evidence.${i}.type`} {...invalid(p.errors, `evidence.${i}.type`)}>
                      {(Object.keys(evidenceTypes) as EvidenceTypeKey[]).map((key) => (
                        <option value={key} selected={key === v(p.values, `evidence.${i}.type`)}>
                          {evidenceTypeLabel(locale, key)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div class="field">
                    <label for={`evidence.${i}.title`}>{tr('apply.evidenceTitle')}</label>
                    <input id={`evidence.${i}.title`} name={`evidence.${i}.title`} value={v(p.values, `evidence.${i}.title`)} maxlength={300} {...invalid(p.errors, `evidence.${i}.title`)} />
                  </div>
                  <div class="field">
                    <label for={`evidence.${i}.url`}>{tr('apply.evidenceUrl')}</label>
                    <input id={`evidence.${i}.url`} name={`evidence.${i}.url`} type="url" value={v(p.values, `evidence.${i}.url`)} {...invalid(p.errors, `evidence.${i}.url`)} />
                  </div>
                  <div class="field">
                    <label for={`evidence.${i}.occurredOn`}>{tr('apply.evidenceDate')}</label>
                    <input id={`evidence.${i}.occurredOn`} name={`evidence.${i}.occurredOn`} type="date" value={v(p.values, `evidence.${i}.occurredOn`)} {...invalid(p.errors, `evidence.${i}.occurredOn`)} />
                  </div>
                  <div class="field">
                    <label for={`evidence.${i}.count`}>{tr('apply.evidenceCount')}</label>
                    <input id={`evidence.${i}.count`} name={`evidence.${i}.count`} type="number" min={1} value={v(p.values, `evidence.${i}.count`) || '1'} {...invalid(p.errors, `evidence.${i}.count`)} />
                  </div>
                </div>
                <div class="field">
                  <label for={`evidence.${i}.notes`}>{tr('apply.evidenceNotes')}</label>
                  <input id={`evidence.${i}.notes`} name={`evidence.${i}.notes`} value={v(p.values, `evidence.${i}.notes`)} maxlength={2000} {...invalid(p.errors, `evidence.${i}.notes`)} />
                </div>
                {['type', 'title', 'url', 'occurredOn', 'count', 'notes'].map((f) => (
                  <FieldError errors={p.errors} name={`evidence.${i}.${f}`} />
                ))}
              </fieldset>
            ))}
          </section>
          <section class="card">
            <h2>{tr('apply.belowBar')}</h2>
            <div class="field">
              <label for="exceptionReason">{tr('apply.exceptionReason')}</label>
              <textarea id="exceptionReason" name="exceptionReason" maxlength={4000} {...invalid(p.errors, 'exceptionReason')}>
                {v(p.values, 'exceptionReason')}
              </textarea>
              <FieldError errors={p.errors} name="exceptionReason" />
            </div>
          </section>
          </fieldset>
          {p.preview ? null : (
          <p>
            <button type="submit" name="intent" value="save" class="secondary">
              {tr('apply.saveDraft')}
            </button>{' '}
            <button type="submit" name="intent" value="submit">
              {p.status === 'submitted' ? tr('apply.saveChanges') : tr('apply.submit')}
            </button>{' '}
            <span id="autosave-status" role="status" class="muted"></span>
          </p>
          )}
        </form>
        <aside>
          <EligibilitySummary verdict={p.verdict} locale={locale} />
          {p.applicationId && p.status !== 'new' ? (
            <section class="card">
              <h2>{tr('apply.withdrawHeading')}</h2>
              <p>{tr('apply.withdrawIntro')}</p>
              <form method="get" action={`/applications/${p.applicationId}/withdraw`}>
                <button type="submit" class="secondary">
                  {tr('apply.withdraw')}
                </button>
              </form>
            </section>
          ) : null}
        </aside>
      </div>
    </Layout>
  )
}
