import { and, eq } from 'drizzle-orm'
import { z } from 'zod'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { isMessageKey, t, type Locale } from '../../ui/i18n.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { queueEmail } from '../communications/queue-email.ts'
import { programs } from '../programs/schema.ts'
import { inboxMessages, inboxReplies } from './schema.ts'

const replyBody = z.string().trim().min(1, 'inbox.error.replyEmpty').max(20_000, 'inbox.error.replyLength')

/**
 * Answers a message by email through the outbox (threaded under the sender's message); the message then waits for them.
 * A refused reply says why in `locale` (English by default).
 */
export async function replyToInboxMessage(deps: AppDeps, input: { programId: string; messageId: string; body: string; actor: string; locale?: Locale }): Promise<{ outboxId: string }> {
  const parsed = replyBody.safeParse(input.body)
  if (!parsed.success) {
    const locale = input.locale ?? 'en'
    const message = parsed.error.issues[0]!.message
    throw new AppError('validation', t(locale, 'inbox.error.replyNotSent'), { body: isMessageKey(message) ? t(locale, message) : message }, { key: 'inbox.error.replyNotSent' })
  }
  const [message] = await deps.db.select().from(inboxMessages).where(and(eq(inboxMessages.id, input.messageId), eq(inboxMessages.programId, input.programId)))
  if (!message) throw new AppError('not_found', 'There is no such message in this inbox.', {}, { key: 'inbox.error.noMessage' })
  const [program] = await deps.db.select({ name: programs.name }).from(programs).where(eq(programs.id, input.programId))
  const now = deps.clock()
  const subject = /^re:/i.test(message.subject) ? message.subject : `Re: ${message.subject}`
  // The reply's key includes its text and time: two different replies are two emails, a double click is one.
  const key = `inbox-reply:${message.id}:${input.actor}:${Buffer.from(parsed.data).toString('base64url').slice(0, 64)}:${Math.floor(now.getTime() / 60_000)}`
  const { id: outboxId, created } = await queueEmail(deps, {
    idempotencyKey: key,
    to: message.fromAddress,
    fromName: program!.name,
    subject: subject.replace(/[\r\n]+/g, ' '),
    text: parsed.data,
    inReplyTo: message.externalId ?? undefined,
  })
  if (!created) return { outboxId }
  await deps.db.transaction(async (tx) => {
    await tx.insert(inboxReplies).values({ inboxMessageId: message.id, authorId: input.actor, body: parsed.data, outboxId, createdAt: now })
    await tx.update(inboxMessages).set({ status: 'waiting', updatedAt: now }).where(eq(inboxMessages.id, message.id))
    await recordAudit(tx, { actor: input.actor, action: 'inbox.reply', entity: 'inbox_message', entityId: message.id, after: { outboxId } })
  })
  return { outboxId }
}
