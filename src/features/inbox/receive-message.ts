import { and, eq, gt, isNotNull } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { queueEmail } from '../communications/queue-email.ts'
import { renderEmail } from '../communications/render-email.ts'
import { programs } from '../programs/schema.ts'
import { inboxMessages } from './schema.ts'
import { programInboxSettings, senderCorrection } from './settings.ts'
import { triageMessage } from './triage.ts'

/** A message arriving at a program inbox. */
export interface IncomingMessage {
  programId: string
  source: 'form' | 'email'
  externalId?: string
  fromName: string
  fromAddress: string
  subject: string
  body: string
  /** Mail that must not be answered automatically (auto-replies, lists, bounces). */
  automatic?: boolean
}

/** At most one policy reply per sender and program in this many days: two auto-responders cannot ping-pong. */
const POLICY_REPLY_DAYS = 30

/**
 * Stores a message (once per Message-ID), files it by triage with its reasons, and answers a commercial one
 * politely with the program's policy (not automatic mail, at most once a month per sender). Nothing is deleted.
 */
export async function receiveInboxMessage(deps: AppDeps, input: IncomingMessage): Promise<{ id: string; created: boolean; triage: string }> {
  const now = deps.clock()
  const address = input.fromAddress.trim().toLowerCase()
  const settings = await programInboxSettings(deps.db, input.programId)
  const verdict = triageMessage({ fromAddress: address, subject: input.subject, body: input.body, rules: settings.rules, senderLabel: await senderCorrection(deps.db, input.programId, address) })
  const stored = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(inboxMessages)
      .values({ programId: input.programId, source: input.source, externalId: input.externalId ?? null, fromName: input.fromName, fromAddress: address, subject: input.subject, body: input.body, triage: verdict.label, triageReasons: verdict.reasons, receivedAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ id: inboxMessages.id })
    if (!row) return undefined
    await recordAudit(tx, { actor: `sender:${address}`, action: 'inbox.receive', entity: 'inbox_message', entityId: row.id, after: { source: input.source, triage: verdict.label } })
    return row
  })
  if (!stored) {
    const [existing] = await deps.db.select({ id: inboxMessages.id, triage: inboxMessages.triage }).from(inboxMessages).where(and(eq(inboxMessages.programId, input.programId), eq(inboxMessages.externalId, input.externalId ?? '')))
    return { id: existing!.id, created: false, triage: existing!.triage }
  }
  if (verdict.label === 'commercial' && !input.automatic) await sendPolicyReply(deps, { ...input, fromAddress: address, id: stored.id, settings })
  return { id: stored.id, created: true, triage: verdict.label }
}

async function sendPolicyReply(deps: AppDeps, m: IncomingMessage & { id: string; settings: Awaited<ReturnType<typeof programInboxSettings>> }) {
  const since = new Date(deps.clock().getTime() - POLICY_REPLY_DAYS * 86_400_000)
  const [recent] = await deps.db
    .select({ id: inboxMessages.id })
    .from(inboxMessages)
    .where(and(eq(inboxMessages.programId, m.programId), eq(inboxMessages.fromAddress, m.fromAddress), isNotNull(inboxMessages.policyReplyId), gt(inboxMessages.receivedAt, since)))
    .limit(1)
  if (recent) return
  const [program] = await deps.db.select({ name: programs.name }).from(programs).where(eq(programs.id, m.programId))
  const locale = /[\u3400-\u9fff]/.test(`${m.subject}${m.body}`) ? 'zh-CN' : 'en'
  const mail = await renderEmail(deps, {
    programId: m.programId,
    template: 'inbox-policy-reply',
    locale,
    vars: { name: m.fromName, program: program!.name, policy: m.settings.policyText, elsewhere: m.settings.elsewhere || deps.config.baseUrl },
  })
  const { id } = await queueEmail(deps, { idempotencyKey: `inbox-policy:${m.id}`, to: m.fromAddress, fromName: program!.name, inReplyTo: m.externalId, ...mail })
  await deps.db.update(inboxMessages).set({ policyReplyId: id }).where(eq(inboxMessages.id, m.id))
}
