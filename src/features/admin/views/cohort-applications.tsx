import { Layout } from '../../../ui/layout.tsx'
import type { Cohort, Community, Program } from '../../programs/queries.ts'
import type { listCohortApplications } from '../../applications/list-cohort-applications.ts'

/** A cohort's applications with their eligibility verdicts, for the program team. */
export function CohortApplicationsPage(props: { community: Community; program: Program; cohort: Cohort; applications: Awaited<ReturnType<typeof listCohortApplications>> }) {
  const submitted = props.applications.filter((a) => a.status === 'submitted')
  return (
    <Layout meta={{ title: `Applications · ${props.cohort.title}`, community: { slug: props.community.slug, name: props.community.name } }}>
      <p class="muted">
        <a href={`/admin/c/${props.community.slug}/programs/${props.program.slug}`}>{props.program.name}</a>
      </p>
      <h1>Applications · {props.cohort.title}</h1>
      <p>
        {submitted.length} submitted of {props.cohort.seats} seats; {props.applications.length - submitted.length} drafts or withdrawn.
      </p>
      <table>
        <caption class="visually-hidden">Applications</caption>
        <thead>
          <tr>
            <th scope="col">Applicant</th>
            <th scope="col">Region</th>
            <th scope="col">Status</th>
            <th scope="col">Eligibility</th>
            <th scope="col">Summary</th>
          </tr>
        </thead>
        <tbody>
          {props.applications.map((a) => (
            <tr>
              <td>
                <a href={`/admin/c/${props.community.slug}/programs/${props.program.slug}/cohorts/${props.cohort.slug}/applications/${a.id}`}>{a.applicant}</a>
              </td>
              <td>{[a.region, a.country].filter(Boolean).join(', ')}</td>
              <td>{a.status}</td>
              <td>
                {a.eligibilityOverall ?? '—'}
                {a.exceptionReason ? ' (asks for an exception)' : ''}
              </td>
              <td>{a.eligibility?.summary ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.applications.length === 0 ? <p>No application yet.</p> : null}
    </Layout>
  )
}
