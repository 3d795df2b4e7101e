import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'
import type { ApplicationScore } from '../aggregate.ts'
import type { AssignmentRun } from '../run-assignment.ts'
import type { ReviewPhase } from '../phase.ts'
import type { cohortReviewOverview } from '../queries.ts'

/** What the managers' review page shows. */
export interface ManageReviewsProps {
  csrf: string
  locale: Locale
  base: string
  community: { slug: string; name: string }
  programName: string
  cohortTitle: string
  phase: ReviewPhase | undefined
  phaseValues?: Record<string, string>
  overview: Awaited<ReturnType<typeof cohortReviewOverview>>
  scores: ApplicationScore[]
  errors: Record<string, string>
  notice?: string
  run?: AssignmentRun
  /** A refused capacity: the reviewer's row shows the message and keeps the value typed. */
  capacityError?: { reviewerId: string; value: string; message: string }
}

const local = (d: Date | undefined) => (d ? d.toISOString().slice(0, 16) : '')
const fixed = (n: number | null, digits = 3) => (n === null ? '—' : n.toFixed(digits))

function FieldError(props: { errors: Record<string, string>; name: string }) {
  const e = props.errors[props.name]
  return e ? <p class="field-error" id={`${props.name}-error`}>{e}</p> : null
}

/** Phase settings, reviewers and conflicts, assignment (run, override), progress and aggregated scores. */
export function ManageReviewsPage(p: ManageReviewsProps) {
  const l = p.locale
  const phase = p.phase
  const v = p.phaseValues ?? {}
  const checked = (name: 'canSeeOtherReviews' | 'canSeeApplicantNames' | 'scoresChangeable') => (p.phaseValues ? v[name] === 'on' : (phase?.[name] ?? name === 'scoresChangeable'))
  const nameOf = new Map(p.overview.reviewers.map((r) => [r.personId, r.displayName]))
  const applicantOf = new Map(p.overview.applications.map((a) => [a.applicationId, a]))
  return (
    <Layout meta={{ title: t(l, 'reviewAdmin.title', { cohort: p.cohortTitle }), community: p.community, locale: l, languageSwitch: true }}>
      <p class="muted">{p.programName}</p>
      <h1>{t(l, 'reviewAdmin.title', { cohort: p.cohortTitle })}</h1>
      {p.notice ? <p role="status" class="card">{p.notice}</p> : null}
      {p.errors.form ? <div class="error-box" role="alert"><p>{p.errors.form}</p></div> : null}

      <section class="card">
        <h2>{t(l, 'reviewAdmin.phase')}</h2>
        {phase && !phase.stored ? <p class="hint">{t(l, 'reviewAdmin.phaseFromCalendar')}</p> : null}
        <form method="post" action={`${p.base}/phase`} class="form" novalidate>
          <CsrfField token={p.csrf} />
          <div class="field">
            <label for="opensAt">{t(l, 'reviewAdmin.opensAt')}</label>
            <input type="text" id="opensAt" name="opensAt" value={v.opensAt ?? local(phase?.opensAt)} placeholder="2025-04-01T00:00Z" aria-invalid={p.errors.opensAt ? 'true' : undefined} />
            <FieldError errors={p.errors} name="opensAt" />
          </div>
          <div class="field">
            <label for="closesAt">{t(l, 'reviewAdmin.closesAt')}</label>
            <input type="text" id="closesAt" name="closesAt" value={v.closesAt ?? local(phase?.closesAt)} placeholder="2025-04-21T00:00Z" aria-invalid={p.errors.closesAt ? 'true' : undefined} />
            <FieldError errors={p.errors} name="closesAt" />
          </div>
          <div class="field">
            <label for="reviewsPerApplication">{t(l, 'reviewAdmin.perApplication')}</label>
            <input type="number" id="reviewsPerApplication" name="reviewsPerApplication" min={1} max={20} value={v.reviewsPerApplication ?? String(phase?.reviewsPerApplication ?? 2)} aria-invalid={p.errors.reviewsPerApplication ? 'true' : undefined} />
            <FieldError errors={p.errors} name="reviewsPerApplication" />
          </div>
          <label><input type="checkbox" name="canSeeApplicantNames" checked={checked('canSeeApplicantNames')} /> {t(l, 'reviewAdmin.seeNames')}</label><br />
          <label><input type="checkbox" name="canSeeOtherReviews" checked={checked('canSeeOtherReviews')} /> {t(l, 'reviewAdmin.seeOthers')}</label><br />
          <label><input type="checkbox" name="scoresChangeable" checked={checked('scoresChangeable')} /> {t(l, 'reviewAdmin.changeable')}</label>
          <p><button type="submit">{t(l, 'reviewAdmin.savePhase')}</button></p>
        </form>
      </section>

      <section class="card">
        <h2>{t(l, 'reviewAdmin.reviewers')}</h2>
        <table>
          <thead>
            <tr><th scope="col">{t(l, 'reviewAdmin.col.reviewer')}</th><th scope="col">{t(l, 'reviewAdmin.col.email')}</th><th scope="col">{t(l, 'reviewAdmin.col.languages')}</th><th scope="col">{t(l, 'reviewAdmin.col.progress')}</th><th scope="col">{t(l, 'review.capacity.label')}</th><th scope="col">{t(l, 'reviewAdmin.col.conflicts')}</th></tr>
          </thead>
          <tbody>
            {p.overview.reviewers.map((r) => {
              const refused = p.capacityError?.reviewerId === r.personId ? p.capacityError : undefined
              return (
                <tr>
                  <td>{r.displayName}</td>
                  <td>{r.email ?? ''}</td>
                  <td>{r.languages.join(', ') || t(l, 'reviewAdmin.anyLanguage')}</td>
                  <td>{t(l, 'reviewAdmin.progress', { reviewed: r.reviewed, assigned: r.assigned })}</td>
                  <td>
                    <form method="post" action={`${p.base}/reviewers/capacity`} class="inline-form" novalidate>
                      <CsrfField token={p.csrf} />
                      <input type="hidden" name="reviewerId" value={r.personId} />
                      <input
                        type="number"
                        name="maxAssignments"
                        min={0}
                        max={100000}
                        value={refused ? refused.value : r.capacity === null ? '' : String(r.capacity)}
                        placeholder={t(p.locale, 'review.capacity.unlimited')}
                        aria-label={`${t(p.locale, 'review.capacity.label')}: ${r.displayName}`}
                        {...(refused ? { 'aria-invalid': 'true' as const, 'aria-describedby': `capacity-${r.personId}-error` } : {})}
                      />{' '}
                      <button type="submit" class="secondary">{t(p.locale, 'review.capacity.save')}</button>
                      {refused ? <p class="field-error" id={`capacity-${r.personId}-error`}>{refused.message}</p> : null}
                    </form>
                  </td>
                  <td>{r.conflicts.map((c) => `${c.applicant} (${t(l, `reviewAdmin.conflict.${c.reason}`)}${c.note ? `: ${c.note}` : ''})`).join('; ') || '—'}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
        <form method="post" action={`${p.base}/reviewers`} class="form" novalidate>
          <CsrfField token={p.csrf} />
          <h3>{t(l, 'reviewAdmin.invite')}</h3>
          <div class="field">
            <label for="email">{t(l, 'reviewAdmin.email')}</label>
            <input type="email" id="email" name="email" aria-invalid={p.errors.email ? 'true' : undefined} />
            <FieldError errors={p.errors} name="email" />
          </div>
          <div class="field">
            <label for="name">{t(l, 'reviewAdmin.name')}</label>
            <input type="text" id="name" name="name" aria-invalid={p.errors.name ? 'true' : undefined} />
            <FieldError errors={p.errors} name="name" />
          </div>
          <div class="field">
            <label for="languages">{t(l, 'reviewAdmin.languages')}</label>
            <input type="text" id="languages" name="languages" aria-invalid={p.errors.languages ? 'true' : undefined} />
            <FieldError errors={p.errors} name="languages" />
          </div>
          <button type="submit">{t(l, 'reviewAdmin.inviteButton')}</button>
        </form>
      </section>

      <section class="card">
        <h2>{t(l, 'reviewAdmin.assignment')}</h2>
        <form method="post" action={`${p.base}/assign`} class="form">
          <CsrfField token={p.csrf} />
          <button type="submit" name="dryRun" value="1" class="secondary">{t(l, 'reviewAdmin.preview')}</button> <button type="submit">{t(l, 'reviewAdmin.assignAll')}</button>
        </form>
        {p.run ? (
          <div role="status">
            <p>
              {t(l, 'reviewAdmin.run.sentence', {
                summary: t(l, p.run.dryRun ? 'reviewAdmin.run.preview' : 'reviewAdmin.run.added', { count: p.run.added.length, k: p.run.k, applications: p.run.applications }),
                conflicted: p.run.conflictedRemoved.length ? t(l, 'reviewAdmin.run.conflicted', { count: p.run.conflictedRemoved.length }) : '',
              })}
            </p>
            <p>{t(l, 'reviewAdmin.run.load', { load: p.run.reviewers.map((r) => `${r.displayName} ${r.load}${r.capacity === null ? '' : `/${r.capacity}`}`).join(' · ') })}</p>
            {p.run.shortByCapacity ? (
              <p role="alert" class="error-box">
                {t(l, 'review.capacity.short', { missing: p.run.shortByCapacity, needed: p.run.capacity.needed, available: p.run.capacity.available ?? '∞' })}
              </p>
            ) : null}
            {p.run.shortfalls.length ? (
              <ul>
                {p.run.shortfalls.map((s) =>
                  s.atCapacity ? (
                    <li>{t(l, 'review.capacity.shortfall', { applicant: s.applicant, assigned: s.assigned, wanted: s.wanted, eligible: s.eligible, full: s.atCapacity })}</li>
                  ) : (
                    <li>{t(l, 'reviewAdmin.run.shortfall', { applicant: s.applicant, assigned: s.assigned, wanted: s.wanted, eligible: s.eligible })}</li>
                  ),
                )}
              </ul>
            ) : null}
          </div>
        ) : null}
        <form method="post" action={`${p.base}/assignments`} class="form" novalidate>
          <CsrfField token={p.csrf} />
          <h3>{t(l, 'reviewAdmin.change')}</h3>
          <div class="field">
            <label for="applicationId">{t(l, 'reviewAdmin.application')}</label>
            <select id="applicationId" name="applicationId">{p.overview.applications.map((a) => <option value={a.applicationId}>{a.applicant}</option>)}</select>
          </div>
          <div class="field">
            <label for="reviewerId">{t(l, 'reviewAdmin.reviewer')}</label>
            <select id="reviewerId" name="reviewerId">{p.overview.reviewers.map((r) => <option value={r.personId}>{r.displayName}</option>)}</select>
          </div>
          <div class="field"><label for="reason">{t(l, 'reviewAdmin.reason')}</label><input type="text" id="reason" name="reason" maxlength={500} /></div>
          <p><label><input type="checkbox" name="beyondCapacity" /> {t(l, 'review.capacity.beyond')}</label></p>
          <button type="submit" name="action" value="add">{t(l, 'reviewAdmin.assign')}</button> <button type="submit" name="action" value="remove" class="secondary">{t(l, 'reviewAdmin.remove')}</button>
        </form>
      </section>

      <section class="card">
        <h2>{t(l, 'reviewAdmin.scores')}</h2>
        <p class="hint">{t(l, 'reviewAdmin.scoresHint')}</p>
        <table>
          <thead>
            <tr><th scope="col">{t(l, 'reviewAdmin.col.applicant')}</th><th scope="col">{t(l, 'reviewAdmin.col.score')}</th><th scope="col">{t(l, 'reviewAdmin.col.normalised')}</th><th scope="col">{t(l, 'reviewAdmin.col.reviews')}</th><th scope="col">{t(l, 'reviewAdmin.col.reviewers')}</th><th scope="col">{t(l, 'reviewAdmin.col.flags')}</th></tr>
          </thead>
          <tbody>
            {[...p.scores].sort((a, b) => (b.score ?? -1) - (a.score ?? -1)).map((s) => (
              <tr>
                <td>{applicantOf.get(s.applicationId)?.applicant ?? s.applicationId}</td>
                <td>{fixed(s.score)}</td>
                <td>{fixed(s.normalisedScore, 2)}</td>
                <td>{t(l, 'reviewAdmin.reviewCount', { count: s.reviewCount, expected: s.expectedReviews })}</td>
                <td>{(applicantOf.get(s.applicationId)?.reviewerIds ?? []).map((id) => nameOf.get(id) ?? '?').join(', ')}</td>
                <td>{s.flags.map((f) => t(l, f === 'tie' ? 'reviewAdmin.flag.tie' : 'reviewAdmin.flag.missing_reviews')).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  )
}
