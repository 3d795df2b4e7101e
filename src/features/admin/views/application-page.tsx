import { Layout } from '../../../ui/layout.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'
import type { Cohort, Community, Program } from '../../programs/queries.ts'
import type { Application, Evidence } from '../../applications/queries.ts'
import type { EligibilityVerdict } from '../../eligibility/types.ts'
import { ApplicationContents, type AskedAs } from '../../applications/views/application-contents.tsx'
import { EligibilitySummary } from '../../applications/views/eligibility-summary.tsx'
import { instantIn } from '../../applications/views/receipt-page.tsx'
import { weightedReviewScore, type RubricCriterion } from '../../reviews/aggregate.ts'

/** One review of the application, with its reviewer's name. */
export interface ApplicationReview {
  reviewer: string
  scores: Record<string, number>
  privateComment: string
  feedbackToApplicant: string
  updatedAt: Date
}

/** One application in full, for the program team: what the applicant sent, its verdict and its reviews. */
export function ApplicationPage(
  props: AskedAs & {
    locale: Locale
    community: Community
    program: Program
    cohort: Cohort
    application: Application
    evidence: Evidence[]
    displayName: string
    email: string | null
    criteria: (RubricCriterion & { name: string })[]
    reviews: ApplicationReview[]
  },
) {
  const a = props.application
  const l = props.locale
  const verdict = a.eligibility as EligibilityVerdict | null
  const listHref = `/admin/c/${props.community.slug}/programs/${props.program.slug}/cohorts/${props.cohort.slug}/applications`
  return (
    <Layout meta={{ title: `${props.displayName} · ${props.cohort.title}`, community: { slug: props.community.slug, name: props.community.name }, locale: l, languageSwitch: true }}>
      <p class="muted">
        <a href={`/admin/c/${props.community.slug}/programs/${props.program.slug}`}>{props.program.name}</a> ·{' '}
        <a href={listHref}>{t(l, 'adminProgram.apps.title', { cohort: props.cohort.title })}</a>
      </p>
      <h1>{props.displayName}</h1>
      <section class="card" role="status">
        <p>
          {t(l, 'adminProgram.app.status')}
          <strong>{t(l, `adminProgram.apps.status.${a.status}`)}</strong>
          {a.status === 'submitted' && a.submittedAt ? t(l, 'adminProgram.app.submittedOn', { utc: instantIn(l, 'UTC', a.submittedAt), local: instantIn(l, props.cohort.timeZone, a.submittedAt) }) : ''}
          {a.status === 'withdrawn' && a.withdrawnAt ? t(l, 'adminProgram.app.withdrawnOn', { local: instantIn(l, props.cohort.timeZone, a.withdrawnAt) }) : ''}
          {t(l, 'adminProgram.app.end')}
        </p>
        {props.email ? (
          <p>
            {t(l, 'adminProgram.app.email')}
            <a href={`mailto:${props.email}`}>{props.email}</a>
          </p>
        ) : null}
      </section>
      <div class="layout-2">
        <section class="card">
          <ApplicationContents locale={l} application={a} evidence={props.evidence} displayName={props.displayName} questions={props.questions} requirements={props.requirements} />
        </section>
        <aside>{verdict ? <EligibilitySummary verdict={verdict} locale={l} /> : <p>{t(l, 'adminProgram.app.noVerdict')}</p>}</aside>
      </div>
      <section class="card">
        <h2>{t(l, 'adminProgram.app.reviews')}</h2>
        {props.reviews.length ? (
          <div class="table-scroll">
            <table>
              <caption class="visually-hidden">{t(l, 'adminProgram.app.reviewsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(l, 'adminProgram.app.reviewer')}</th>
                  {props.criteria.map((c) => (
                    <th scope="col">
                      {c.name} ({c.scaleMin}–{c.scaleMax})
                    </th>
                  ))}
                  <th scope="col">{t(l, 'adminProgram.app.weighted')}</th>
                  <th scope="col">{t(l, 'adminProgram.app.comment')}</th>
                  <th scope="col">{t(l, 'adminProgram.app.feedback')}</th>
                </tr>
              </thead>
              <tbody>
                {props.reviews.map((r) => {
                  const weighted = weightedReviewScore(props.criteria, r.scores)
                  return (
                    <tr>
                      <td>{r.reviewer}</td>
                      {props.criteria.map((c) => (
                        <td>{r.scores[c.key] ?? '—'}</td>
                      ))}
                      <td>{weighted === null ? '—' : weighted.toFixed(2)}</td>
                      <td class="prose">{r.privateComment}</td>
                      <td class="prose">{r.feedbackToApplicant}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t(l, 'adminProgram.app.noReview')}</p>
        )}
      </section>
    </Layout>
  )
}
