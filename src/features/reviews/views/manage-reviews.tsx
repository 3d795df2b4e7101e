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
  const phase = p.phase
  const v = p.phaseValues ?? {}
  const checked = (name: 'canSeeOtherReviews' | 'canSeeApplicantNames' | 'scoresChangeable') => (p.phaseValues ? v[name] === 'on' : (phase?.[name] ?? name === 'scoresChangeable'))
  const nameOf = new Map(p.overview.reviewers.map((r) => [r.personId, r.displayName]))
  const applicantOf = new Map(p.overview.applications.map((a) => [a.applicationId, a]))
  return (
    <Layout meta={{ title: `Reviews · ${p.cohortTitle}`, community: p.community }}>
      <p class="muted">{p.programName}</p>
      <h1>Reviews · {p.cohortTitle}</h1>
      {p.notice ? <p role="status" class="card">{p.notice}</p> : null}
      {p.errors.form ? <div class="error-box" role="alert"><p>{p.errors.form}</p></div> : null}

      <section class="card">
        <h2>Review phase</h2>
        {phase && !phase.stored ? <p class="hint">Taken from the calendar’s review phase until saved here.</p> : null}
        <form method="post" action={`${p.base}/phase`} class="form" novalidate>
          <CsrfField token={p.csrf} />
          <div class="field">
            <label for="opensAt">Opens (UTC)</label>
            <input type="text" id="opensAt" name="opensAt" value={v.opensAt ?? local(phase?.opensAt)} placeholder="2025-04-01T00:00Z" aria-invalid={p.errors.opensAt ? 'true' : undefined} />
            <FieldError errors={p.errors} name="opensAt" />
          </div>
          <div class="field">
            <label for="closesAt">Closes (UTC, exclusive)</label>
            <input type="text" id="closesAt" name="closesAt" value={v.closesAt ?? local(phase?.closesAt)} placeholder="2025-04-21T00:00Z" aria-invalid={p.errors.closesAt ? 'true' : undefined} />
            <FieldError errors={p.errors} name="closesAt" />
          </div>
          <div class="field">
            <label for="reviewsPerApplication">Reviewers per application</label>
            <input type="number" id="reviewsPerApplication" name="reviewsPerApplication" min={1} max={20} value={v.reviewsPerApplication ?? String(phase?.reviewsPerApplication ?? 2)} aria-invalid={p.errors.reviewsPerApplication ? 'true' : undefined} />
            <FieldError errors={p.errors} name="reviewsPerApplication" />
          </div>
          <label><input type="checkbox" name="canSeeApplicantNames" checked={checked('canSeeApplicantNames')} /> Reviewers see applicants’ names (unchecked: blind review)</label><br />
          <label><input type="checkbox" name="canSeeOtherReviews" checked={checked('canSeeOtherReviews')} /> Reviewers see each other’s reviews</label><br />
          <label><input type="checkbox" name="scoresChangeable" checked={checked('scoresChangeable')} /> Scores can be changed after saving</label>
          <p><button type="submit">Save phase</button></p>
        </form>
      </section>

      <section class="card">
        <h2>Reviewers and progress</h2>
        <table>
          <thead>
            <tr><th scope="col">Reviewer</th><th scope="col">Email</th><th scope="col">Languages</th><th scope="col">Progress</th><th scope="col">{t(p.locale, 'review.capacity.label')}</th><th scope="col">Declared conflicts</th></tr>
          </thead>
          <tbody>
            {p.overview.reviewers.map((r) => {
              const refused = p.capacityError?.reviewerId === r.personId ? p.capacityError : undefined
              return (
                <tr>
                  <td>{r.displayName}</td>
                  <td>{r.email ?? ''}</td>
                  <td>{r.languages.join(', ') || 'any'}</td>
                  <td>{r.reviewed} of {r.assigned} reviewed</td>
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
                  <td>{r.conflicts.map((c) => `${c.applicant} (${c.reason.replace('_', ' ')}${c.note ? `: ${c.note}` : ''})`).join('; ') || '—'}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
        <form method="post" action={`${p.base}/reviewers`} class="form" novalidate>
          <CsrfField token={p.csrf} />
          <h3>Invite a reviewer</h3>
          <div class="field">
            <label for="email">Email</label>
            <input type="email" id="email" name="email" aria-invalid={p.errors.email ? 'true' : undefined} />
            <FieldError errors={p.errors} name="email" />
          </div>
          <div class="field">
            <label for="name">Name (optional)</label>
            <input type="text" id="name" name="name" aria-invalid={p.errors.name ? 'true' : undefined} />
            <FieldError errors={p.errors} name="name" />
          </div>
          <div class="field">
            <label for="languages">Languages they read (e.g. “en, zh-CN”; empty: any)</label>
            <input type="text" id="languages" name="languages" aria-invalid={p.errors.languages ? 'true' : undefined} />
            <FieldError errors={p.errors} name="languages" />
          </div>
          <button type="submit">Invite</button>
        </form>
      </section>

      <section class="card">
        <h2>Assignment</h2>
        <form method="post" action={`${p.base}/assign`} class="form">
          <CsrfField token={p.csrf} />
          <button type="submit" name="dryRun" value="1" class="secondary">Preview</button> <button type="submit">Assign reviewers</button>
        </form>
        {p.run ? (
          <div role="status">
            <p>
              {p.run.dryRun ? 'Preview: would add' : 'Added'} {p.run.added.length} assignments ({p.run.k} per application, {p.run.applications} applications)
              {p.run.conflictedRemoved.length ? `; ${p.run.conflictedRemoved.length} conflicted assignments removed` : ''}.
            </p>
            <p>Load: {p.run.reviewers.map((r) => `${r.displayName} ${r.load}${r.capacity === null ? '' : `/${r.capacity}`}`).join(' · ')}</p>
            {p.run.shortByCapacity ? (
              <p role="alert" class="error-box">
                {t(p.locale, 'review.capacity.short', { missing: p.run.shortByCapacity, needed: p.run.capacity.needed, available: p.run.capacity.available ?? '∞' })}
              </p>
            ) : null}
            {p.run.shortfalls.length ? (
              <ul>
                {p.run.shortfalls.map((s) =>
                  s.atCapacity ? (
                    <li>{t(p.locale, 'review.capacity.shortfall', { applicant: s.applicant, assigned: s.assigned, wanted: s.wanted, eligible: s.eligible, full: s.atCapacity })}</li>
                  ) : (
                    <li>{s.applicant}: {s.assigned} of {s.wanted} (only {s.eligible} eligible reviewers)</li>
                  ),
                )}
              </ul>
            ) : null}
          </div>
        ) : null}
        <form method="post" action={`${p.base}/assignments`} class="form" novalidate>
          <CsrfField token={p.csrf} />
          <h3>Change one assignment</h3>
          <div class="field">
            <label for="applicationId">Application</label>
            <select id="applicationId" name="applicationId">{p.overview.applications.map((a) => <option value={a.applicationId}>{a.applicant}</option>)}</select>
          </div>
          <div class="field">
            <label for="reviewerId">Reviewer</label>
            <select id="reviewerId" name="reviewerId">{p.overview.reviewers.map((r) => <option value={r.personId}>{r.displayName}</option>)}</select>
          </div>
          <div class="field"><label for="reason">Reason (for the audit log)</label><input type="text" id="reason" name="reason" maxlength={500} /></div>
          <p><label><input type="checkbox" name="beyondCapacity" /> {t(p.locale, 'review.capacity.beyond')}</label></p>
          <button type="submit" name="action" value="add">Assign</button> <button type="submit" name="action" value="remove" class="secondary">Remove</button>
        </form>
      </section>

      <section class="card">
        <h2>Scores</h2>
        <p class="hint">Weighted mean on 0–1 (each criterion rescaled on its scale); normalised: mean of per-reviewer z-scores.</p>
        <table>
          <thead>
            <tr><th scope="col">Applicant</th><th scope="col">Score</th><th scope="col">Normalised</th><th scope="col">Reviews</th><th scope="col">Reviewers</th><th scope="col">Flags</th></tr>
          </thead>
          <tbody>
            {[...p.scores].sort((a, b) => (b.score ?? -1) - (a.score ?? -1)).map((s) => (
              <tr>
                <td>{applicantOf.get(s.applicationId)?.applicant ?? s.applicationId}</td>
                <td>{fixed(s.score)}</td>
                <td>{fixed(s.normalisedScore, 2)}</td>
                <td>{s.reviewCount} of {s.expectedReviews}</td>
                <td>{(applicantOf.get(s.applicationId)?.reviewerIds ?? []).map((id) => nameOf.get(id) ?? '?').join(', ')}</td>
                <td>{s.flags.map((f) => (f === 'tie' ? 'tie' : 'missing reviews')).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  )
}
