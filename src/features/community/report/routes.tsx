import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../../deps.ts'
import { t } from '../../../ui/i18n.ts'
import type { AppEnv } from '../../../ui/env.ts'
import { loadProgramPage, todayOf } from '../context.ts'
import { ReportPage } from '../views/report-page.tsx'
import { reportCsv, reportPdf } from './export.ts'
import { isMonth, monthlyReport, previousMonth } from './queries.ts'

/** The monthly regional report of a program (managers): a page, a PDF and a CSV; ?month=YYYY-MM, default last month. */
export function reportRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const path = '/c/:community/programs/:program/report'

  /** The month asked for, or the last complete one; `bad` when the parameter is not a month. */
  function monthOf(c: Context) {
    const asked = c.req.query('month')?.trim()
    if (asked && isMonth(asked)) return { month: asked, bad: false }
    return { month: previousMonth(todayOf(deps)), bad: Boolean(asked) }
  }

  app.get(path, async (c) => {
    const loaded = await loadProgramPage(deps, c, { managersOnly: true })
    if (loaded.redirect) return loaded.redirect
    const { month, bad } = monthOf(c)
    const report = await monthlyReport(deps.db, loaded.program.id, month)
    return c.html(<ReportPage frame={loaded.frame} report={report} error={bad ? t(loaded.frame.locale, 'community.report.badMonth') : undefined} />, bad ? 422 : 200)
  })

  for (const format of ['pdf', 'csv'] as const) {
    app.get(`${path}.${format}`, async (c) => {
      const loaded = await loadProgramPage(deps, c, { managersOnly: true })
      if (loaded.redirect) return loaded.redirect
      const { month, bad } = monthOf(c)
      if (bad) return c.text(t(loaded.frame.locale, 'community.report.badMonth'), 422)
      const report = await monthlyReport(deps.db, loaded.program.id, month)
      const name = `${loaded.program.slug}-report-${month}.${format}`
      const headers = { 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'private, no-store' }
      if (format === 'csv') return c.body(reportCsv(report, loaded.frame.locale), 200, { ...headers, 'content-type': 'text/csv; charset=utf-8' })
      const pdf = await reportPdf(report, { locale: loaded.frame.locale, program: loaded.program.name, generatedOn: todayOf(deps) })
      return c.body(new Uint8Array(pdf), 200, { ...headers, 'content-type': 'application/pdf' })
    })
  }

  return app
}
