import { t } from '../../../ui/i18n.ts'
import { activityTypes } from '../schema.ts'
import { regionLabel } from '../report/export.ts'
import type { MonthlyReport } from '../report/queries.ts'
import { CommunityShell, programBase, type ProgramFrame } from './shell.tsx'
import { typeLabel } from './fields.tsx'

/** The monthly regional report: the month chooser, the figures per region, activities by type, and the downloads. */
export function ReportPage(props: { frame: ProgramFrame; report: MonthlyReport; error?: string }) {
  const { frame, report } = props
  const l = frame.locale
  const base = programBase(frame)
  const types = activityTypes.filter((type) => report.totals.activities[type] > 0)
  const lines = [...report.lines, { ...report.totals, region: '*' as const }]
  return (
    <CommunityShell frame={frame} title={t(l, 'community.report.title', { program: frame.program.name, month: report.month })} current={`${base}/report`}>
      <form method="get" action={`${base}/report`} class="inline">
        <label for="report-month">{t(l, 'community.report.month')}</label> <input id="report-month" type="month" name="month" value={report.month} required aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? 'report-month-error' : undefined} />{' '}
        <button type="submit">{t(l, 'community.report.show')}</button>
        {props.error ? (
          <p id="report-month-error" class="error" role="alert">
            {props.error}
          </p>
        ) : null}
      </form>
      <p>
        <a href={`${base}/report.pdf?month=${report.month}`}>{t(l, 'community.report.pdf')}</a> · <a href={`${base}/report.csv?month=${report.month}`}>{t(l, 'community.report.csv')}</a>
      </p>
      <table id="report-regions">
        <caption>{t(l, 'community.report.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t(l, 'community.report.region')}</th>
            <th scope="col">{t(l, 'community.report.activeAmbassadors')}</th>
            <th scope="col">{t(l, 'community.report.activities')}</th>
            <th scope="col">{t(l, 'community.report.groupEvents')}</th>
            <th scope="col">{t(l, 'community.report.feedbackItems')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((r) => (
            <tr data-region={r.region}>
              <th scope="row">{regionLabel(l, r.region)}</th>
              <td>{r.activeAmbassadors}</td>
              <td>{r.activitiesTotal}</td>
              <td>{r.groupEvents}</td>
              <td>{r.feedbackItems}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t(l, 'community.report.byType')}</h2>
      {types.length ? (
        <table id="report-types">
          <thead>
            <tr>
              <th scope="col">{t(l, 'community.report.region')}</th>
              {types.map((type) => (
                <th scope="col">{typeLabel(l, type)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lines
              .filter((r) => r.activitiesTotal > 0)
              .map((r) => (
                <tr>
                  <th scope="row">{regionLabel(l, r.region)}</th>
                  {types.map((type) => (
                    <td>{r.activities[type]}</td>
                  ))}
                </tr>
              ))}
          </tbody>
        </table>
      ) : (
        <p>{t(l, 'community.report.none')}</p>
      )}
    </CommunityShell>
  )
}
