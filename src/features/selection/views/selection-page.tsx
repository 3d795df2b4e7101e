import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { formatInstantIn, t, type Locale, type MessageKey } from '../../../ui/i18n.ts'
import type { Cohort, Community, Program } from '../../programs/queries.ts'
import { describeInfeasibility, explain, outcomeLabel } from '../explain.ts'
import type { SelectionOutcome } from '../schema.ts'
import type { Explanation, Infeasibility, LoweredMinimum } from '../types.ts'

/** One row of the page's table (stored or from a dry run). */
export interface SelectionRow {
  applicationId: string
  displayName: string
  outcome: SelectionOutcome
  rank: number | null
  waitlistPosition: number | null
  score: number | null
  explanation: Explanation
  overrideReason: string | null
  /** The applicant withdrew their application since the selection ran (stored rows only). */
  withdrawn?: boolean
}

/** What the selection page shows. */
export interface SelectionPageProps {
  csrf: string
  locale: Locale
  community: Community
  program: Program
  cohort: Cohort
  status: 'none' | 'draft' | 'locked'
  lockedAt: Date | null
  /** The constraint form's values (as typed) and messages. */
  values: Record<string, string>
  errors: Record<string, string>
  rows: SelectionRow[]
  totalScore: number | null
  proven: boolean
  infeasibility: Infeasibility | null
  lowered: LoweredMinimum[]
  dryRun: boolean
  notice?: string
  /** The override form that failed, re-rendered with its message. */
  overrideError?: { applicationId: string; message: string; outcome: string; reason: string }
  /** Why a run was refused (the selection is locked). */
  refusal?: string
}

