import type { Db } from '../../db/client.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { roleGrants, type RoleName } from './schema.ts'

/** Grants a role in a community (or deployment-wide when communityId is null); idempotent, audited when new. */
export async function grantRole(db: Db, personId: string, role: RoleName, communityId: string | null, actor: string): Promise<boolean> {
  const inserted = await db.insert(roleGrants).values({ personId, communityId, role }).onConflictDoNothing().returning({ id: roleGrants.id })
  if (inserted.length) await recordAudit(db, { actor, action: 'role.grant', entity: 'person', entityId: personId, after: { role, communityId } })
  return inserted.length > 0
}
