import { randomBytes, randomUUID } from 'node:crypto'
import { and, desc, eq, inArray } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { classifyAddress } from '../../lib/ip-address.ts'
import { seal } from '../../lib/sealed.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { notifyWebhooks } from './notify.ts'
import { programWebhooks, webhookDeliveries } from './schema.ts'

const ENV_ALLOW_PRIVATE = process.env.EMBASSY_ALLOW_PRIVATE_FETCH === '1'

/**
 * Checks a webhook URL before it is stored: https only, and no loopback, private or otherwise internal
 * address written into it — unless the deployment allows private fetches (tests, development). A host name
 * is checked again, resolved, by the SSRF guard at every delivery. Returns a message, or null when fine.
 */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | null {
  if (!raw) return 'Enter the URL the notifications are sent to.'
  if (raw.length > 2000) return 'The URL is too long (at most 2,000 characters).'
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return 'This is not a valid URL; it looks like https://hooks.slack.com/services/…'
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) return 'Only https:// URLs can receive notifications.'
  if (url.username || url.password) return 'Put no user name or password in the URL; the signature authenticates Embassy.'
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (allowPrivate) return null
  if (host === 'localhost' || host.endsWith('.localhost')) return 'Refused: localhost is not reachable from the internet.'
  const cls = classifyAddress(host)
  if (cls !== 'public' && cls !== 'invalid') return `Refused: ${host} is a ${cls} address.`
  return null
}

/** Adds a webhook; returns it with its secret, which is shown this once and stored sealed. */
export async function addWebhook(deps: AppDeps, input: { programId: string; url: string; kind: string; actor: string }): Promise<{ id: string; secret: string }> {
  const url = input.url.trim()
  const errors: Record<string, string> = {}
  const problem = webhookUrlProblem(url, deps.config.allowPrivateFetch ?? ENV_ALLOW_PRIVATE)
  if (problem) errors.url = problem
  if (input.kind !== 'slack' && input.kind !== 'generic') errors.kind = 'Choose Slack-compatible or generic JSON.'
  if (Object.keys(errors).length) throw new AppError('validation', 'The webhook was not added: please correct it.', errors)
  const secret = `whsec_${randomBytes(24).toString('base64url')}`
  const id = randomUUID()
  await deps.db.transaction(async (tx) => {
    await tx.insert(programWebhooks).values({ id, programId: input.programId, url, kind: input.kind as 'slack' | 'generic', secretSealed: seal(deps.secretKey, 'webhook secrets', secret), createdBy: input.actor, createdAt: deps.clock() })
    await recordAudit(tx as unknown as Db, { actor: input.actor, action: 'webhook.add', entity: 'program', entityId: input.programId, after: { id, url, kind: input.kind } })
  })
  return { id, secret }
}

async function ownHook(db: Db, programId: string, id: string) {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('not_found', 'There is no such webhook.')
  const [hook] = await db.select().from(programWebhooks).where(and(eq(programWebhooks.id, id), eq(programWebhooks.programId, programId)))
  if (!hook) throw new AppError('not_found', 'There is no such webhook.')
  return hook
}

/** Disables or re-enables a webhook (a disabled one gets nothing; its queued deliveries are skipped). */
export async function setWebhookEnabled(deps: AppDeps, input: { programId: string; id: string; enabled: boolean; actor: string }): Promise<void> {
  await ownHook(deps.db, input.programId, input.id)
  await deps.db.update(programWebhooks).set({ enabled: input.enabled }).where(eq(programWebhooks.id, input.id))
  await recordAudit(deps.db, { actor: input.actor, action: input.enabled ? 'webhook.enable' : 'webhook.disable', entity: 'program', entityId: input.programId, after: { id: input.id } })
}

/** Deletes a webhook and its delivery history. */
export async function deleteWebhook(deps: AppDeps, input: { programId: string; id: string; actor: string }): Promise<void> {
  const hook = await ownHook(deps.db, input.programId, input.id)
  await deps.db.delete(programWebhooks).where(eq(programWebhooks.id, input.id))
  await recordAudit(deps.db, { actor: input.actor, action: 'webhook.delete', entity: 'program', entityId: input.programId, after: { id: input.id, url: hook.url } })
}

/** Queues a test notification to one webhook (each press is a new delivery). */
export async function sendTestWebhook(deps: AppDeps, input: { programId: string; id: string }): Promise<void> {
  const hook = await ownHook(deps.db, input.programId, input.id)
  if (!hook.enabled) throw new AppError('conflict', 'Enable the webhook before sending a test.')
  await notifyWebhooks(deps.db, { programId: input.programId, event: 'test', eventKey: randomUUID(), payload: {} }, hook.id)
}

/** The program's webhooks and the 50 latest deliveries of each, newest first. */
export async function listWebhooks(db: Db, programId: string) {
  const hooks = await db.select().from(programWebhooks).where(eq(programWebhooks.programId, programId)).orderBy(programWebhooks.createdAt)
  const deliveries = hooks.length
    ? await db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.webhookId, hooks.map((h) => h.id))).orderBy(desc(webhookDeliveries.createdAt)).limit(50 * hooks.length)
    : []
  return hooks.map(({ secretSealed: _, ...hook }) => ({ ...hook, deliveries: deliveries.filter((d) => d.webhookId === hook.id).slice(0, 50) }))
}
export type WebhookListing = Awaited<ReturnType<typeof listWebhooks>>
