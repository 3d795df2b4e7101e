import type { Context } from 'hono'
import { and, eq } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import type { AppEnv } from '../../ui/env.ts'
import { requireViewer } from '../accounts/middleware.ts'
import { hasRole } from '../accounts/sessions.ts'
import { findProgram } from '../programs/queries.ts'
import { cohorts } from '../programs/schema.ts'
import { t } from '../../ui/i18n.ts'

/**
 * The program of a `/admin/c/:community/programs/:program…` page, if the viewer manages it (admins manage
 * all): `{ redirect }` to sign in first, 404 for an unknown program, 403 for someone else's.
 */
export async function managedProgram(c: Context<AppEnv>, db: Db) {
  const { viewer, redirect } = requireViewer(c)
  if (redirect) return { redirect } as const
  const found = await findProgram(db, c.req.param('community')!, c.req.param('program')!)
  if (!found) throw new AppError('not_found', t(c.get('locale'), 'adminProgram.managed.noProgram'))
  if (!hasRole(viewer, 'program_manager', found.community.id)) throw new AppError('forbidden', t(c.get('locale'), 'adminProgram.managed.notManager'))
  return { ...found, viewer, redirect: undefined } as const
}

/** As managedProgram, with the cohort of `:cohort` (404 when the program has no such cohort). */
export async function managedProgramCohort(c: Context<AppEnv>, db: Db) {
  const found = await managedProgram(c, db)
  if (found.redirect) return { redirect: found.redirect } as const
  const [cohort] = await db.select().from(cohorts).where(and(eq(cohorts.programId, found.program.id), eq(cohorts.slug, c.req.param('cohort')!)))
  if (!cohort) throw new AppError('not_found', t(c.get('locale'), 'adminProgram.managed.noCohort'))
  return { ...found, cohort }
}
