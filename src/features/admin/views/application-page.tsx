import { Layout } from '../../../ui/layout.tsx'
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
  const verdict = a.eligibility as EligibilityVerdict | null
  const listHref = `/admin/c/${props.community.slug}/programs/${props.program.slug}/cohorts/${props.cohort.slug}/applications`
  return (
    <Layout meta={{ title: `${props.displayName} · ${props.cohort.title}`, community: { slug: props.community.slug, name: props.community.name } }}>
      <p class="muted">
        <a href={`/admin/c/${props.community.slug}/programs/${props.program.slug}`}>{props.program.name}</a> ·{' '}
        <a href={listHref}>Applications · {props.cohort.title}</a>
      </p>
      <h1>{props.displayName}</h1>
      <section class="card" role="status">
        <p>
          Status: <strong>{a.status}</strong>
          {a.status === 'submitted' && a.submittedAt ? `, submitted on ${instantIn('en', 'UTC', a.submittedAt)}, ${instantIn('en', props.cohort.timeZone, a.submittedAt)} in the program's calendar` : ''}
          {a.status === 'withdrawn' && a.withdrawnAt ? `, withdrawn on ${instantIn('en', props.cohort.timeZone, a.withdrawnAt)}` : ''}.
        </p>
        {props.email ? (
          <p>
            Email: <a href={`mailto:${props.email}`}>{props.email}</a>
          </p>
        ) : null}
      </section>
      <div class="layout-2">
        <section class="card">
          <ApplicationContents locale="en" application={a} evidence={props.evidence} displayName={props.displayName} questions={props.questions} requirements={props.requirements} />
        </section>
        <aside>{verdict ? <EligibilitySummary verdict={verdict} locale="en" /> : <p>No eligibility verdict yet.</p>}</aside>
      </div>
      <section class="card">
        <h2>Reviews</h2>
        {props.reviews.length ? (
          <div class="table-scroll">
            <table>
              <caption class="visually-hidden">Reviews of this application</caption>
              <thead>
                <tr>
                  <th scope="col">Reviewer</th>
                  {props.criteria.map((c) => (
                    <th scope="col">
                      {c.name} ({c.scaleMin}–{c.scaleMax})
                    </th>
                  ))}
                  <th scope="col">Weighted (0–1)</th>
                  <th scope="col">Comment for the committee</th>
                  <th scope="col">Feedback to the applicant</th>
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
          <p>No review yet.</p>
        )}
      </section>
    </Layout>
  )
}
