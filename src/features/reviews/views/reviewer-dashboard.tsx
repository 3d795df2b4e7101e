import { Layout } from '../../../ui/layout.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'
import type { reviewerDashboard } from '../queries.ts'
import { describePhase } from '../phase.ts'

/** The reviewer's list of assigned applications, per cohort, with progress. */
export function ReviewerDashboard(props: { locale: Locale; now: Date; cohorts: Awaited<ReturnType<typeof reviewerDashboard>>; notice?: string }) {
  const { locale } = props
  return (
    <Layout meta={{ title: t(locale, 'review.dashboardTitle'), locale, languageSwitch: true }}>
      <h1>{t(locale, 'review.dashboardTitle')}</h1>
      {props.notice ? <p role="status" class="card">{props.notice}</p> : null}
      {props.cohorts.length === 0 ? <p>{t(locale, 'review.none')}</p> : null}
      {props.cohorts.map((c) => {
        const done = c.applications.filter((a) => a.reviewed).length
        return (
          <section class="card">
            <h2>
              {c.programName} · {c.cohortTitle}
            </h2>
            <p>
              <strong>{t(locale, 'review.progress', { done, total: c.applications.length })}</strong> · {describePhase(c.phase, props.now, locale)}
            </p>
            <progress max={c.applications.length} value={done} aria-label={t(locale, 'review.progress', { done, total: c.applications.length })}></progress>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(locale, 'review.applicant')}</th>
                  <th scope="col">{t(locale, 'review.status')}</th>
                  <th scope="col"></th>
                </tr>
              </thead>
              <tbody>
                {c.applications.map((a) => (
                  <tr>
                    <td>{a.label}</td>
                    <td>{a.reviewed ? t(locale, 'review.reviewed') : t(locale, 'review.toDo')}</td>
                    <td>
                      <a href={`/reviews/${a.applicationId}`}>
                        {t(locale, 'review.open')} {a.label}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )
      })}
    </Layout>
  )
}
