import { Hono } from 'hono'
import type { AppDeps } from '../../../deps.ts'
import type { AppEnv } from '../../../ui/env.ts'
import { loadProgramPage, todayOf } from '../context.ts'
import { cachedFeedbackThemes } from '../feedback/queries.ts'
import { DashboardPage, YearPage } from '../views/dashboard-page.tsx'
import { activitiesByMonth, coverageByRegion, lastTwelveMonths, yearMonths } from './queries.ts'
import { applicationsPerCohort } from './cohort-applications.ts'

/** The first day of the month after `month` ("YYYY-MM"). */
function dayAfterMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10)
}

/** The program dashboard (managers) and an ambassador's own year (their latest term); server-rendered SVG, no script. */
export function dashboardRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  app.get('/c/:community/programs/:program/dashboard', async (c) => {
    const loaded = await loadProgramPage(deps, c, { managersOnly: true })
    if (loaded.redirect) return loaded.redirect
    const today = todayOf(deps)
    const months = lastTwelveMonths(today)
    const window = { programId: loaded.program.id, fromDay: `${months[0]}-01`, toDay: dayAfterMonth(months[11]!) }
    const [counts, coverage, themes, cohorts] = await Promise.all([activitiesByMonth(deps.db, window), coverageByRegion(deps.db, { ...window, today }), cachedFeedbackThemes(deps.db, loaded.program.id), applicationsPerCohort(deps.db, loaded.program.id)])
    return c.html(<DashboardPage frame={loaded.frame} months={months} counts={counts} coverage={coverage} themes={themes} cohorts={cohorts} />)
  })

  app.get('/c/:community/programs/:program/my-year', async (c) => {
    const loaded = await loadProgramPage(deps, c)
    if (loaded.redirect) return loaded.redirect
    const months = await yearMonths(deps.db, { programId: loaded.program.id, personId: loaded.viewer.personId, now: deps.clock(), today: todayOf(deps) })
    const counts = await activitiesByMonth(deps.db, { programId: loaded.program.id, fromDay: `${months[0]}-01`, toDay: dayAfterMonth(months.at(-1)!), personId: loaded.viewer.personId })
    return c.html(<YearPage frame={loaded.frame} months={months} counts={counts} />)
  })

  return app
}
