import { beforeAll, expect, it } from 'vitest'
import { inArray } from 'drizzle-orm'
import { describeDb } from '../../../../tests/support/db.ts'
import { runDueJobs } from '../../../jobs/run-jobs.ts'
import { outboxMessages } from '../../communications/schema.ts'
import { setNoticePreference } from '../../communications/mail-preferences.ts'
import { renderDefaultEmail } from '../../communications/render-email.ts'
import { logActivity } from '../activities/log-activity.ts'
import { activityFormFor, makeTermWorld } from '../test-support.ts'
import { scheduleTermReminders, TERM_REMINDERS_JOB } from './jobs.ts'
import { sendEngagementReminders, sendRenewalReminders } from './send-reminders.ts'
import { sendProgramQuietNotices } from './program-notice.ts'

describeDb('term reminders', (ctx) => {
  let world: Awaited<ReturnType<typeof makeTermWorld>>
  let emails: string[]
  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(new Date('2025-07-25T08:00:00Z'))
    // Term May 2025 – April 2026; the first ambassador logs on July 20, the second never, the third unsubscribed.
    world = await makeTermWorld(deps.db, 3)
    emails = world.ambassadors.map((a) => a.email)
    await logActivity(deps.db, { programId: world.programId, standing: await world.standingOf(world.ambassadors[0]!.id), now: deps.clock(), form: activityFormFor(`https://blog.example/${world.tag}/july`, { occurredOn: '2025-07-20' }) })
    await setNoticePreference(deps, emails[2]!, false, 'page')
  })

  async function outbox(prefix: string) {
    const rows = await ctx().db.select().from(outboxMessages).where(inArray(outboxMessages.toAddress, emails))
    return rows.filter((r) => r.idempotencyKey.startsWith(prefix)).map((r) => ({ to: r.toAddress, status: r.status, key: r.idempotencyKey, subject: r.subject, text: r.textBody }))
  }

  it('nudges quiet ambassadors once per period through the daily job, skipping the unsubscribed and the active', async () => {
    const deps = ctx()
    deps.setNow(new Date('2025-08-01T10:00:00Z'))
    await scheduleTermReminders(deps, deps.clock())
    expect(await runDueJobs(deps, { kinds: [TERM_REMINDERS_JOB] })).toBe(1)
    await sendEngagementReminders(deps)
    let sent = await outbox('engagement-reminder:')
    expect(sent.map((m) => [m.to, m.status]).sort()).toEqual([
      [emails[1], 'stored'],
      [emails[2], 'suppressed'],
    ])
    const mail = sent.find((m) => m.to === emails[1])!
    expect(mail.text).toContain(`${world.base}/activities`)
    expect(mail.text).toContain('/mail/preferences?token=')
    // The next day and the next run: nobody twice.
    deps.setNow(new Date('2025-08-02T10:00:00Z'))
    expect((await sendEngagementReminders(deps)).queued).toBe(0)
    // Two months on: the first ambassador is quiet now (73 days), the second is in a second period.
    deps.setNow(new Date('2025-10-01T10:00:00Z'))
    expect((await sendEngagementReminders(deps)).queued).toBe(3)
    sent = await outbox('engagement-reminder:')
    expect(sent.filter((m) => m.status === 'stored').map((m) => m.to).sort()).toEqual([emails[0], emails[1], emails[1]].sort())
    expect(new Set(sent.map((m) => m.key)).size).toBe(sent.length)
    expect((await sendEngagementReminders(deps)).queued).toBe(0)
  })

  it('tells the program managers once a week who has been quiet for 90 days', async () => {
    const deps = ctx()
    deps.setNow(new Date('2025-10-01T10:00:00Z'))
    await sendProgramQuietNotices(deps)
    deps.setNow(new Date('2025-10-03T10:00:00Z'))
    expect((await sendProgramQuietNotices(deps)).queued).toBe(0)
    const rows = await ctx().db.select().from(outboxMessages).where(inArray(outboxMessages.toAddress, [world.manager.email]))
    const notices = rows.filter((r) => r.idempotencyKey.includes(':2025-09-29'))
    expect(notices).toHaveLength(1)
    expect(notices[0]!.idempotencyKey).toMatch(/^quiet-notice:/)
    // The second and third ambassadors never logged anything (154 days since the term began: May 1 in Shanghai is April 30 in UTC); the first did on July 20 (73 days).
    expect(notices[0]!.textBody).toContain(`Ambassador 2 ${world.tag} — 154 days;`)
    expect(notices[0]!.textBody).toContain(`Ambassador 3 ${world.tag} — 154 days;`)
    expect(notices[0]!.textBody).not.toContain(`Ambassador 1 ${world.tag}`)
  })

  it('invites ambassadors to renew 30 days before their term ends, once, with the renewal link', async () => {
    const deps = ctx()
    deps.setNow(new Date('2026-03-15T10:00:00Z'))
    expect((await sendRenewalReminders(deps)).queued).toBe(0)
    deps.setNow(new Date('2026-04-05T10:00:00Z'))
    await sendRenewalReminders(deps)
    await sendRenewalReminders(deps)
    deps.setNow(new Date('2026-04-06T10:00:00Z'))
    await sendRenewalReminders(deps)
    const sent = await outbox('renewal-reminder:')
    expect(sent.map((m) => [m.to, m.status]).sort()).toEqual([
      [emails[0], 'stored'],
      [emails[1], 'stored'],
      [emails[2], 'suppressed'],
    ])
    expect(sent[0]!.text).toContain(`http://embassy.test${world.base}/renew`)
    expect(sent[0]!.subject).toContain('April 2026')
    // After the end of the term nobody is invited any more.
    deps.setNow(new Date('2026-05-02T10:00:00Z'))
    expect((await sendRenewalReminders(deps)).queued).toBe(0)
  })

  it('has the reminders in both languages', () => {
    const zh = renderDefaultEmail('renewal-reminder', 'zh-CN', { name: '张伟', program: 'KSAP', termEnd: '2026年4月30日', link: 'https://embassy.example/renew' })
    expect(zh.subject).toBe('KSAP：您的任期将于 2026年4月30日 结束')
    expect(zh.category).toBe('notice')
    expect(renderDefaultEmail('engagement-reminder', 'zh-CN', { name: '张伟', program: 'KSAP', days: 60, link: 'https://embassy.example/a' }).text).toContain('60 天')
  })
})
