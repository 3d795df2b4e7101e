import { Hono } from 'hono'
import type { AppDeps } from '../../deps.ts'
import type { AppEnv } from '../../ui/env.ts'
import { sessionMiddleware } from '../accounts/middleware.ts'
import { activityRoutes } from './activities/routes.tsx'
import { groupRoutes } from './groups/routes.tsx'
import { feedbackRoutes } from './feedback/routes.tsx'
import { meetingRoutes } from './meetings/routes.tsx'
import { dashboardRoutes } from './dashboards/routes.tsx'
import { benefitRoutes } from './benefits/routes.tsx'
import { reportRoutes } from './report/routes.tsx'
import { linkCheckRoutes } from './link-check/routes.tsx'

const sections = ['activities', 'groups', 'feedback', 'feedback.csv', 'feedback.json', 'meetings', 'dashboard', 'my-year', 'benefits', 'report', 'report.pdf', 'report.csv', 'links']

/** The term's community work of a program: ledger, user groups, feedback, meetings, dashboards; and calendar feeds. */
export function communityRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  for (const section of sections) {
    app.use(`/c/:community/programs/:program/${section}`, sessionMiddleware(deps))
    app.use(`/c/:community/programs/:program/${section}/*`, sessionMiddleware(deps))
  }
  app.route('/', activityRoutes(deps))
  app.route('/', groupRoutes(deps))
  app.route('/', feedbackRoutes(deps))
  app.route('/', meetingRoutes(deps))
  app.route('/', dashboardRoutes(deps))
  app.route('/', benefitRoutes(deps))
  app.route('/', reportRoutes(deps))
  app.route('/', linkCheckRoutes(deps))
  return app
}
