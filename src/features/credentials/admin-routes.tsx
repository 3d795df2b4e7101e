import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { dayInZone } from '../../lib/dates.ts'
import { formatDayIn, t } from '../../ui/i18n.ts'
import { localizeFields, localizeMessage } from '../admin/localize-message.ts'
import type { AppEnv } from '../../ui/env.ts'
import { managedProgramCohort } from '../admin/managed.ts'
import { cohortCredentialPage, findCohortCredential } from './queries.ts'
import { revokeCredential } from './revoke-credential.ts'
import { CredentialsAdminPage, MAX_REASON, type RevokeError } from './views/credentials-admin-page.tsx'

/** Credentials per page of the managers' list (a cohort has up to about 5,000 memberships). */
export const CREDENTIALS_PAGE_SIZE = 100

/** A page number from a query or form value: a positive integer, else 1. */
const pageOf = (value: unknown) => (typeof value === 'string' && /^\d{1,6}$/.test(value) && Number(value) > 0 ? Number(value) : 1)

/**
 * The managers' credential list of a cohort, and revocation with a reason. The session and CSRF middleware of
 * `/admin/c/*` comes from the admin feature's routes (mounted before these); running it twice would mint a
 * second CSRF cookie.
 */
export function adminCredentialRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const path = '/admin/c/:community/programs/:program/cohorts/:cohort/credentials'

  const managedCohort = (c: Context<AppEnv>) => managedProgramCohort(c, deps.db)
  type Managed = Exclude<Awaited<ReturnType<typeof managedCohort>>, { redirect: Response }>

  const listPath = (m: Managed) => `/admin/c/${m.community.slug}/programs/${m.program.slug}/cohorts/${m.cohort.slug}/credentials`

  async function render(c: Context<AppEnv>, m: Managed, o: { page: number; notice?: string; revokeError?: RevokeError }, status: 200 | 422 = 200) {
    const now = deps.clock()
    const { rows, counts, page, pages } = await cohortCredentialPage(deps.db, m.cohort.id, { now, page: o.page, pageSize: CREDENTIALS_PAGE_SIZE })
    return c.html(
      <CredentialsAdminPage
        locale={c.get('locale')}
        csrf={c.get('csrfToken')}
        community={m.community}
        program={m.program}
        cohort={m.cohort}
        now={now}
        rows={rows}
        counts={counts}
        page={page}
        pages={pages}
        notice={o.notice}
        revokeError={o.revokeError}
      />,
      status,
    )
  }

  app.get(path, async (c) => {
    const m = await managedCohort(c)
    if (m.redirect) return m.redirect
    // After a revocation (post/redirect/get): say what happened, about a credential of this cohort only.
    const [which, id] = c.req.query('revoked') ? ['revoked', c.req.query('revoked')!] : c.req.query('unchanged') ? ['unchanged', c.req.query('unchanged')!] : []
    const done = id ? await findCohortCredential(deps.db, m.cohort.id, id) : null
    const locale = c.get('locale')
    const day = (d: Date) => formatDayIn(locale, dayInZone(d, m.cohort.timeZone))
    const named = done ? { name: done.recipientName, id: done.id } : undefined
    const notice = !done || !named
      ? undefined
      : which === 'revoked'
        ? t(locale, 'adminProgram.cred.revokedNotice', named)
        : done.revokedAt
          ? t(locale, 'adminProgram.cred.unchangedOnNotice', { ...named, day: day(done.revokedAt) })
          : t(locale, 'adminProgram.cred.unchangedNotice', named)
    return render(c, m, { page: pageOf(c.req.query('page')), notice })
  })

  app.post(`${path}/:id/revoke`, async (c) => {
    const m = await managedCohort(c)
    if (m.redirect) return m.redirect
    const credential = await findCohortCredential(deps.db, m.cohort.id, c.req.param('id'))
    const locale = c.get('locale')
    if (!credential) throw new AppError('not_found', t(locale, 'adminProgram.cred.noCredential'))
    const body = await c.req.parseBody()
    const page = pageOf(body.page)
    const back = (param: 'revoked' | 'unchanged') => c.redirect(`${listPath(m)}?${page > 1 ? `page=${page}&` : ''}${param}=${credential.id}#credential-${credential.id}`, 303)
    // A stale form of a credential revoked meanwhile: nothing to do, whatever it says.
    if (credential.revokedAt) return back('unchanged')

    const reason = typeof body.reason === 'string' ? body.reason : ''
    const errors: Record<string, string> = {}
    if (!reason.trim()) errors.reason = t(locale, 'adminProgram.msg.reasonRequired')
    else if (reason.trim().length > MAX_REASON) errors.reason = t(locale, 'adminProgram.cred.tooLong', { max: MAX_REASON, count: reason.trim().length })
    else if (reason.includes('\u0000')) errors.reason = t(locale, 'adminProgram.cred.nul')
    if (body.confirm !== 'yes') errors.confirm = t(locale, 'adminProgram.cred.tick')
    const refuse = (errs: Record<string, string>) => render(c, m, { page, revokeError: { credentialId: credential.id, errors: errs, reason: reason.slice(0, 10 * MAX_REASON) } }, 422)
    if (Object.keys(errors).length) return refuse(errors)

    try {
      const { changed } = await revokeCredential(deps, credential.id, reason, m.viewer.personId)
      return back(changed ? 'revoked' : 'unchanged')
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation') return refuse({ reason: Object.values(localizeFields(locale, err.fields))[0] ?? localizeMessage(locale, err.message) })
      throw err
    }
  })

  return app
}
