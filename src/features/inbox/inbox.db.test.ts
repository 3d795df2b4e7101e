import { beforeAll, expect, it } from 'vitest'
import { and, desc, eq } from 'drizzle-orm'
import MailComposer from 'nodemailer/lib/mail-composer/index.js'
import { describeDb } from '../../../tests/support/db.ts'
import { makeCommunity } from '../../../tests/support/factories.ts'
import { FormClient } from '../../../tests/support/http.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { auditLog } from '../audit/schema.ts'
import { outboxMessages } from '../communications/schema.ts'
import { people } from '../people/schema.ts'
import { createPeople } from '../people/create-people.ts'
import { inboxMessages, triageExamples } from './schema.ts'
import { inboundWebhookToken } from './settings.ts'

/** A raw RFC 5322 message built by nodemailer's composer (not by the code under test). */
const raw = (o: { from: string; subject: string; text: string; messageId: string; headers?: Record<string, string> }) =>
  new Promise<string>((resolve, reject) => new MailComposer({ to: 'ambassadors@example.org', ...o }).compile().build((err, msg) => (err ? reject(err) : resolve(msg.toString('utf8')))))

describeDb('program inbox: contact form, inbound mail, triage, policy replies, managers', (ctx) => {
  let app: ReturnType<typeof createApp>
  let c: Awaited<ReturnType<typeof makeCommunity>>
  let contact: string
  let inbound: string
  let token: string
  beforeAll(async () => {
    const deps = ctx()
    app = createApp(deps)
    c = await makeCommunity(deps.db)
    contact = `/c/${c.slug}/programs/ambassadors/contact`
    inbound = `/api/inbound/${c.slug}/ambassadors`
    token = inboundWebhookToken(deps.secretKey, c.programId)
  })
  const post = (body: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) => app.request(inbound, { method: 'POST', body, headers: { 'content-type': 'message/rfc822', ...headers } })
  const stored = (subject: string) => ctx().db.select().from(inboxMessages).where(and(eq(inboxMessages.programId, c.programId), eq(inboxMessages.subject, subject)))

  it('the contact form states the policy, checks its fields (422, in Chinese too) and files an open-source message in the main queue', async () => {
    const visitor = new FormClient(app)
    const page = await visitor.get(contact)
    expect(page.text).toContain('Sales, marketing, partnership and other commercial inquiries are not handled here.')
    const bad = await visitor.post(`${contact}?lang=zh-CN`, { name: 'Li\r\nBcc: x@example.org', email: 'nope', subject: '', message: 'x', website: '' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('请输入您的姓名（一行，最多 100 个字符）。')
    expect(bad.text).toContain('请输入电子邮箱地址')
    const ok = await visitor.post(contact, { name: '李明', email: 'liming@example.org', subject: '关于大使申请条件的问题', message: '我提交了十几个 PR，也写了博客，请问 Meetup 分享算活动吗？', website: '' })
    expect(ok.status).toBe(200)
    const [message] = await stored('关于大使申请条件的问题')
    expect(message).toMatchObject({ source: 'form', triage: 'open_source', status: 'open', fromAddress: 'liming@example.org' })
    // An address on an internationalised domain is taken, in its ASCII form (as replies are sent to it).
    const idn = await visitor.post(contact, { name: '王芳', email: 'wang@例子.中国', subject: '关于大使活动的问题', message: '请问活动可以线上举办吗？', website: '' })
    expect(idn.status).toBe(200)
    expect((await stored('关于大使活动的问题'))[0]).toMatchObject({ fromAddress: 'wang@xn--fsqu00a.xn--fiqs8s' })
  })

  it('a filled honeypot looks sent to the bot but stores nothing', async () => {
    const bot = new FormClient(app)
    await bot.get(contact)
    const res = await bot.post(contact, { name: 'Bot', email: 'bot@example.org', subject: 'Honeypot test', message: 'Buy now', website: 'http://spam.example' })
    expect(res.status).toBe(200)
    expect(await stored('Honeypot test')).toEqual([])
  })

  it('inbound mail needs the program’s token, refuses malformed MIME (400) and oversized mail (413) as problems', async () => {
    const message = await raw({ from: 'Anna <anna@example.org>', subject: 'Token test', text: 'Hello', messageId: '<token-test@example.org>' })
    const unauth = await post(message, { authorization: 'Bearer wrong' })
    expect(unauth.status).toBe(401)
    expect(unauth.headers.get('content-type')).toBe('application/problem+json')
    const malformed = await post('this is not a mail message at all\nreally not\n\nbody')
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toMatchObject({ status: 400, detail: expect.stringContaining('not valid MIME') })
    const noFrom = await post('Subject: hi\r\nTo: a@example.org\r\n\r\nbody')
    expect(await noFrom.json()).toMatchObject({ status: 400, detail: 'The message is not valid MIME: it has no From address.' })
    const huge = await post(`From: a@example.org\r\nSubject: big\r\n\r\n${'x'.repeat(6 * 1024 * 1024)}`)
    expect(huge.status).toBe(413)
    expect(await stored('big')).toEqual([])
  })

  it('a commercial mail is kept out of the main queue and answered once, politely, with the policy; a redelivery stores nothing new', async () => {
    const deps = ctx()
    const message = await raw({ from: 'Jessica Miller <jessica@growth-partners.example>', subject: 'Partnership opportunity', text: 'We help open-source companies accelerate revenue. I would love to schedule a quick call to explore a partnership and share our pricing.', messageId: '<pitch-1@growth-partners.example>' })
    const first = await post(message)
    expect(first.status).toBe(201)
    expect(await first.json()).toMatchObject({ created: true, triage: 'commercial' })
    const again = await post(message)
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ created: false })
    const [row] = await stored('Partnership opportunity')
    expect(row!.triageReasons[0]).toMatch(/commercial phrases: .*“partnership”/)
    const replies = await deps.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'jessica@growth-partners.example'))
    expect(replies).toHaveLength(1)
    expect(replies[0]).toMatchObject({ subject: 'About your message to the Test Ambassador Program', inReplyTo: '<pitch-1@growth-partners.example>', fromName: 'Test Ambassador Program' })
    expect(replies[0]!.textBody).toContain('Sales, marketing, partnership and other commercial inquiries are not handled here.')
    expect(replies[0]!.htmlBody).toContain('<blockquote>')

    // Automatic mail (an out-of-office answer) is filed but never answered: no reply loops.
    const auto = await raw({ from: 'sales@vendor.example', subject: 'Out of office: special pricing', text: 'I am away. Meanwhile, book a demo and see our pricing.', messageId: '<auto-1@vendor.example>', headers: { 'Auto-Submitted': 'auto-replied' } })
    expect(await (await post(auto)).json()).toMatchObject({ triage: 'commercial', created: true })
    expect(await deps.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'sales@vendor.example'))).toEqual([])

    // A Chinese pitch gets the Chinese policy reply.
    const zh = await raw({ from: '杨经理 <yang@yunfan.example>', subject: '商务合作洽谈', text: '您好，我们希望与贵社区建立战略合作关系，共同拓展市场，方便电话沟通吗？', messageId: '<zh-1@yunfan.example>' })
    expect(await (await post(zh)).json()).toMatchObject({ triage: 'commercial' })
    const [zhReply] = await deps.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'yang@yunfan.example'))
    expect(zhReply!.subject).toBe('关于您发给 Test Ambassador Program 的邮件')
  })

  it('managers see folders, move a message back (kept as a labelled example that files the sender’s next mail), assign and reply', async () => {
    const deps = ctx()
    const email = `inbox-manager-${deps.engine}@example.org`
    const m = await signedInClient(app, deps.db, email)
    const base = `/admin/c/${c.slug}/programs/ambassadors/inbox`
    expect((await m.get(base)).status).toBe(403)
    const [manager] = await deps.db.select().from(people).where(eq(people.email, email))
    await grantRole(deps.db, manager!.id, 'program_manager', c.communityId, 'test')

    const main = await m.get(base)
    expect(main.text).toContain('关于大使申请条件的问题')
    expect(main.text).not.toContain('Partnership opportunity')
    const commercial = await m.get(`${base}?folder=commercial`)
    expect(commercial.text).toContain('Partnership opportunity')

    // A meetup host that mentions "sponsor" and "pricing" is filed commercial; the manager moves it back.
    const host = await raw({ from: 'Daniel <daniel@host.example>', subject: 'Free meetup venue', text: 'We can sponsor the venue for free; no pricing, just pizza.', messageId: '<host-1@host.example>' })
    const { id } = (await (await post(host)).json()) as { id: string; triage: string }
    const page = await m.get(`${base}/${id}`)
    expect(page.text).toContain('daniel@host.example')
    const moved = await m.post(`${base}/${id}`, { action: 'refile', label: 'open_source' })
    expect(moved.text).toContain('Moved from commercial to open source by a program manager.')
    const [example] = await deps.db.select().from(triageExamples).where(eq(triageExamples.inboxMessageId, id))
    expect(example).toMatchObject({ senderAddress: 'daniel@host.example', fromLabel: 'commercial', label: 'open_source', createdBy: manager!.id })
    const next = await raw({ from: 'daniel@host.example', subject: 'Venue pricing again', text: 'Same sponsor offer, pricing attached.', messageId: '<host-2@host.example>' })
    expect(await (await post(next)).json()).toMatchObject({ triage: 'open_source' })
    const [nextRow] = await stored('Venue pricing again')
    expect(nextRow!.triageReasons).toEqual(['A program manager filed earlier mail from daniel@host.example as open source.'])

    // An assignee who is no manager of the program, or a status that does not exist: told next to the field,
    // nothing changed (neither field), nothing audited.
    const [stranger] = await createPeople(deps.db, [{ displayName: 'Not a manager', email: `stranger-${deps.engine}@example.org` }])
    for (const bad of [
      { fields: { assigneeId: stranger!.id, status: 'closed' }, message: '<p class="field-error" id="assigneeId-error">Choose someone from the list: only the program’s managers handle its inbox.</p>' },
      { fields: { assigneeId: 'nope', status: 'open' }, message: 'id="assigneeId-error"' },
      { fields: { assigneeId: manager!.id, status: 'archived' }, message: '<p class="field-error" id="status-error">Choose open, waiting or closed.</p>' },
    ]) {
      const refused = await m.post(`${base}/${id}`, { action: 'update', ...bad.fields })
      expect(refused.status).toBe(422)
      expect(refused.text).toContain(bad.message)
      expect(refused.text).not.toContain('Saved.')
    }
    const [unchanged] = await deps.db.select().from(inboxMessages).where(eq(inboxMessages.id, id))
    expect(unchanged).toMatchObject({ status: 'open', assigneeId: null })
    expect((await deps.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, id))).map((a) => a.action).sort()).toEqual(['inbox.receive', 'inbox.refile'])

    await m.post(`${base}/${id}`, { action: 'update', assigneeId: manager!.id, status: 'open' })
    const empty = await m.post(`${base}/${id}`, { action: 'reply', reply: '   ' })
    expect(empty.status).toBe(422)
    const replied = await m.post(`${base}/${id}`, { action: 'reply', reply: 'Thank you, Daniel! Let us plan the meetup.' })
    expect(replied.text).toContain('Your reply is on its way.')
    const [after] = await deps.db.select().from(inboxMessages).where(eq(inboxMessages.id, id))
    expect(after).toMatchObject({ status: 'waiting', assigneeId: manager!.id, triage: 'open_source' })
    const [mail] = await deps.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'daniel@host.example')).orderBy(desc(outboxMessages.createdAt))
    expect(mail).toMatchObject({ subject: 'Re: Free meetup venue', inReplyTo: '<host-1@host.example>', textBody: 'Thank you, Daniel! Let us plan the meetup.' })
    const actions = (await deps.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, id))).map((a) => a.action).sort()
    expect(actions).toEqual(['inbox.assign', 'inbox.receive', 'inbox.refile', 'inbox.reply', 'inbox.status'])
  })

  it('the program’s own phrases file mail as commercial; rules with a bad sender pattern are refused (422)', async () => {
    const deps = ctx()
    const email = `inbox-manager-${deps.engine}@example.org`
    const m = await signedInClient(app, deps.db, email)
    const base = `/admin/c/${c.slug}/programs/ambassadors/inbox/settings`
    await m.get(base)
    const bad = await m.post(base, { policyText: 'Open source only.', elsewhere: 'https://example.org/sales', commercialPhrases: 'webinar', spamPhrases: '', openSourcePhrases: '', commercialSenders: 'vendor.example', spamSenders: '' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('Each sender pattern needs an @')
    const ok = await m.post(base, { policyText: 'Open source only, please.', elsewhere: 'https://example.org/sales', commercialPhrases: 'Webinar\nroadmap', spamPhrases: '', openSourcePhrases: '', commercialSenders: '*@vendor.example', spamSenders: '' })
    expect(ok.text).toContain('Saved.')
    const webinar = await raw({ from: 'dev@cloud.example', subject: 'Our webinar', text: 'Join our webinar about the roadmap.', messageId: '<webinar@cloud.example>' })
    expect(await (await post(webinar)).json()).toMatchObject({ triage: 'commercial' })
    const [reply] = await deps.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'dev@cloud.example'))
    expect(reply!.textBody).toContain('> Open source only, please.')
    expect(reply!.textBody).toContain('https://example.org/sales')
  })

  it('the contact form is rate limited per network (429)', async () => {
    const visitor = new FormClient(app)
    await visitor.get(contact)
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await visitor.post(contact, { name: 'Rate', email: `rate${i}@example.org`, subject: `Rate ${i}`, message: 'Hello', website: '' })).status)
    expect(statuses.at(-1)).toBe(429)
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(5)
  })
})
