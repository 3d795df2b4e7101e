import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import { outboxMessages } from './schema.ts'
import type { OutgoingMail } from './transport.ts'
import { acceptsNotices, preferenceLinks } from './mail-preferences.ts'

/** An email to send. */
export interface EmailToQueue {
  /** Same key, same message: a retried operation never sends twice. */
  idempotencyKey: string
  to: string
  subject: string
  text: string
  html?: string
  category?: 'transactional' | 'notice'
  /** Display name of the sender (a program's name); the address stays MAIL_FROM's. */
  fromName?: string
  /** Where replies should go (a program inbox address). */
  replyTo?: string
  /** Message-ID this email answers, so it threads in the recipient's client. */
  inReplyTo?: string
}

/** How queueEmail behaves. */
export interface QueueOptions {
  /** Try to deliver at once when SMTP is configured (default true); false leaves it to the mail worker. */
  sendNow?: boolean
}

const MAX_ATTEMPTS = 8

// Header injection: a line break in a subject or an address would start a new header.
function assertSingleLine(name: string, value: string) {
  if (/[\r\n]/.test(value)) throw new Error(`${name} must be a single line`)
}

/**
 * Writes an email to the outbox (once per idempotency key) and, when an SMTP server is configured, tries to
 * deliver it at once; a failed delivery stays in the outbox and is retried with backoff by the mail worker.
 */
export async function queueEmail(deps: AppDeps, email: EmailToQueue, options: QueueOptions = {}): Promise<{ id: string; created: boolean }> {
  assertSingleLine('subject', email.subject)
  assertSingleLine('address', email.to)
  for (const [name, value] of [['sender name', email.fromName], ['reply-to address', email.replyTo], ['in-reply-to', email.inReplyTo]] as const) {
    if (value !== undefined) assertSingleLine(name, value)
  }
  const category = email.category ?? 'transactional'
  let { text, html } = email
  let suppressed = false
  if (category === 'notice') {
    // Notices carry the way out in the body too (List-Unsubscribe is added at send time), and are not sent to
    // an address that opted out: they stay visible in the outbox as suppressed.
    suppressed = !(await acceptsNotices(deps.db, email.to))
    const { page } = preferenceLinks(deps, email.to)
    text = `${text.trimEnd()}\n\n--\nUnsubscribe or change your mail preferences / 退订或更改邮件设置: ${page}\n`
    if (html) {
      const escaped = page.replace(/&/g, '&amp;').replace(/"/g, '&quot;')
      html = html.replace('</body>', `<hr><p><a href="${escaped}">Unsubscribe or change your mail preferences / 退订或更改邮件设置</a></p></body>`)
    }
  }
  const [row] = await deps.db
    .insert(outboxMessages)
    .values({
      idempotencyKey: email.idempotencyKey,
      toAddress: email.to,
      subject: email.subject,
      fromName: email.fromName ?? null,
      replyTo: email.replyTo ?? null,
      inReplyTo: email.inReplyTo ?? null,
      textBody: text,
      htmlBody: html ?? null,
      category,
      status: suppressed ? 'suppressed' : deps.mailTransport ? 'pending' : 'stored',
      // The app's clock, not the database's: due times are compared with it.
      createdAt: deps.clock(),
      nextAttemptAt: deps.clock(),
    })
    .onConflictDoNothing({ target: outboxMessages.idempotencyKey })
    .returning({ id: outboxMessages.id })
  if (!row) {
    const [existing] = await deps.db
      .select({ id: outboxMessages.id })
      .from(outboxMessages)
      .where(eq(outboxMessages.idempotencyKey, email.idempotencyKey))
    return { id: existing!.id, created: false }
  }
  if (deps.mailTransport && !suppressed && options.sendNow !== false) await deliverOutboxMessage(deps, row.id)
  return { id: row.id, created: true }
}

/** Tries to send one pending message; records success, or the error and the next attempt's time. */
export async function deliverOutboxMessage(deps: AppDeps, id: string): Promise<boolean> {
  const transport = deps.mailTransport
  if (!transport) return false
  // Claim it: only a pending or failed message whose turn has come is sent, so two workers never both send it.
  const now = deps.clock()
  const [message] = await deps.db
    .update(outboxMessages)
    .set({ attempts: sql`${outboxMessages.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + 10 * 60_000) })
    .where(and(eq(outboxMessages.id, id), inArray(outboxMessages.status, ['pending', 'failed']), lte(outboxMessages.nextAttemptAt, now)))
    .returning()
  if (!message) return false
  try {
    await transport.send(outgoingMail(deps, message))
    await deps.db.update(outboxMessages).set({ status: 'sent', sentAt: deps.clock(), lastError: null }).where(eq(outboxMessages.id, id))
    return true
  } catch (err) {
    const failedFor = message.attempts >= MAX_ATTEMPTS
    const backoffMs = Math.min(6 * 3600_000, 30_000 * 2 ** (message.attempts - 1))
    await deps.db
      .update(outboxMessages)
      .set({ status: 'failed', lastError: (err as Error).message.slice(0, 500), nextAttemptAt: failedFor ? new Date('9999-01-01') : new Date(now.getTime() + backoffMs) })
      .where(eq(outboxMessages.id, id))
    deps.logger.warn({ outboxId: id, attempts: message.attempts, err: (err as Error).message }, 'mail delivery failed; will retry')
    return false
  }
}

/** The Message-ID of an outbox message: the same on every attempt, so a receiver can tell a resend from a new mail. */
export function messageIdOf(deps: Pick<AppDeps, 'config'>, outboxId: string): string {
  return `<${outboxId}@${new URL(deps.config.baseUrl).hostname}>`
}

/** The mail an outbox row becomes: sender, stable Message-ID, threading, and List-Unsubscribe on notices (RFC 2369, RFC 8058). */
function outgoingMail(deps: AppDeps, message: typeof outboxMessages.$inferSelect): OutgoingMail {
  const address = /<([^>]+)>/.exec(deps.config.mailFrom)?.[1] ?? deps.config.mailFrom
  const headers: Record<string, string> = { 'X-Embassy-Message-Id': message.id }
  if (message.category === 'notice') {
    const links = preferenceLinks(deps, message.toAddress)
    headers['List-Unsubscribe'] = `<${links.oneClick}>`
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click'
  }
  return {
    from: message.fromName ? { name: message.fromName, address } : deps.config.mailFrom,
    to: message.toAddress,
    subject: message.subject,
    text: message.textBody,
    html: message.htmlBody,
    messageId: messageIdOf(deps, message.id),
    replyTo: message.replyTo ?? undefined,
    inReplyTo: message.inReplyTo ?? undefined,
    headers,
  }
}

/** Sends every message whose turn has come (the mail worker calls this periodically). */
export async function deliverDueMessages(deps: AppDeps, limit = 50): Promise<number> {
  if (!deps.mailTransport) return 0
  const due = await deps.db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(and(inArray(outboxMessages.status, ['pending', 'failed']), lte(outboxMessages.nextAttemptAt, deps.clock())))
    .orderBy(asc(outboxMessages.nextAttemptAt))
    .limit(limit)
  let sent = 0
  for (const { id } of due) if (await deliverOutboxMessage(deps, id)) sent++
  return sent
}
