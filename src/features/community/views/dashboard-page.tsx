import { t, type MessageKey } from '../../../ui/i18n.ts'
import type { MonthlyCount, RegionCoverage } from '../dashboards/queries.ts'
import type { FeedbackThemes } from '../feedback/queries.ts'
import { HorizontalBars, palette, RegionGrid, StackedMonthlyBars } from '../dashboards/charts.tsx'
import { activityTypes, feedbackKinds, regions } from '../schema.ts'
import { CommunityShell, programBase, type ProgramFrame } from './shell.tsx'
import { typeLabel } from './fields.tsx'
import { CohortApplicationsChart } from './cohort-chart.tsx'
import type { CohortApplications } from '../dashboards/cohort-applications.ts'

const chartTypes = [...activityTypes, 'imported_code', 'imported_content']

/** The series (types) that occur in `counts`, in a fixed order so colours stay put between pages. */
function seriesOf(frame: ProgramFrame, counts: MonthlyCount[]) {
  const present = new Set(counts.map((c) => c.type))
  return chartTypes.filter((type) => present.has(type)).map((type) => ({ key: type, label: typeLabel(frame.locale, type) }))
}

/** Activities per month by type, as a chart and a table. */
export function MonthlyActivity(props: { frame: ProgramFrame; id: string; months: string[]; counts: MonthlyCount[] }) {
  const l = props.frame.locale
  const value = (month: string, type: string) => props.counts.find((c) => c.month === month && c.type === type)?.count ?? 0
  const series = seriesOf(props.frame, props.counts)
  const total = props.counts.reduce((n, c) => n + c.count, 0)
  return (
    <section aria-labelledby={`${props.id}-h`}>
      <h2 id={`${props.id}-h`}>{t(l, 'community.dashboard.activities')}</h2>
      <p>{t(l, 'community.dashboard.total', { n: total })}</p>
      <StackedMonthlyBars id={props.id} title={t(l, 'community.dashboard.activities')} description={t(l, 'community.dashboard.activitiesDesc')} months={props.months} series={series} value={value} />
      <details>
        <summary>{t(l, 'community.dashboard.count')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, 'community.dashboard.month')}</th>
              {series.map((s) => (
                <th scope="col">{s.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.months.map((m) => (
              <tr>
                <th scope="row">{m}</th>
                {series.map((s) => (
                  <td>{value(m, s.key)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  )
}

/** What the program dashboard shows. */
export interface DashboardPageProps {
  frame: ProgramFrame
  months: string[]
  counts: MonthlyCount[]
  coverage: RegionCoverage[]
  themes: FeedbackThemes
  /** Applications per cohort (submitted, selected). */
  cohorts?: CohortApplications[]
}

/** The program's dashboard: activity by month and type, coverage by region, user-group health, feedback themes. */
export function DashboardPage(props: DashboardPageProps) {
  const { frame } = props
  const l = frame.locale
  const base = programBase(frame)
  const region = (r: string) => t(l, `community.region.${r}` as MessageKey)
  const byRegion = new Map(props.coverage.map((c) => [c.region, c]))
  const health = (['active', 'quiet', 'dormant'] as const).map((h, i) => ({ label: t(l, `community.health.${h}`), value: props.coverage.reduce((n, c) => n + c[h], 0), color: ['#2ca02c', '#b8860b', '#7f7f7f'][i] }))
  return (
    <CommunityShell frame={frame} title={t(l, 'community.dashboard.title', { program: frame.program.name })} current={`${base}/dashboard`}>
      <MonthlyActivity frame={frame} id="monthly" months={props.months} counts={props.counts} />
      {props.cohorts ? <CohortApplicationsChart frame={frame} cohorts={props.cohorts} /> : null}
      <section aria-labelledby="coverage-h">
        <h2 id="coverage-h">{t(l, 'community.dashboard.coverage')}</h2>
        <RegionGrid
          id="coverage"
          title={t(l, 'community.dashboard.coverage')}
          description={t(l, 'community.dashboard.coverageDesc')}
          tiles={regions.map((r) => {
            const c = byRegion.get(r)
            return { label: region(r), value: c?.activities ?? 0, detail: t(l, 'community.dashboard.coverageDetail', { groups: c?.groups ?? 0, activities: c?.activities ?? 0, ambassadors: c?.ambassadors ?? 0 }) }
          })}
        />
      </section>
      <section aria-labelledby="health-h">
        <h2 id="health-h">{t(l, 'community.dashboard.health')}</h2>
        <HorizontalBars id="health" title={t(l, 'community.dashboard.health')} description={t(l, 'community.dashboard.healthDesc')} items={health} />
      </section>
      <section aria-labelledby="themes-h">
        <h2 id="themes-h">{t(l, 'community.dashboard.themes')}</h2>
        <HorizontalBars
          id="themes"
          title={t(l, 'community.dashboard.themes')}
          description={t(l, 'community.feedback.themesDesc')}
          items={props.themes.top.map((theme) => ({ label: `${theme.productArea} · ${t(l, `community.kind.${theme.kind}` as MessageKey)}`, value: theme.weight, color: palette[feedbackKinds.indexOf(theme.kind as never)] }))}
        />
        <p>
          <a href={`${base}/feedback`}>{t(l, 'community.nav.feedback')}</a>
        </p>
      </section>
    </CommunityShell>
  )
}

/** An ambassador's own year: their activities by month and type (logged and imported). */
export function YearPage(props: { frame: ProgramFrame; months: string[]; counts: MonthlyCount[] }) {
  const { frame } = props
  const base = programBase(frame)
  return (
    <CommunityShell frame={frame} title={t(frame.locale, 'community.dashboard.yearTitle', { program: frame.program.name })} current={`${base}/my-year`}>
      <MonthlyActivity frame={frame} id="year" months={props.months} counts={props.counts} />
      <p>
        <a href={`${base}/activities`}>{t(frame.locale, 'community.nav.ledger')}</a>
      </p>
    </CommunityShell>
  )
}
