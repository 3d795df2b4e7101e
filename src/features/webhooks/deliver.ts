import { eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { JobRun } from '../../jobs/registry.ts'
import { safeFetch, SafeFetchError } from '../../lib/safe-fetch.ts'
import { unseal } from '../../lib/sealed.ts'
import { communities, programs } from '../programs/schema.ts'
import { webhookBody } from './bodies.ts'
import { WEBHOOK_MAX_ATTEMPTS } from './notify.ts'
import { programWebhooks, webhookDeliveries } from './schema.ts'
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './signature.ts'

/** Thrown to make the job queue retry a delivery later (with backoff); the reason is on the delivery row. */
export class WebhookDeliveryError extends Error {
  override name = 'WebhookDeliveryError'
}

/**
 * The `webhook.deliver` job: POSTs one delivery through the SSRF guard, signed (signature.ts), and records
 * the attempt on the delivery row. A 2xx is delivered; any other status, a timeout or a network error is
 * retried by the queue until the last attempt, which marks it failed; an address the guard refuses fails
 * at once (retrying cannot help). A delivery of a disabled webhook is skipped; of a deleted one, gone.
 */
export async function deliverWebhookJob(deps: AppDeps, job: JobRun): Promise<void> {
  const deliveryId = String(job.payload.deliveryId ?? '')
  const [row] = await deps.db
    .select({ delivery: webhookDeliveries, hook: programWebhooks, programName: programs.name, programSlug: programs.slug, communitySlug: communities.slug })
    .from(webhookDeliveries)
    .innerJoin(programWebhooks, eq(programWebhooks.id, webhookDeliveries.webhookId))
    .innerJoin(programs, eq(programs.id, programWebhooks.programId))
    .innerJoin(communities, eq(communities.id, programs.communityId))
    .where(eq(webhookDeliveries.id, deliveryId))
  if (!row || row.delivery.status === 'delivered' || row.delivery.status === 'failed') return
  if (!row.hook.enabled) {
    await deps.db.update(webhookDeliveries).set({ status: 'skipped', lastError: 'the webhook was disabled' }).where(eq(webhookDeliveries.id, deliveryId))
    return
  }
  const body = webhookBody(row.hook.kind, {
    deliveryId,
    event: row.delivery.event,
    createdAt: row.delivery.createdAt,
    payload: row.delivery.payload,
    program: { name: row.programName, slug: row.programSlug, communitySlug: row.communitySlug },
    baseUrl: deps.config.baseUrl,
  })
  const now = deps.clock()
  const timestamp = Math.floor(now.getTime() / 1000)
  const secret = unseal(deps.secretKey, 'webhook secrets', row.hook.secretSealed)
  let statusCode: number | null = null
  let error: string | null = null
  let permanent = false
  try {
    const res = await safeFetch(row.hook.url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
        [TIMESTAMP_HEADER]: String(timestamp),
        'x-embassy-event': row.delivery.event,
        'x-embassy-delivery': deliveryId,
      },
      allowPrivate: deps.config.allowPrivateFetch,
      timeoutMs: 10_000,
      maxBytes: 64_000,
    })
    statusCode = res.status
    if (res.status < 200 || res.status > 299) error = `the receiver answered HTTP ${res.status}${res.body.length ? `: ${res.body.toString('utf8').slice(0, 200)}` : ''}`
  } catch (err) {
    if (!(err instanceof SafeFetchError)) throw err
    error = err.message
    permanent = err.code === 'refused' || err.code === 'bad_url'
  }
  const last = permanent || job.attempt >= WEBHOOK_MAX_ATTEMPTS
  await deps.db
    .update(webhookDeliveries)
    .set({
      attempts: job.attempt,
      lastStatusCode: statusCode,
      lastError: error,
      lastAttemptAt: now,
      status: error === null ? 'delivered' : last ? 'failed' : 'pending',
      ...(error === null ? { deliveredAt: now } : {}),
    })
    .where(eq(webhookDeliveries.id, deliveryId))
  if (error !== null && !last) throw new WebhookDeliveryError(error)
  if (error !== null) deps.logger.warn({ deliveryId, webhookId: row.hook.id, error }, 'webhook delivery failed for good')
}
