import { and, eq, isNull, sql } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { credentials, credentialStatusLists } from './schema.ts'

/**
 * Revokes a credential with a reason: records it, flips its status-list bit (by bumping the list's version,
 * so the next request re-signs the list) and audits it, in one transaction. Revoking twice changes nothing.
 */
export async function revokeCredential(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  id: string,
  reason: string,
  actor = 'system',
): Promise<{ changed: boolean }> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new AppError('not_found', `No credential ${id}.`)
  const why = reason.trim()
  if (!why) throw new AppError('validation', 'A revocation needs a reason.', { reason: 'Say why the credential is revoked.' })
  if (why.length > 500) throw new AppError('validation', 'The reason is too long.', { reason: 'At most 500 characters.' })
  const now = deps.clock()
  return deps.db.transaction(async (tx) => {
    const t = tx as unknown as Db
    const [row] = await t
      .update(credentials)
      .set({ revokedAt: now, revocationReason: why })
      .where(and(eq(credentials.id, id), isNull(credentials.revokedAt)))
      .returning({ listId: credentials.statusListId, index: credentials.statusListIndex, membershipId: credentials.membershipId })
    if (!row) {
      const [exists] = await t.select({ id: credentials.id }).from(credentials).where(eq(credentials.id, id)).limit(1)
      if (!exists) throw new AppError('not_found', `No credential ${id}.`)
      return { changed: false }
    }
    await t.update(credentialStatusLists).set({ version: sql`${credentialStatusLists.version} + 1` }).where(eq(credentialStatusLists.id, row.listId))
    await recordAudit(t, {
      actor,
      action: 'credential.revoke',
      entity: 'credential',
      entityId: id,
      before: { revokedAt: null },
      after: { revokedAt: now.toISOString(), reason: why, statusListId: row.listId, statusListIndex: row.index, membershipId: row.membershipId },
    })
    return { changed: true }
  })
}
