import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { formatDayIn, t, type Locale, type MessageKey } from '../../../ui/i18n.ts'
import { evidenceTypeLabel } from '../../applications/forms.ts'
import { evidenceTitle } from '../../applications/views/evidence-title.ts'
import type { ReviewerView } from '../blind.ts'
import { conflictReasons } from '../schema.ts'

/** What the review form shows. */
export interface ReviewFormProps {
  locale: Locale
  csrf: string
  applicationId: string
  cohortTitle: string
  programName: string
  phaseText: string
  applicant: ReviewerView
  questions: { key: string; prompt: string }[]
  /** The program's requirements in order, to title what the applicant wrote for the free-form ones. */
  requirementTitles: { key: string; title: string }[]
  criteria: { key: string; name: string; description: string; weight: number; scaleMin: number; scaleMax: number }[]
  values: { scores: Record<string, string>; privateComment: string; feedbackToApplicant: string }
  errors: Record<string, string>
  others?: { reviewer: string; scores: Record<string, number>; privateComment: string }[]
  notice?: string
  problem?: string
}

/** The rubric form for one application: scores, a private comment, optional feedback; and conflict declaration. */
export function ReviewForm(p: ReviewFormProps) {
  const { locale, applicant } = p
  const name = applicant.displayName ?? t(locale, 'review.blindApplicant')
  // In the catalogue's order; text for a requirement since removed keeps its key as title.
  const titled = p.requirementTitles.filter((r) => applicant.freeForm[r.key]?.trim()).map((r) => [r.title, applicant.freeForm[r.key]!] as const)
  const orphans = Object.entries(applicant.freeForm).filter(([k, v]) => v.trim() && !p.requirementTitles.some((r) => r.key === k))
  const writtenForRequirements = [...titled, ...orphans]
  return (
    <Layout meta={{ title: t(locale, 'review.formTitle', { applicant: name }), locale, languageSwitch: true }}>
      <p class="muted">
        <a href="/reviews">{t(locale, 'review.dashboardTitle')}</a> · {p.programName} · {p.cohortTitle}
      </p>
      <h1>{t(locale, 'review.formTitle', { applicant: name })}</h1>
      <p>{p.phaseText}</p>
      {p.notice ? <p role="status" class="card">{p.notice}</p> : null}
      {p.problem ? <div class="error-box" role="alert"><p>{p.problem}</p></div> : null}
      <div class="layout-2">
        <section class="card">
          {applicant.blind ? <p class="hint">{t(locale, 'review.blindNote')}</p> : null}
          <p>
            <strong>{t(locale, 'review.location')}:</strong> {[applicant.region, applicant.country].filter(Boolean).join(', ') || '—'}
          </p>
          {Object.entries(applicant.links).filter(([, url]) => url).length ? (
            <ul class="links">
              {Object.entries(applicant.links).map(([kind, url]) => (url ? <li><a href={url} rel="nofollow noopener">{kind}</a></li> : null))}
            </ul>
          ) : null}
          <h2>{t(locale, 'review.answers')}</h2>
          <dl>
            {p.questions.map((q) => (
              <>
                <dt>{q.prompt}</dt>
                <dd class="prose">{applicant.answers[q.key] ?? '—'}</dd>
              </>
            ))}
          </dl>
          {writtenForRequirements.length ? (
            <>
              <h2>{t(locale, 'review.freeForm')}</h2>
              <dl>
                {writtenForRequirements.map(([title, text]) => (
                  <>
                    <dt>{title}</dt>
                    <dd class="prose">{text}</dd>
                  </>
                ))}
              </dl>
            </>
          ) : null}
          {applicant.exceptionReason ? (
            <>
              <h2>{t(locale, 'review.exceptionReason')}</h2>
              <p class="prose">{applicant.exceptionReason}</p>
            </>
          ) : null}
          {applicant.evidence.length ? (
            <>
              <h2>{t(locale, 'review.evidence')}</h2>
              <ul>
                {applicant.evidence.map((e) => (
                  <li>
                    {evidenceTypeLabel(locale, e.type)}: {e.url ? <a href={e.url} rel="nofollow noopener">{evidenceTitle(locale, e)}</a> : evidenceTitle(locale, e)}
                    {/* A counted item's title already gives its count and window. */}
                    {e.occurredOn && !e.counted ? ` (${formatDayIn(locale, e.occurredOn)})` : ''}
                    {e.count > 1 && !e.counted ? ` ×${e.count}` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
        <div>
          <form method="post" action={`/reviews/${p.applicationId}`} class="form card" novalidate>
            <CsrfField token={p.csrf} />
            {Object.keys(p.errors).length ? <div class="error-box" role="alert"><p>{t(locale, 'review.fixErrors')}</p></div> : null}
            <h2>{t(locale, 'review.rubric')}</h2>
            {p.criteria.map((c) => {
              const field = `score.${c.key}`
              const error = p.errors[field]
              return (
                <div class="field">
                  <label for={field}>{c.name}</label>
                  <p class="hint" id={`${field}-hint`}>
                    {c.description ? `${c.description} · ` : ''}
                    {t(locale, 'review.scale', { min: c.scaleMin, max: c.scaleMax, weight: c.weight })}
                  </p>
                  <input type="number" id={field} name={field} min={c.scaleMin} max={c.scaleMax} step={1} value={p.values.scores[c.key] ?? ''} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${field}-error` : `${field}-hint`} />
                  {error ? <p class="field-error" id={`${field}-error`}>{error}</p> : null}
                </div>
              )
            })}
            {Object.entries(p.errors).filter(([k]) => k.startsWith('score.') && !p.criteria.some((c) => `score.${c.key}` === k)).map(([, message]) => <p class="field-error">{message}</p>)}
            {(['privateComment', 'feedbackToApplicant'] as const).map((field) => {
              const error = p.errors[field]
              return (
                <div class="field">
                  <label for={field}>{t(locale, field === 'privateComment' ? 'review.privateComment' : 'review.feedback')}</label>
                  <textarea id={field} name={field} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${field}-error` : undefined}>
                    {p.values[field]}
                  </textarea>
                  {error ? <p class="field-error" id={`${field}-error`}>{error}</p> : null}
                </div>
              )
            })}
            <button type="submit">{t(locale, 'review.save')}</button>
          </form>
          {p.others ? (
            <section class="card">
              <h2>{t(locale, 'review.otherReviews')}</h2>
              {p.others.length === 0 ? <p>{t(locale, 'review.noOtherReviews')}</p> : null}
              <ul>
                {p.others.map((o) => (
                  <li>
                    <strong>{o.reviewer}</strong>: {p.criteria.map((c) => `${c.name} ${o.scores[c.key] ?? '—'}`).join(' · ')}
                    {o.privateComment ? <p class="prose">{o.privateComment}</p> : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <form method="post" action={`/reviews/${p.applicationId}/conflict`} class="form card">
            <CsrfField token={p.csrf} />
            <h2>{t(locale, 'review.declareConflict')}</h2>
            <div class="field">
              <label for="reason">{t(locale, 'review.conflictReason')}</label>
              <select id="reason" name="reason">
                {conflictReasons.map((r) => <option value={r}>{t(locale, `review.conflict.${r}` as MessageKey)}</option>)}
              </select>
            </div>
            <div class="field">
              <label for="note">{t(locale, 'review.conflictNote')}</label>
              <input type="text" id="note" name="note" maxlength={1000} />
            </div>
            <button type="submit" class="secondary">{t(locale, 'review.conflictSubmit')}</button>
          </form>
        </div>
      </div>
    </Layout>
  )
}
