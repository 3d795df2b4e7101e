import { and, eq } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { t } from '../../ui/i18n.ts'
import { revokeRole } from './revoke-role.ts'
import { roleGrants, type RoleName } from './schema.ts'

/** One grant to take away, and who takes it. */
export interface RevokeTeamRoleInput {
  personId: string
  role: RoleName
  /** Null for the admin role. */
  community: { id: string; name: string } | null
  actor: string
  /**
   * Whether the actor is a site admin. A program manager (not an admin) may not take the role from their
   * community's last program manager (decision 33): only an admin may leave a community without one.
   */
  actorIsAdmin: boolean
}

/**
 * Takes an admin or program-manager role away (revokeRole: audited, and the site's last admin is refused with
 * 409). When a program manager who is not an admin removes one, the community's last program manager is
 * refused too (409), checked under a lock in the same transaction, so two managers removing each other at
 * the same moment cannot both succeed.
 */
export async function revokeTeamRole(db: Db, input: RevokeTeamRoleInput): Promise<boolean> {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db
    if (input.role === 'program_manager' && input.community && !input.actorIsAdmin) {
      const managers = await tx
        .select({ personId: roleGrants.personId })
        .from(roleGrants)
        .where(and(eq(roleGrants.role, 'program_manager'), eq(roleGrants.communityId, input.community.id)))
        .for('update')
      if (managers.some((m) => m.personId === input.personId) && !managers.some((m) => m.personId !== input.personId)) {
        const vars = { community: input.community.name }
        throw new AppError('conflict', t('en', 'roles.lastManager', vars), {}, { key: 'roles.lastManager', vars })
      }
    }
    return revokeRole(tx, input.personId, input.role, input.community?.id ?? null, input.actor)
  })
}
