import { Hono, type Context } from 'hono'
import { asc, eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { AppEnv } from '../../ui/env.ts'
import { t, type Locale } from '../../ui/i18n.ts'
import { AppError } from '../../lib/errors.ts'
import { isUuid } from '../../lib/ids.ts'
import { signInAddress } from '../../lib/email-address.ts'
import { readStringFields } from '../../ui/read-form.ts'
import { requireRole, requireViewer, sessionMiddleware } from '../accounts/middleware.ts'
import { hasRole, type Viewer } from '../accounts/sessions.ts'
import { roleGrants } from '../accounts/schema.ts'
import { people } from '../people/schema.ts'
import { communities } from '../programs/schema.ts'
import { findCommunity } from '../programs/queries.ts'
import { listTeamGrants } from '../accounts/role-team.ts'
import { grantRoleByEmail, rolePhrase, teamRoles, type TeamRole } from '../accounts/grant-role-by-email.ts'
import { revokeTeamRole } from '../accounts/revoke-team-role.ts'
import { RolesPage, TeamPage, type GrantFormErrors, type GrantFormValues } from './views/roles-page.tsx'

type Page = { status: 200 | 403 | 404 | 409 | 422; values?: GrantFormValues; errors?: GrantFormErrors; notice?: string }
const blank: GrantFormValues = { email: '', role: 'program_manager', community: '' }
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/

/** The refusal of a conflict (the last admin, the last manager) in the page's language. */
const conflictText = (locale: Locale, err: AppError) => (err.say ? t(locale, err.say.key as Parameters<typeof t>[1], err.say.vars) : err.message)

/**
 * Role management: `/admin/roles` (admins give and take the admin and program-manager roles by email) and
 * `/admin/c/:community/managers` (a community's program managers add and remove co-managers of that community).
 */
export function adminRoleRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.use('/admin/roles', sessionMiddleware(deps))
  app.use('/admin/roles/*', sessionMiddleware(deps))
  app.use('/admin/c/:community/managers', sessionMiddleware(deps))
  app.use('/admin/c/:community/managers/*', sessionMiddleware(deps))

  const actorOf = (viewer: Viewer) => ({ id: viewer.personId, name: viewer.displayName })

  /** Grants the role of a posted form: the outcome as the page shows it (a notice, or inline errors kept with the input). */
  async function grantFromForm(c: Context<AppEnv>, viewer: Viewer, values: GrantFormValues, community: { id: string; name: string } | null): Promise<Page> {
    const locale = c.get('locale')
    const email = signInAddress(values.email)
    const errors: GrantFormErrors = {}
    if (!email) errors.email = t(locale, 'roles.error.email')
    if (!teamRoles.includes(values.role as TeamRole)) errors.role = t(locale, 'roles.error.role')
    else if (values.role === 'program_manager' && !community) errors.community = t(locale, 'roles.error.community')
    if (Object.keys(errors).length) return { status: 422, values, errors }
    const role = values.role as TeamRole
    const result = await grantRoleByEmail(deps, { email: email!, role, community: role === 'admin' ? null : community, actor: actorOf(viewer), fallbackLocale: locale })
    const phrase = rolePhrase(locale, role, community?.name)
    const key = !result.granted ? 'roles.already' : result.created ? 'roles.grantedNew' : 'roles.granted'
    return { status: 200, notice: t(locale, key, { email: email!, role: phrase }) }
  }

  /** Takes the grant of a posted form away when `allowed` accepts it: a notice, or the refusal inline (409). */
  async function revokeFromForm(c: Context<AppEnv>, viewer: Viewer, form: Record<string, string>, allowed: (g: { role: string; communityId: string | null }) => boolean): Promise<Page> {
    const locale = c.get('locale')
    const id = form.grant ?? ''
    const [grant] = isUuid(id)
      ? await deps.db
          .select({ personId: roleGrants.personId, role: roleGrants.role, communityId: roleGrants.communityId, name: people.displayName, communityName: communities.name })
          .from(roleGrants)
          .innerJoin(people, eq(people.id, roleGrants.personId))
          .leftJoin(communities, eq(communities.id, roleGrants.communityId))
          .where(eq(roleGrants.id, id))
      : []
    if (!grant) return { status: 200, notice: t(locale, 'roles.alreadyRevoked') }
    if (!allowed(grant)) throw new AppError('not_found', 'There is no such role here.')
    const community = grant.communityId ? { id: grant.communityId, name: grant.communityName ?? '' } : null
    try {
      await revokeTeamRole(deps.db, { personId: grant.personId, role: grant.role, community, actor: viewer.personId, actorIsAdmin: hasRole(viewer, 'admin') })
    } catch (err) {
      if (err instanceof AppError && err.code === 'conflict') return { status: 409, errors: { form: conflictText(locale, err) } }
      throw err
    }
    return { status: 200, notice: t(locale, 'roles.revoked', { name: grant.name, role: rolePhrase(locale, grant.role as TeamRole, grant.communityName ?? undefined) }) }
  }

  // Site admins: every admin and program manager.
  function adminOnly(c: Context<AppEnv>) {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return { redirect } as const
    requireRole(c, 'admin')
    return { viewer } as const
  }

  async function renderRoles(c: Context<AppEnv>, page: Page) {
    const [grants, all] = await Promise.all([listTeamGrants(deps.db), deps.db.select({ id: communities.id, slug: communities.slug, name: communities.name }).from(communities).orderBy(asc(communities.name))])
    const list = all.map((community) => ({ ...community, managers: grants.filter((g) => g.role === 'program_manager' && g.communityId === community.id) }))
    const props = { locale: c.get('locale'), csrf: c.get('csrfToken'), values: page.values ?? blank, errors: page.errors ?? {}, notice: page.notice }
    return c.html(<RolesPage {...props} admins={grants.filter((g) => g.role === 'admin')} communities={list} />, page.status)
  }

  app.get('/admin/roles', async (c) => {
    const found = adminOnly(c)
    if (found.redirect) return found.redirect
    return renderRoles(c, { status: 200 })
  })

  app.post('/admin/roles', async (c) => {
    const found = adminOnly(c)
    if (found.redirect) return found.redirect
    const form = await readStringFields(c)
    const values = { email: form.email ?? '', role: form.role ?? '', community: form.community ?? '' }
    const slug = values.community.trim()
    const community = values.role === 'program_manager' && SLUG.test(slug) ? await findCommunity(deps.db, slug) : undefined
    return renderRoles(c, await grantFromForm(c, found.viewer, values, community ? { id: community.id, name: community.name } : null))
  })

  app.post('/admin/roles/revoke', async (c) => {
    const found = adminOnly(c)
    if (found.redirect) return found.redirect
    const form = await readStringFields(c)
    return renderRoles(c, await revokeFromForm(c, found.viewer, form, (g) => g.role === 'admin' || g.role === 'program_manager'))
  })

  // A community's program managers (and admins): that community's program managers only.
  async function managedCommunity(c: Context<AppEnv>) {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return { redirect } as const
    const slug = c.req.param('community') ?? ''
    const community = SLUG.test(slug) ? await findCommunity(deps.db, slug) : undefined
    if (!community) throw new AppError('not_found', 'There is no such community.')
    if (!hasRole(viewer, 'program_manager', community.id)) throw new AppError('forbidden', 'You do not have access to this page.', {}, { key: 'error.noAccess' })
    return { viewer, community } as const
  }

  async function renderTeam(c: Context<AppEnv>, community: { id: string; slug: string; name: string }, page: Page) {
    const managers = await listTeamGrants(deps.db, community.id)
    const props = { locale: c.get('locale'), csrf: c.get('csrfToken'), values: page.values ?? blank, errors: page.errors ?? {}, notice: page.notice }
    return c.html(<TeamPage {...props} community={community} managers={managers} />, page.status)
  }

  app.get('/admin/c/:community/managers', async (c) => {
    const found = await managedCommunity(c)
    if (found.redirect) return found.redirect
    return renderTeam(c, found.community, { status: 200 })
  })

  app.post('/admin/c/:community/managers', async (c) => {
    const found = await managedCommunity(c)
    if (found.redirect) return found.redirect
    const form = await readStringFields(c)
    // This page only adds program managers of its community: any other role asked for is refused, not ignored.
    if (form.role !== undefined && form.role !== 'program_manager') throw new AppError('forbidden', t(c.get('locale'), 'roles.error.roleNotYours'), {}, { key: 'roles.error.roleNotYours' })
    const values = { email: form.email ?? '', role: 'program_manager', community: found.community.slug }
    return renderTeam(c, found.community, await grantFromForm(c, found.viewer, values, found.community))
  })

  app.post('/admin/c/:community/managers/revoke', async (c) => {
    const found = await managedCommunity(c)
    if (found.redirect) return found.redirect
    const form = await readStringFields(c)
    return renderTeam(c, found.community, await revokeFromForm(c, found.viewer, form, (g) => g.role === 'program_manager' && g.communityId === found.community.id))
  })

  return app
}
