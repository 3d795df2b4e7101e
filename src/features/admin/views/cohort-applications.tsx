import { Layout } from '../../../ui/layout.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'
import type { Cohort, Community, Program } from '../../programs/queries.ts'
import type { listCohortApplications } from '../../applications/list-cohort-applications.ts'

/** A cohort's applications with their eligibility verdicts, for the program team. */
export function CohortApplicationsPage(props: { locale: Locale; community: Community; program: Program; cohort: Cohort; applications: Awaited<ReturnType<typeof listCohortApplications>> }) {
  const l = props.locale
  const submitted = props.applications.filter((a) => a.status === 'submitted')
  const title = t(l, 'adminProgram.apps.title', { cohort: props.cohort.title })
  return (
    <Layout meta={{ title, community: { slug: props.community.slug, name: props.community.name }, locale: l, languageSwitch: true }}>
      <p class="muted">
        <a href={`/admin/c/${props.community.slug}/programs/${props.program.slug}`}>{props.program.name}</a>
      </p>
      <h1>{title}</h1>
      <p>{t(l, 'adminProgram.apps.counts', { submitted: submitted.length, seats: props.cohort.seats, others: props.applications.length - submitted.length })}</p>
      <table>
        <caption class="visually-hidden">{t(l, 'adminProgram.apps.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t(l, 'adminProgram.apps.applicant')}</th>
            <th scope="col">{t(l, 'adminProgram.apps.region')}</th>
            <th scope="col">{t(l, 'adminProgram.apps.status')}</th>
            <th scope="col">{t(l, 'adminProgram.apps.eligibility')}</th>
            <th scope="col">{t(l, 'adminProgram.apps.summary')}</th>
          </tr>
        </thead>
        <tbody>
          {props.applications.map((a) => (
            <tr>
              <td>
                <a href={`/admin/c/${props.community.slug}/programs/${props.program.slug}/cohorts/${props.cohort.slug}/applications/${a.id}`}>{a.applicant}</a>
              </td>
              <td>{[a.region, a.country].filter(Boolean).join(', ')}</td>
              <td>{t(l, `adminProgram.apps.status.${a.status}`)}</td>
              <td>
                {a.eligibilityOverall ? t(l, `adminProgram.apps.overall.${a.eligibilityOverall}`) : '—'}
                {a.exceptionReason ? t(l, 'adminProgram.apps.exception') : ''}
              </td>
              <td>{a.eligibility?.summary ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.applications.length === 0 ? <p>{t(l, 'adminProgram.apps.none')}</p> : null}
    </Layout>
  )
}
