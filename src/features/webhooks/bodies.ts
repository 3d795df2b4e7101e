import type { WebhookEvent } from './schema.ts'

/** What a delivery is about, as the body builder sees it. */
export interface DeliveryContext {
  deliveryId: string
  event: WebhookEvent
  createdAt: Date
  payload: Record<string, unknown>
  program: { name: string; slug: string; communitySlug: string }
  baseUrl: string
}

/** Slack's three characters with a meaning in message text. */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** The payload with its `path` made an absolute `url` under BASE_URL. */
function data(ctx: DeliveryContext): Record<string, unknown> {
  const { path, ...rest } = ctx.payload
  return typeof path === 'string' ? { ...rest, url: `${ctx.baseUrl}${path}` } : rest
}

/** One line for people in a chat channel. */
export function slackText(ctx: DeliveryContext): string {
  const d = data(ctx)
  const str = (k: string) => slackEscape(String(d[k] ?? ''))
  const link = (url: unknown, label: string) => (typeof url === 'string' ? ` <${slackEscape(url)}|${label}>` : '')
  const program = slackEscape(ctx.program.name)
  switch (ctx.event) {
    case 'application.submitted':
      return `New application to ${program} (${str('cohort')}).${link(d.url, 'Applications')}`
    case 'announcement.published':
      return `${program}: the ${str('cohort')} announcement is published.${link(d.url, 'Read it')}`
    case 'activity.logged':
      return `New activity in ${program}: ${str('title')} (${str('type')}, ${str('occurredOn')}).${link(d.link, 'Open')}`
    case 'test':
      return `Test notification from Embassy for ${program}: this webhook works.`
  }
}

/** The request body for a webhook of this kind: Slack-compatible `{"text": …}` or the generic event. */
export function webhookBody(kind: 'slack' | 'generic', ctx: DeliveryContext): string {
  if (kind === 'slack') return JSON.stringify({ text: slackText(ctx) })
  return JSON.stringify({
    id: ctx.deliveryId,
    type: ctx.event,
    created_at: ctx.createdAt.toISOString(),
    program: { community: ctx.program.communitySlug, slug: ctx.program.slug, name: ctx.program.name, url: `${ctx.baseUrl}/c/${ctx.program.communitySlug}/programs/${ctx.program.slug}` },
    data: data(ctx),
  })
}
