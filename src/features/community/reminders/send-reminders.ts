import { sql } from 'drizzle-orm'
import type { AppDeps } from '../../../deps.ts'
import { queryRows } from '../../../db/rows.ts'
import type { Locale } from '../../../ui/i18n.ts'
import { queueEmail } from '../../communications/queue-email.ts'
import { renderEmail } from '../../communications/render-email.ts'

/** Days without a logged activity (or imported contribution) after which an ambassador gets a nudge. */
export const INACTIVITY_DAYS = 60
/** How long before the end of a term its ambassador is invited to renew. */
export const RENEWAL_NOTICE_DAYS = 30

const DAY_MS = 86_400_000

/** One ambassador who is due a reminder, with what the mail needs. */
interface Recipient {
  membership_id: string
  email: string
  name: string
  locale: string
  program_id: string
  program_name: string
  community_slug: string
  program_slug: string
}

function localeOf(value: string): Locale {
  return value === 'zh-CN' ? 'zh-CN' : 'en'
}

/** "30 April 2026" / "2026年4月30日": the last day of a term that ends (exclusively) at `end`. */
export function lastDayOfTerm(locale: Locale, end: Date): string {
  return new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { timeZone: 'UTC', dateStyle: 'long' }).format(new Date(end.getTime() - 1))
}

/**
 * The CTE `last_seen` (prefixed by its helper `terms`): every active ambassador term at `now` with `anchor`, the
 * day counting starts from: the latest of the term's start, their last logged activity in the program and
 * their last imported contribution during the term.
 */
export function quietSince(now: Date) {
  return sql`terms as (
          select m.id as membership_id, m.person_id, co.program_id, m.term_start
            from memberships m join cohorts co on co.id = m.cohort_id
           where m.role = 'ambassador' and m.status = 'active' and m.term_start <= ${now} and m.term_end > ${now}
        ), last_seen as (
          select t.*, greatest((t.term_start at time zone 'UTC')::date,
                   (select max(a.occurred_on) from activities a where a.person_id = t.person_id and a.program_id = t.program_id),
                   (select max((c.occurred_at at time zone 'UTC')::date) from contributions c join contributor_identities ci on ci.id = c.identity_id
                     where ci.person_id = t.person_id and c.occurred_at >= t.term_start and c.occurred_at <= ${now})) as anchor
            from terms t
        )`
}

/**
 * Nudges every ambassador in an active term who has logged nothing (no activity, no imported contribution)
 * for `days` days, counted from their last activity or the start of their term. Reminded at most once per
 * period: the mail's idempotency key names the membership, the day counting starts from and the period
 * number (one at `days`, another at twice `days` if still quiet), so any number of runs sends it once.
 * Notices: an address that unsubscribed gets nothing (the outbox keeps the row as suppressed).
 */
export async function sendEngagementReminders(deps: AppDeps, options: { days?: number } = {}): Promise<{ queued: number }> {
  const days = options.days ?? INACTIVITY_DAYS
  const now = deps.clock()
  const today = now.toISOString().slice(0, 10)
  const rows = await queryRows<Recipient & { anchor: string; quiet_days: number }>(
    deps.db,
    sql`with ${quietSince(now)}
        select l.membership_id, p.email, p.display_name as name, pr.id as program_id, pr.name as program_name, pr.slug as program_slug, cm.slug as community_slug,
               coalesce((select ap.locale from applications ap join cohorts ac on ac.id = ap.cohort_id
                          where ap.person_id = l.person_id and ac.program_id = l.program_id order by ac.year desc limit 1), 'en') as locale,
               l.anchor::text as anchor, (${today}::date - l.anchor) as quiet_days
          from last_seen l
          join people p on p.id = l.person_id
          join programs pr on pr.id = l.program_id
          join communities cm on cm.id = pr.community_id
         where p.email is not null and ${today}::date - l.anchor >= ${days}
         order by l.membership_id`,
  )
  let queued = 0
  for (const r of rows) {
    const quiet = Number(r.quiet_days)
    const period = Math.floor(quiet / days)
    const locale = localeOf(r.locale)
    const link = `${deps.config.baseUrl}/c/${r.community_slug}/programs/${r.program_slug}/activities`
    const mail = await renderEmail(deps, { programId: r.program_id, template: 'engagement-reminder', locale, vars: { name: r.name, program: r.program_name, days: quiet, link } })
    const made = await queueEmail(deps, { idempotencyKey: `engagement-reminder:${r.membership_id}:${r.anchor}:${period}`, to: r.email, fromName: r.program_name, ...mail })
    if (made.created) queued++
  }
  return { queued }
}

/**
 * Invites every ambassador whose active, not yet renewed term ends within `days` days to renew, with the
 * link to the renewal page; once per term (the key is the membership). Notices, like the nudges.
 */
export async function sendRenewalReminders(deps: AppDeps, options: { days?: number } = {}): Promise<{ queued: number }> {
  const days = options.days ?? RENEWAL_NOTICE_DAYS
  const now = deps.clock()
  const until = new Date(now.getTime() + days * DAY_MS)
  const rows = await queryRows<Recipient & { term_end: Date | string }>(
    deps.db,
    sql`select m.id as membership_id, m.term_end, p.email, p.display_name as name, pr.id as program_id, pr.name as program_name, pr.slug as program_slug, cm.slug as community_slug,
               coalesce((select ap.locale from applications ap join cohorts ac on ac.id = ap.cohort_id
                          where ap.person_id = m.person_id and ac.program_id = pr.id order by ac.year desc limit 1), 'en') as locale
          from memberships m
          join cohorts co on co.id = m.cohort_id
          join programs pr on pr.id = co.program_id
          join communities cm on cm.id = pr.community_id
          join people p on p.id = m.person_id
         where m.role = 'ambassador' and m.status = 'active' and m.renewed_by_id is null
           and m.term_end > ${now} and m.term_end <= ${until} and p.email is not null
         order by m.id`,
  )
  let queued = 0
  for (const r of rows) {
    const locale = localeOf(r.locale)
    const link = `${deps.config.baseUrl}/c/${r.community_slug}/programs/${r.program_slug}/renew`
    const termEnd = lastDayOfTerm(locale, new Date(r.term_end))
    const mail = await renderEmail(deps, { programId: r.program_id, template: 'renewal-reminder', locale, vars: { name: r.name, program: r.program_name, termEnd, link } })
    const made = await queueEmail(deps, { idempotencyKey: `renewal-reminder:${r.membership_id}`, to: r.email, fromName: r.program_name, ...mail })
    if (made.created) queued++
  }
  return { queued }
}