function Field(props: { name: string; label: string; values: Record<string, string>; errors: Record<string, string>; hint?: string }) {
  const error = props.errors[props.name]
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      <input id={props.name} name={props.name} value={props.values[props.name] ?? ''} {...(error ? { 'aria-invalid': 'true', 'aria-describedby': `${props.name}-error` } : {})} />
      {props.hint ? <p class="hint">{props.hint}</p> : null}
      {error ? (
        <p class="field-error" id={`${props.name}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  )
}

/** The selection of a cohort for its program managers: constraints, dry run, result, explanations, overrides. */
export function SelectionPage(p: SelectionPageProps) {
  const base = `/admin/c/${p.community.slug}/programs/${p.program.slug}/cohorts/${p.cohort.slug}/selection`
  const locked = p.status === 'locked'
  const l = p.locale
  const notes = describeInfeasibility(l, p.infeasibility, p.lowered)
  // English keeps the page's compact UTC form; other languages read the moment in their own way.
  const lockedAt = p.lockedAt ? (l === 'en' ? `${p.lockedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC` : formatInstantIn(l, p.lockedAt.toISOString())) : ''
  const byRank = (a: SelectionRow, b: SelectionRow) => (a.rank ?? 1e9) - (b.rank ?? 1e9)
  // Those who withdrew their application leave their group (a waitlist place, a seat) for a table of their own:
  // their explanation says what they had, and there is nothing left to override.
  const current = p.rows.filter((r) => !r.withdrawn)
  const groups: [MessageKey, SelectionRow[]][] = [
    ['selection.group.selected', current.filter((r) => r.outcome === 'selected').sort(byRank)],
    ['selection.group.waitlist', current.filter((r) => r.outcome === 'waitlisted').sort((a, b) => (a.waitlistPosition ?? 1e9) - (b.waitlistPosition ?? 1e9))],
    ['selection.group.notSelected', current.filter((r) => r.outcome === 'not_selected').sort(byRank)],
    ['selection.group.withdrawn', p.rows.filter((r) => r.withdrawn)],
  ]
  return (
    <Layout meta={{ title: t(l, 'selection.title', { cohort: p.cohort.title }), community: { slug: p.community.slug, name: p.community.name }, locale: l, languageSwitch: true }}>
      <p class="muted">
        <a href={`/admin/c/${p.community.slug}/programs/${p.program.slug}`}>{p.program.name}</a> ·{' '}
        <a href={`/admin/c/${p.community.slug}/programs/${p.program.slug}/cohorts/${p.cohort.slug}/applications`}>{t(l, 'adminProgram.nav.applications')}</a>
      </p>
      <h1>{t(l, 'selection.title', { cohort: p.cohort.title })}</h1>
      <p id="selection-status">
        {p.status === 'none' ? t(l, 'adminProgram.selection.notRun') : locked ? t(l, 'adminProgram.selection.lockedSince', { at: lockedAt }) : t(l, 'adminProgram.selection.draft')}
      </p>
      {p.notice ? (
        <p class="card" role="status">
          {p.notice}
        </p>
      ) : null}
      {p.refusal ? (
        <div class="error-box" role="alert">
          {p.refusal}
        </div>
      ) : null}
      {p.overrideError && !p.rows.some((r) => r.applicationId === p.overrideError!.applicationId) ? (
        // An override of an application that is not in the result (a stale or forged form) has no row to show its message.
        <div class="error-box" role="alert">
          {p.overrideError.message}
        </div>
      ) : null}
      {locked ? null : (
        <form class="card form" method="post" action={`${base}/run`}>
          <CsrfField token={p.csrf} />
          <h2>{t(l, 'adminProgram.selection.constraints')}</h2>
          <Field name="seats" label={t(l, 'adminProgram.config.seats')} values={p.values} errors={p.errors} />
          <Field name="maxRegionShare" label={t(l, 'adminProgram.selection.maxRegionShare')} hint={t(l, 'adminProgram.selection.maxRegionShareHint')} values={p.values} errors={p.errors} />
          <Field name="maxPerRegion" label={t(l, 'adminProgram.selection.maxPerRegion')} values={p.values} errors={p.errors} />
          <Field name="maxCountryShare" label={t(l, 'adminProgram.selection.maxCountryShare')} values={p.values} errors={p.errors} />
          <Field name="maxPerCountry" label={t(l, 'adminProgram.selection.maxPerCountry')} values={p.values} errors={p.errors} />
          <Field name="maxPerEmployer" label={t(l, 'adminProgram.selection.maxPerEmployer')} values={p.values} errors={p.errors} />
          <Field name="minPerRegion" label={t(l, 'adminProgram.selection.minPerRegion')} hint={t(l, 'adminProgram.selection.minPerRegionHint')} values={p.values} errors={p.errors} />
          <Field name="waitlistLength" label={t(l, 'adminProgram.selection.waitlistLength')} values={p.values} errors={p.errors} />
          <button type="submit" name="mode" value="dry">
            {t(l, 'adminProgram.selection.dryRun')}
          </button>{' '}
          <button type="submit" name="mode" value="save">
            {t(l, 'adminProgram.selection.runAndSave')}
          </button>
        </form>
      )}
      {p.rows.length ? (
        <section class="card" id="selection-result">
          <h2>{t(l, p.dryRun ? 'adminProgram.selection.dryRunHeading' : 'adminProgram.selection.result')}</h2>
          <p>
            {t(l, 'adminProgram.selection.summary', {
              count: current.filter((r) => r.outcome === 'selected').length,
              score: p.totalScore?.toFixed(3) ?? '—',
              unproven: p.proven ? '' : t(l, 'adminProgram.selection.unproven'),
            })}
          </p>
          {notes.length ? (
            <ul class="notes" role="alert">
              {notes.map((n) => (
                <li>{n}</li>
              ))}
            </ul>
          ) : null}
          {groups.map(([caption, rows]) => {
            const overridable = !(locked || p.dryRun || caption === 'selection.group.withdrawn')
            return rows.length ? (
              <table id={caption === 'selection.group.withdrawn' ? 'selection-withdrawn' : undefined}>
                <caption>{t(l, caption, { count: rows.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t(l, 'adminProgram.apps.applicant')}</th>
                    <th scope="col">{t(l, 'adminProgram.selection.score')}</th>
                    <th scope="col">{t(l, 'adminProgram.selection.why')}</th>
                    {overridable ? <th scope="col">{t(l, 'adminProgram.selection.override')}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => {
                    const failed = p.overrideError?.applicationId === r.applicationId ? p.overrideError : undefined
                    return (
                      <tr id={`decision-${r.applicationId}`}>
                        <td>{r.displayName}</td>
                        <td>{r.score === null ? '—' : r.score.toFixed(3)}</td>
                        <td>{explain(l, r.explanation)}</td>
                        {!overridable ? null : (
                          <td>
                            <form method="post" action={`${base}/override`} class="inline-form">
                              <CsrfField token={p.csrf} />
                              <input type="hidden" name="applicationId" value={r.applicationId} />
                              <label>
                                {t(l, 'adminProgram.selection.outcome')}{' '}
                                <select name="outcome">
                                  {(['selected', 'waitlisted', 'not_selected'] as const).map((o) => (
                                    <option value={o} selected={(failed?.outcome ?? r.outcome) === o}>
                                      {outcomeLabel(l, o)}
                                    </option>
                                  ))}
                                </select>
                              </label>{' '}
                              <label>
                                {t(l, 'adminProgram.selection.reason')} <input name="reason" value={failed?.reason ?? ''} {...(failed ? { 'aria-invalid': 'true' } : {})} />
                              </label>{' '}
                              <button type="submit">{t(l, 'adminProgram.selection.override')}</button>
                              {failed ? <p class="field-error">{failed.message}</p> : null}
                              {r.explanation.code === 'not_eligible' ? (
                                <button type="submit" formaction={`${base}/exception`}>
                                  {t(l, 'adminProgram.selection.grantException')}
                                </button>
                              ) : null}
                            </form>
                          </td>
                        )}
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            ) : null
          })}
        </section>
      ) : null}
    </Layout>
  )
}
