import { and, eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { inboxMessages, triageExamples } from './schema.ts'
import type { TriageLabel } from './triage.ts'

/**
 * Moves a message to another folder (a manager correcting triage). The correction is kept as a labelled
 * example, which also files later mail from the same sender, and is audited; the message itself is kept.
 */
export async function refileInboxMessage(deps: AppDeps, input: { programId: string; messageId: string; label: TriageLabel; actor: string }): Promise<void> {
  const now = deps.clock()
  await deps.db.transaction(async (tx) => {
    const where = and(eq(inboxMessages.id, input.messageId), eq(inboxMessages.programId, input.programId))
    const [message] = await tx.select().from(inboxMessages).where(where)
    if (!message) throw new AppError('not_found', 'There is no such message in this inbox.', {}, { key: 'inbox.error.noMessage' })
    if (message.triage === input.label) return
    const reasons = [...message.triageReasons, `Moved from ${message.triage.replace('_', ' ')} to ${input.label.replace('_', ' ')} by a program manager.`]
    await tx.update(inboxMessages).set({ triage: input.label, triageReasons: reasons, updatedAt: now }).where(where)
    await tx.insert(triageExamples).values({
      programId: input.programId,
      inboxMessageId: message.id,
      senderAddress: message.fromAddress,
      fromLabel: message.triage,
      label: input.label,
      subject: message.subject,
      body: message.body,
      createdBy: input.actor,
      createdAt: now,
    })
    await recordAudit(tx, { actor: input.actor, action: 'inbox.refile', entity: 'inbox_message', entityId: message.id, before: { triage: message.triage }, after: { triage: input.label } })
  })
}
