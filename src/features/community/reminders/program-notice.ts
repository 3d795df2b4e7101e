import { sql } from 'drizzle-orm'
import type { AppDeps } from '../../../deps.ts'
import { queryRows } from '../../../db/rows.ts'
import { queueEmail } from '../../communications/queue-email.ts'
import { renderEmail } from '../../communications/render-email.ts'
import { quietSince } from './send-reminders.ts'

/** Days without activity after which the program's managers hear about an ambassador. */
export const PROGRAM_NOTICE_DAYS = 90

/** The Monday of the week `day` falls in ("YYYY-MM-DD"). */
function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7))
  return d.toISOString().slice(0, 10)
}

/**
 * Tells each program manager (a program_manager of the program's community, with an email address) which
 * ambassadors of the program have logged nothing for `days` days or more: one notice per manager, program
 * and week (the key names the week's Monday), only when someone is that quiet. English; programs override
 * the template's wording per language.
 */
export async function sendProgramQuietNotices(deps: AppDeps, options: { days?: number } = {}): Promise<{ queued: number }> {
  const days = options.days ?? PROGRAM_NOTICE_DAYS
  const now = deps.clock()
  const today = now.toISOString().slice(0, 10)
  const rows = await queryRows<{ program_id: string; program_name: string; community_slug: string; program_slug: string; manager_id: string; manager_email: string; manager_name: string; quiet: { name: string; days: number }[] }>(
    deps.db,
    sql`with ${quietSince(now)}, quiet as (
          select l.program_id, json_agg(json_build_object('name', p.display_name, 'days', ${today}::date - l.anchor) order by l.anchor, p.display_name) as quiet
            from last_seen l join people p on p.id = l.person_id
           where ${today}::date - l.anchor >= ${days}
           group by l.program_id
        )
        select q.program_id, pr.name as program_name, pr.slug as program_slug, cm.slug as community_slug,
               mp.id as manager_id, mp.email as manager_email, mp.display_name as manager_name, q.quiet
          from quiet q
          join programs pr on pr.id = q.program_id
          join communities cm on cm.id = pr.community_id
          join role_grants rg on rg.community_id = pr.community_id and rg.role = 'program_manager'
          join people mp on mp.id = rg.person_id
         where mp.email is not null
         order by q.program_id, mp.id`,
  )
  const week = weekOf(today)
  let queued = 0
  for (const r of rows) {
    const quiet = typeof r.quiet === 'string' ? (JSON.parse(r.quiet) as typeof r.quiet) : r.quiet
    const list = quiet.map((q) => `${q.name} — ${q.days} days;`).join('\n')
    const link = `${deps.config.baseUrl}/c/${r.community_slug}/programs/${r.program_slug}/activities`
    const mail = await renderEmail(deps, { programId: r.program_id, template: 'quiet-ambassadors-notice', locale: 'en', vars: { name: r.manager_name, program: r.program_name, days, list, link } })
    const made = await queueEmail(deps, { idempotencyKey: `quiet-notice:${r.program_id}:${r.manager_id}:${week}`, to: r.manager_email, fromName: r.program_name, ...mail })
    if (made.created) queued++
  }
  return { queued }
}
