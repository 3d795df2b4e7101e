import { findPersonByEmail } from '../features/accounts/find-person-by-email.ts'
import { grantRoleByEmail, teamRoles, type TeamRole } from '../features/accounts/grant-role-by-email.ts'
import { revokeTeamRole } from '../features/accounts/revoke-team-role.ts'
import { listTeamGrants } from '../features/accounts/role-team.ts'
import { findCommunity } from '../features/programs/queries.ts'
import { AppError } from '../lib/errors.ts'
import { signInAddress } from '../lib/email-address.ts'
import type { CommandIO, DbCommand } from './command.ts'
import type { AppDeps } from '../deps.ts'

/** What `role grant` and `role revoke` were asked: the address, the role and its community, checked. */
type Target = { email: string; role: TeamRole; community: { id: string; slug: string; name: string } | null }

/**
 * Reads --email, --role and --community: bad usage (2) for a malformed address, another role, a program
 * manager without a community or an admin with one; a failure (1) for a community this site does not have.
 */
async function readTarget(deps: AppDeps, o: Record<string, unknown>, io: CommandIO, display: string): Promise<Target | number> {
  const email = signInAddress(String(o.email ?? ''))
  if (!email) {
    io.err(`${display}: --email must be an email address`)
    return 2
  }
  const role = String(o.role ?? '')
  if (!teamRoles.includes(role as TeamRole)) {
    io.err(`${display}: --role must be admin or program_manager`)
    return 2
  }
  const slug = typeof o.community === 'string' ? o.community.trim() : ''
  if (role === 'admin' && slug) {
    io.err(`${display}: the admin role is site-wide: leave out --community`)
    return 2
  }
  if (role === 'program_manager' && !slug) {
    io.err(`${display}: --community is required for the program_manager role`)
    return 2
  }
  if (!slug) return { email, role: role as TeamRole, community: null }
  const community = /^[a-z0-9][a-z0-9-]{0,62}$/.test(slug) ? await findCommunity(deps.db, slug) : undefined
  if (!community) {
    io.err(`${display}: there is no community "${slug}" on this site`)
    return 1
  }
  return { email, role: role as TeamRole, community: { id: community.id, slug: community.slug, name: community.name } }
}

const described = (x: Target) => (x.role === 'admin' ? 'admin' : `program manager of ${x.community!.slug}`)

/** `embassy role grant --email E --role admin|program_manager [--community SLUG]`: gives the role (idempotent); a new person is created and mailed. */
export const roleGrantCommand: DbCommand = {
  name: 'role-grant',
  async run(deps, o, io) {
    const target = await readTarget(deps, o, io, 'role grant')
    if (typeof target === 'number') return target
    const result = await grantRoleByEmail(deps, { email: target.email, role: target.role, community: target.community, actor: { id: 'cli', name: 'cli' }, fallbackLocale: 'en' })
    io.out(`${target.email}: ${result.created ? 'account created' : 'existing account'}, ${result.granted ? `now ${described(target)} (an email tells them where to sign in)` : `already ${described(target)}`}.`)
    return 0
  },
}

/** `embassy role revoke --email E --role admin|program_manager [--community SLUG]`: takes the role away (the site's last admin keeps it: exit 1). */
export const roleRevokeCommand: DbCommand = {
  name: 'role-revoke',
  async run(deps, o, io) {
    const target = await readTarget(deps, o, io, 'role revoke')
    if (typeof target === 'number') return target
    const person = await findPersonByEmail(deps.db, target.email)
    if (!person) {
      io.err(`role revoke: nobody signs in with ${target.email}`)
      return 1
    }
    try {
      // The CLI is the operator's: like an admin, it may take the last program manager of a community.
      const removed = await revokeTeamRole(deps.db, { personId: person.personId, role: target.role, community: target.community, actor: 'cli', actorIsAdmin: true })
      io.out(`${target.email}: ${removed ? `no longer ${described(target)}` : `was not ${described(target)}`}.`)
      return 0
    } catch (err) {
      if (err instanceof AppError && err.code === 'conflict') {
        io.err(`role revoke: ${err.message}`)
        return 1
      }
      throw err
    }
  },
}

/** `embassy role list [--community SLUG] [--json]`: the site's admins and program managers. */
export const roleListCommand: DbCommand = {
  name: 'role-list',
  async run(deps, o, io) {
    const slug = typeof o.community === 'string' ? o.community.trim() : ''
    const community = slug && /^[a-z0-9][a-z0-9-]{0,62}$/.test(slug) ? await findCommunity(deps.db, slug) : undefined
    if (slug && !community) {
      io.err(`role list: there is no community "${slug}" on this site`)
      return 1
    }
    const grants = await listTeamGrants(deps.db, community?.id)
    if (o.json) {
      for (const g of grants) io.out(JSON.stringify({ role: g.role, community: g.communitySlug, email: g.email, name: g.name, since: g.grantedAt, grantedBy: g.grantedBy }))
      return 0
    }
    io.out(`${grants.length} role${grants.length === 1 ? '' : 's'}`)
    for (const g of grants) {
      const role = g.role === 'admin' ? 'admin' : `program_manager ${g.communitySlug}`
      io.out(`${role.padEnd(32)} ${(g.email ?? '-').padEnd(32)} ${g.name}  since ${g.grantedAt.toISOString()}  granted by ${g.grantedBy ?? 'unknown'}`)
    }
    return 0
  },
}

/** The role commands, for the command table. */
export const roleCommands = [roleGrantCommand, roleRevokeCommand, roleListCommand]
