import { afterAll, beforeAll, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { simpleParser, type ParsedMail } from 'mailparser'
import { describeDb } from '../../../tests/support/db.ts'
import { makeCommunity } from '../../../tests/support/factories.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { people } from '../people/schema.ts'
import { auditLog } from '../audit/schema.ts'
import { smtpTransport } from './transport.ts'
import { queueEmail } from './queue-email.ts'
import { renderEmail } from './render-email.ts'
import { saveMailTemplate } from './save-mail-template.ts'
import { mailTemplateOverrides, outboxMessages } from './schema.ts'
import { preferenceLinks } from './mail-preferences.ts'
import { startTestSmtp } from './test-smtp-server.ts'

/** Raw header values by lower-cased name, unfolded (mailparser groups List-* headers under "list"). */
const headerLines = (mail: ParsedMail) => Object.fromEntries(mail.headerLines.map((h) => [h.key, h.line.replace(/\r?\n[ \t]+/g, ' ').replace(/^[^:]+:\s*/, '')]))

describeDb('mail templates, both parts and List-Unsubscribe through SMTP', (ctx) => {
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>
  let community: Awaited<ReturnType<typeof makeCommunity>>
  beforeAll(async () => {
    smtp = await startTestSmtp()
    community = await makeCommunity(ctx().db)
  })
  afterAll(async () => {
    await smtp.close()
  })

  /** The mail the SMTP server accepted for an outbox id, parsed by mailparser. */
  async function arrived(id: string): Promise<ParsedMail[]> {
    return Promise.all(smtp.received.filter((m) => m.raw.includes(id)).map((m) => simpleParser(m.raw)))
  }

  it('a notice arrives with the program as sender name, both parts, a stable Message-ID and one-click List-Unsubscribe', async () => {
    const deps = { ...ctx(), mailTransport: smtpTransport(`smtp://127.0.0.1:${smtp.port}`) }
    const to = `notice-${deps.engine}@example.org`
    const mail = await renderEmail(deps, {
      programId: community.programId,
      template: 'program-notice',
      locale: 'zh-CN',
      vars: { name: '张伟', program: '测试大使计划', title: '2024 届申请即将开放', summary: '下一届申请将于 8 月 1 日开放。', link: 'https://embassy.test/c/x' },
    })
    const { id } = await queueEmail(deps, { idempotencyKey: `notice:${deps.engine}`, to, fromName: '测试大使计划', replyTo: 'inbox@example.org', ...mail })
    const [parsed] = await arrived(id)
    expect(parsed).toBeDefined()
    expect(parsed!.subject).toBe('测试大使计划：2024 届申请即将开放')
    expect(parsed!.from?.value[0]).toMatchObject({ name: '测试大使计划', address: 'no-reply@localhost' })
    expect(parsed!.replyTo?.value[0]?.address).toBe('inbox@example.org')
    expect(parsed!.text).toContain('张伟，您好：')
    expect(parsed!.text).toContain(preferenceLinks(deps, to).page)
    expect(parsed!.html).toContain('<p>下一届申请将于 8 月 1 日开放。</p>')
    expect(parsed!.html).toContain('<a href="https://embassy.test/c/x">https://embassy.test/c/x</a>')
    expect(parsed!.messageId).toBe(`<${id}@embassy.test>`)
    const lines = headerLines(parsed!)
    expect(lines['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click')
    expect(lines['list-unsubscribe']).toBe(`<${preferenceLinks(deps, to).oneClick}>`)
    deps.mailTransport.close()
  })

  it('transactional mail has no List-Unsubscribe; a sender name with a line break is refused and nothing is stored', async () => {
    const deps = { ...ctx(), mailTransport: smtpTransport(`smtp://127.0.0.1:${smtp.port}`) }
    const mail = await renderEmail(deps, { template: 'sign-in', locale: 'en', vars: { link: 'https://embassy.test/sign-in/verify?token=abc', minutes: 15 } })
    const { id } = await queueEmail(deps, { idempotencyKey: `tx:${deps.engine}`, to: 'tx@example.org', ...mail })
    const [parsed] = await arrived(id)
    expect(headerLines(parsed!)).not.toHaveProperty('list-unsubscribe')
    expect(parsed!.text).toContain('https://embassy.test/sign-in/verify?token=abc')
    expect(parsed!.html).toContain('href="https://embassy.test/sign-in/verify?token=abc"')
    await expect(queueEmail(deps, { idempotencyKey: `inject:${deps.engine}`, to: 'a@example.org', fromName: 'Program\r\nBcc: victim@example.org', ...mail })).rejects.toThrow('sender name must be a single line')
    expect(await deps.db.select().from(outboxMessages).where(eq(outboxMessages.idempotencyKey, `inject:${deps.engine}`))).toEqual([])
    deps.mailTransport.close()
  })

  it('one-click unsubscribe (RFC 8058) stops notices but not transactional mail; the preferences page brings them back', async () => {
    const deps = { ...ctx(), mailTransport: smtpTransport(`smtp://127.0.0.1:${smtp.port}`) }
    const app = createApp(deps)
    const to = `leaver-${deps.engine}@example.org`
    const links = preferenceLinks(deps, to)
    const oneClick = new URL(links.oneClick)
    const res = await app.request(oneClick.pathname + oneClick.search, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(res.status).toBe(200)
    const forged = await app.request(`/mail/unsubscribe?token=${encodeURIComponent(`${Buffer.from(to).toString('base64url')}.forged`)}`, { method: 'POST' })
    expect(forged.status).toBe(400)

    const vars = { name: 'Lee', program: 'P', title: 'News', summary: 'S', link: 'https://embassy.test/' }
    const notice = await renderEmail(deps, { template: 'program-notice', locale: 'en', vars })
    const suppressed = await queueEmail(deps, { idempotencyKey: `suppressed:${deps.engine}`, to, ...notice })
    const receipt = await queueEmail(deps, { idempotencyKey: `receipt:${deps.engine}`, to, ...(await renderEmail(deps, { template: 'sign-in', locale: 'en', vars: { link: 'https://embassy.test/x', minutes: 15 } })) })
    const rows = await deps.db.select({ id: outboxMessages.id, status: outboxMessages.status }).from(outboxMessages).where(eq(outboxMessages.toAddress, to))
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [suppressed.id]: 'suppressed', [receipt.id]: 'sent' })
    expect(await arrived(suppressed.id)).toEqual([])

    const page = new URL(links.page)
    const client = new (await import('../../../tests/support/http.ts')).FormClient(app)
    const shown = await client.get(page.pathname + page.search)
    expect(shown.status).toBe(200)
    expect(shown.text).not.toContain(to)
    expect(shown.text).toContain(`l***@example.org`)
    const saved = await client.post('/mail/preferences', { token: page.searchParams.get('token')!, notices: 'yes' })
    expect(saved.text).toContain('Your preferences are saved.')
    const again = await queueEmail(deps, { idempotencyKey: `again:${deps.engine}`, to, ...notice })
    expect(await arrived(again.id)).toHaveLength(1)
    expect(await deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'mail.unsubscribe'), eq(auditLog.entityId, to)))).toHaveLength(1)
    expect((await client.get('/mail/preferences?token=nope.nope')).status).toBe(404)
    deps.mailTransport.close()
  })

  it('a program’s own wording is used for its mail; an unknown variable, or a required one left out, is refused at save with a clear message', async () => {
    const deps = ctx()
    const [admin] = await deps.db.insert(people).values({ handle: `tmpl-${deps.engine}`, displayName: 'Template Admin', searchKey: 'template admin' }).returning()
    const save = (subject: string, body: string) => saveMailTemplate(deps, { programId: community.programId, template: 'decision-accepted', locale: 'en', subject, body, actor: admin!.id })
    await expect(save('Welcome', 'Answer by {{respondBy}}: {{lnk}}')).rejects.toMatchObject({
      code: 'validation',
      fields: {
        body: 'Unknown variable {{lnk}}. This template knows: {{name}}, {{program}}, {{cohort}}, {{link}}, {{respondBy}}, {{feedback}}. The message must contain {{link}} (the page where the applicant confirms or declines).',
      },
    })
    // An offer without its deadline cannot be answered in time either (the subject counts as part of the wording).
    await expect(save('Welcome to {{program}}', '[Answer]({{link}})')).rejects.toMatchObject({
      fields: { body: 'The message must contain {{respondBy}} (the deadline to answer, with its time zone).' },
    })
    expect(await deps.db.select().from(mailTemplateOverrides).where(eq(mailTemplateOverrides.programId, community.programId))).toEqual([])
    await save('Welcome, answer by {{respondBy}}', 'Hi {{name}}!\n\n[Answer]({{link}})')
    const vars = { name: 'Ana', program: 'P', cohort: 'C', link: 'https://embassy.test/o', respondBy: 'Friday', feedback: '' }
    const own = await renderEmail(deps, { programId: community.programId, template: 'decision-accepted', locale: 'en', vars })
    expect(own).toMatchObject({ subject: 'Welcome, answer by Friday', text: 'Hi Ana!\n\nAnswer: https://embassy.test/o' })
    // Another language, and mail outside the program, keep the default.
    expect((await renderEmail(deps, { programId: community.programId, template: 'decision-accepted', locale: 'zh-CN', vars })).subject).toMatch(/^决定/)
    expect((await renderEmail(deps, { template: 'decision-accepted', locale: 'en', vars })).subject).toMatch(/^Decision/)
    // The platform's own mail (sign-in and address links, sent outside any program) is not a program's to reword.
    await expect(saveMailTemplate(deps, { programId: community.programId, template: 'sign-in', locale: 'en', subject: 'Sign in', body: '{{link}}', actor: admin!.id })).rejects.toMatchObject({ code: 'not_found' })
  })

  it('managers preview and edit templates on admin pages; errors re-render with 422 and nothing saved', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const other = await makeCommunity(deps.db)
    const base = `/admin/c/${other.slug}/programs/ambassadors/mail-templates`
    const stranger = await signedInClient(app, deps.db, `stranger-${deps.engine}@example.org`)
    expect((await stranger.get(base)).status).toBe(403)
    const email = `tmpl-manager-${deps.engine}@example.org`
    const m = await signedInClient(app, deps.db, email)
    const [person] = await deps.db.select().from(people).where(eq(people.email, email))
    await grantRole(deps.db, person!.id, 'program_manager', other.communityId, 'test')
    const list = await m.get(base)
    expect(list.status).toBe(200)
    expect(list.text).toContain(`${base}/application-received/zh-CN`)
    // Sign-in and address confirmation mail are the platform's: not listed, not editable.
    expect(list.text).not.toContain(`${base}/sign-in/`)
    expect(list.text).not.toContain(`${base}/confirm-email/`)
    expect((await m.get(`${base}/sign-in/en`)).status).toBe(404)
    const offer = await m.get(`${base}/decision-accepted/en`)
    expect(offer.text).toContain('Required: the message must contain it.')
    const edit = await m.get(`${base}/application-received/zh-CN`)
    expect(edit.text).toContain('申请已收到：KubeSphere Ambassadorship Program（Ambassadors 2023）')
    const bad = await m.post(`${base}/application-received/zh-CN`, { action: 'save', subject: '收到 {{programme}}', body: '{{name}}' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('Unknown variable {{programme}}. This template knows: {{name}}, {{program}}, {{cohort}}, {{deadline}}, {{link}}, {{verdict}}.')
    expect(bad.text).toContain('value="收到 {{programme}}"')
    const preview = await m.post(`${base}/application-received/zh-CN`, { action: 'preview', subject: '已收到：{{program}}', body: '{{name}}，<b>您好</b>' })
    expect(preview.status).toBe(200)
    expect(preview.text).toContain('Zhang Wei，&lt;b&gt;您好&lt;/b&gt;')
    expect(await deps.db.select().from(mailTemplateOverrides).where(eq(mailTemplateOverrides.programId, other.programId))).toEqual([])
    const saved = await m.post(`${base}/application-received/zh-CN`, { action: 'save', subject: '已收到：{{program}}', body: '{{name}}，您好' })
    expect(saved.status).toBe(200)
    expect(saved.text).toContain('This program uses its own wording.')
    expect(await deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'mail_template.save'), eq(auditLog.actor, person!.id)))).toHaveLength(1)
    const reset = await m.post(`${base}/application-received/zh-CN`, { action: 'reset' })
    expect(reset.text).toContain('This program uses the default wording.')
    expect(await deps.db.select().from(mailTemplateOverrides).where(eq(mailTemplateOverrides.programId, other.programId))).toEqual([])
  })
})
