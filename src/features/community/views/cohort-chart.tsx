import { t } from '../../../ui/i18n.ts'
import type { CohortApplications } from '../dashboards/cohort-applications.ts'
import type { ProgramFrame } from './shell.tsx'
import { niceAxis, YAxisGrid } from '../dashboards/charts.tsx'

const colours = { submitted: '#1f77b4', selected: '#2ca02c' }

/** Grouped bars per cohort (submitted, selected), server-rendered SVG with its data table; no script. */
export function CohortApplicationsChart(props: { frame: ProgramFrame; cohorts: CohortApplications[] }) {
  const l = props.frame.locale
  const { cohorts } = props
  const width = 720
  const height = 240
  const left = 44
  const top = 10
  const bottom = 30
  const plotW = width - left - 10
  const plotH = height - top - bottom
  const { max, step } = niceAxis(Math.max(0, ...cohorts.map((c) => c.submitted)))
  const band = plotW / Math.max(1, cohorts.length)
  const barW = Math.min(60, band * 0.35)
  const rate = (c: CohortApplications) => (c.submitted ? `${Math.round((100 * c.selected) / c.submitted)}%` : '–')
  const title = t(l, 'community.dashboard.cohorts')
  return (
    <section aria-labelledby="cohorts-h">
      <h2 id="cohorts-h">{title}</h2>
      <figure>
        <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby="cohorts-t cohorts-d" xmlns="http://www.w3.org/2000/svg">
          <title id="cohorts-t">{title}</title>
          <desc id="cohorts-d">{t(l, 'community.dashboard.cohortsDesc')}</desc>
          <YAxisGrid max={max} step={step} left={left} right={width - 10} top={top} plotH={plotH} />
          {cohorts.map((c, i) => {
            const x = left + i * band + band / 2 - barW
            const bar = (value: number, dx: number, key: 'submitted' | 'selected') => {
              const h = (value / max) * plotH
              return (
                <rect x={x + dx} y={top + plotH - h} width={barW} height={Math.max(0, h)} fill={colours[key]} data-series={key}>
                  <title>{`${c.title} · ${t(l, `community.dashboard.${key}`)}: ${value}`}</title>
                </rect>
              )
            }
            return (
              <g data-cohort={c.title}>
                {bar(c.submitted, 0, 'submitted')}
                {bar(c.selected, barW, 'selected')}
                <text x={x + barW} y={height - 12} text-anchor="middle" font-size="11" fill="#222">
                  {c.title.length > 22 ? `${c.title.slice(0, 21)}…` : c.title}
                </text>
              </g>
            )
          })}
        </svg>
        <figcaption>
          <ul class="links">
            {(['submitted', 'selected'] as const).map((key) => (
              <li>
                <svg width="12" height="12" aria-hidden="true" xmlns="http://www.w3.org/2000/svg">
                  <rect width="12" height="12" fill={colours[key]} />
                </svg>{' '}
                {t(l, `community.dashboard.${key}`)}
              </li>
            ))}
          </ul>
        </figcaption>
      </figure>
      <details>
        <summary>{t(l, 'community.dashboard.count')}</summary>
        <table id="cohort-applications">
          <thead>
            <tr>
              <th scope="col">{t(l, 'community.dashboard.cohort')}</th>
              <th scope="col">{t(l, 'community.dashboard.submitted')}</th>
              <th scope="col">{t(l, 'community.dashboard.selected')}</th>
              <th scope="col">{t(l, 'community.dashboard.acceptance')}</th>
            </tr>
          </thead>
          <tbody>
            {cohorts.map((c) => (
              <tr>
                <th scope="row">{c.title}</th>
                <td>{c.submitted}</td>
                <td>{c.selected}</td>
                <td>{rate(c)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  )
}
