import { and, eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { inboxMessages } from './schema.ts'

/** A change a manager makes to a message: who handles it, or where it stands. */
export type MessageChange = { assigneeId: string | null } | { status: 'open' | 'waiting' | 'closed' }

/** Assigns a message or changes its status (in the program it belongs to), audited with before and after. */
export async function updateInboxMessage(deps: AppDeps, input: { programId: string; messageId: string; change: MessageChange; actor: string }): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const where = and(eq(inboxMessages.id, input.messageId), eq(inboxMessages.programId, input.programId))
    const [before] = await tx.select({ assigneeId: inboxMessages.assigneeId, status: inboxMessages.status }).from(inboxMessages).where(where)
    if (!before) throw new AppError('not_found', 'There is no such message in this inbox.', {}, { key: 'inbox.error.noMessage' })
    await tx.update(inboxMessages).set({ ...input.change, updatedAt: deps.clock() }).where(where)
    const action = 'status' in input.change ? 'inbox.status' : 'inbox.assign'
    await recordAudit(tx, { actor: input.actor, action, entity: 'inbox_message', entityId: input.messageId, before, after: input.change })
  })
}
