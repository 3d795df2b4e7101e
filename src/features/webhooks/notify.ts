import { and, eq } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { enqueueJob } from '../../jobs/queue.ts'
import { programWebhooks, webhookDeliveries, type WebhookEvent } from './schema.ts'

/** The job kind that delivers one webhook delivery. */
export const WEBHOOK_JOB = 'webhook.deliver'
/** Attempts before a delivery is marked failed: retried after 10 s, 20 s, 40 s, 80 s, 160 s. */
export const WEBHOOK_MAX_ATTEMPTS = 6

/** An event to tell a program's webhooks about. `payload` holds no personal data: titles, ids, a `path`. */
export interface WebhookNotice {
  programId: string
  event: WebhookEvent
  /** The event's own id: notifying twice for the same key delivers once per webhook. */
  eventKey: string
  payload: Record<string, unknown>
}

/** Queues one delivery job per enabled webhook of `webhookId` only (send test) or of the program. */
export async function notifyWebhooks(db: Db, notice: WebhookNotice, webhookId?: string): Promise<number> {
  const hooks = await db
    .select({ id: programWebhooks.id })
    .from(programWebhooks)
    .where(and(eq(programWebhooks.programId, notice.programId), eq(programWebhooks.enabled, true), webhookId ? eq(programWebhooks.id, webhookId) : undefined))
  let queued = 0
  for (const hook of hooks) {
    const [delivery] = await db
      .insert(webhookDeliveries)
      .values({ webhookId: hook.id, event: notice.event, eventKey: notice.eventKey, payload: notice.payload })
      .onConflictDoNothing()
      .returning({ id: webhookDeliveries.id })
    if (!delivery) continue
    await enqueueJob(db, { kind: WEBHOOK_JOB, key: `webhook:${hook.id}:${notice.event}:${notice.eventKey}`, payload: { deliveryId: delivery.id }, maxAttempts: WEBHOOK_MAX_ATTEMPTS })
    queued++
  }
  return queued
}
