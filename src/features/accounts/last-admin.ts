import { and, eq, isNull } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { roleGrants } from './schema.ts'

/**
 * Refuses (409 "conflict") when the person is the deployment's only admin, so that deleting or demoting them
 * cannot leave the site without anyone able to run it. Call it inside the transaction that removes the role:
 * it locks the admin grants, so two admins leaving at the same moment cannot both pass the check.
 * `doing` says what was refused, for the message: "delete" (an account) or "demote" (the admin role).
 */
export async function refuseLastAdmin(tx: Db, personId: string, doing: 'delete' | 'demote'): Promise<void> {
  const admins = await tx
    .select({ personId: roleGrants.personId })
    .from(roleGrants)
    .where(and(eq(roleGrants.role, 'admin'), isNull(roleGrants.communityId)))
    .for('update')
  if (!admins.some((a) => a.personId === personId)) return
  if (admins.some((a) => a.personId !== personId)) return
  throw doing === 'delete'
    ? new AppError(
        'conflict',
        'This is the only admin of this site, so the account cannot be deleted: nobody could run the site afterwards. Make someone else an admin first (embassy admin create --email …).',
        {},
        { key: 'admin.lastAdmin.delete' },
      )
    : new AppError(
        'conflict',
        'This is the only admin of this site, so the admin role cannot be taken away: nobody could run the site afterwards. Make someone else an admin first (embassy admin create --email …).',
        {},
        { key: 'admin.lastAdmin.demote' },
      )
}
