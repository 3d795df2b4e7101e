import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { dayInZone, isValidTimeZone } from '../../lib/dates.ts'
import type { AppEnv } from '../../ui/env.ts'
import { requireViewer } from '../accounts/middleware.ts'
import { findProgram } from '../programs/queries.ts'
import { canReport, type ProgramStanding } from './policy.ts'
import { loadStanding } from './standing.ts'
import type { ProgramFrame } from './views/shell.tsx'

/** The program of the URL, the viewer's standing in it, and the page frame; or a redirect to sign in. */
export async function loadProgramPage(deps: AppDeps, c: Context<AppEnv>, options: { managersOnly?: boolean } = {}) {
  const { viewer, redirect } = requireViewer(c)
  if (redirect) return { redirect } as const
  const found = await findProgram(deps.db, c.req.param('community')!, c.req.param('program')!)
  if (!found) throw new AppError('not_found', 'There is no such program.', {}, { key: 'error.noProgram' })
  const standing: ProgramStanding = await loadStanding(deps.db, found.program, viewer)
  if (options.managersOnly ? !standing.isManager : !standing.isManager && !standing.isMember) {
    throw new AppError('forbidden', options.managersOnly ? 'Only program managers see this page.' : 'Only ambassadors and managers of this program see this page.')
  }
  const frame: ProgramFrame = {
    locale: c.get('locale'),
    csrf: c.get('csrfToken'),
    community: { slug: found.community.slug, name: found.community.name },
    program: { slug: found.program.slug, name: found.program.name },
    isManager: standing.isManager,
    canReport: canReport(standing),
  }
  return { redirect: undefined, viewer, standing, frame, ...found } as const
}

/** The viewer's time zone: ?tz=, else the `tz` cookie the site's script keeps, else UTC. */
export function viewerZone(c: Context): string {
  const candidate = c.req.query('tz') ?? getCookie(c, 'tz')
  return candidate && isValidTimeZone(candidate) ? candidate : 'UTC'
}

/** Today as a UTC calendar day. */
export function todayOf(deps: AppDeps): string {
  return dayInZone(deps.clock(), 'UTC')
}
