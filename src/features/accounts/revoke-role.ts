import { and, eq, isNull } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { refuseLastAdmin } from './last-admin.ts'
import { roleGrants, type RoleName } from './schema.ts'

/**
 * Takes a role away (in a community, or deployment-wide when communityId is null); idempotent, audited when it
 * was held. Taking the admin role from the only admin is refused (409), in one transaction with the check.
 */
export async function revokeRole(db: Db, personId: string, role: RoleName, communityId: string | null, actor: string): Promise<boolean> {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db
    if (role === 'admin' && communityId === null) await refuseLastAdmin(tx, personId, 'demote')
    const where = and(eq(roleGrants.personId, personId), eq(roleGrants.role, role), communityId === null ? isNull(roleGrants.communityId) : eq(roleGrants.communityId, communityId))
    const removed = await tx.delete(roleGrants).where(where).returning({ id: roleGrants.id })
    if (removed.length) await recordAudit(tx, { actor, action: 'role.revoke', entity: 'person', entityId: personId, before: { role, communityId } })
    return removed.length > 0
  })
}
