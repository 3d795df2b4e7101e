import { beforeAll, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { makeCommunity } from '../../../tests/support/factories.ts'
import { FormClient } from '../../../tests/support/http.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { people } from '../people/schema.ts'
import { inboxMessages } from './schema.ts'

describeDb('the program inbox in English and Chinese', (ctx) => {
  let app: ReturnType<typeof createApp>
  let base: string
  let manager: FormClient
  let messageId: string
  beforeAll(async () => {
    const deps = ctx()
    app = createApp(deps)
    const c = await makeCommunity(deps.db)
    base = `/admin/c/${c.slug}/programs/ambassadors/inbox`
    const visitor = new FormClient(app)
    const contact = `/c/${c.slug}/programs/ambassadors/contact`
    await visitor.get(contact)
    await visitor.post(contact, { name: 'Chen Jie', email: 'chenjie@example.org', subject: 'Meetup question', message: 'Does a meetup talk count as an activity?', website: '' })
    messageId = (await deps.db.select().from(inboxMessages).where(eq(inboxMessages.subject, 'Meetup question')))[0]!.id
    const email = `inbox-i18n-${deps.engine}@example.org`
    manager = await signedInClient(app, deps.db, email)
    const [person] = await deps.db.select().from(people).where(eq(people.email, email))
    await grantRole(deps.db, person!.id, 'program_manager', c.communityId, 'test')
  })

  it('the folder list, a message and the settings speak Chinese with ?lang=zh-CN, notices and field errors included', async () => {
    const list = await manager.get(`${base}?lang=zh-CN`)
    expect(list.status).toBe(200)
    expect(list.text).toContain('<html lang="zh-CN"')
    for (const zh of ['收件箱 · Test Ambassador Program', '主队列（开源）', '商业（已按政策回复）', '垃圾邮件', '政策、分拣规则与收信设置', '状态：', '收到时间', '发件人', '负责人', 'aria-label="文件夹"', '待处理']) expect(list.text).toContain(zh)
    for (const en of ['Main queue (open source)', 'Received', 'Assigned to', 'Policy, triage rules and inbound mail', 'Status:']) expect(list.text).not.toContain(en)
    // Dates in the Chinese form.
    expect(list.text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} UTC/)

    // The language stays (cookie) for the message page and what its forms answer.
    const message = await manager.get(`${base}/${messageId}`)
    for (const zh of ['Meetup question · 收件箱', '归入', '（联系表单）', '无人', '移至：', '通过电子邮件回复', '发送回复', '>保存</button>', '回复</h2>']) expect(message.text).toContain(zh)
    for (const en of ['Filed as', 'Move to:', 'Reply by email', 'Send reply', 'contact form']) expect(message.text).not.toContain(en)
    const refused = await manager.post(`${base}/${messageId}`, { action: 'update', assigneeId: '', status: 'archived' })
    expect(refused.status).toBe(422)
    expect(refused.text).toContain('请选择待处理、等待对方回复或已关闭。')
    const empty = await manager.post(`${base}/${messageId}`, { action: 'reply', reply: '  ' })
    expect(empty.status).toBe(422)
    expect(empty.text).toContain('请填写回复内容。')
    const moved = await manager.post(`${base}/${messageId}`, { action: 'refile', label: 'spam' })
    expect(moved.text).toContain('已移动；此次更正已作为标注示例保留。')
    // The stored reasons behind the filing read in Chinese too.
    expect(moved.text).toContain('项目负责人将其从开源移至垃圾邮件。')
    expect(moved.text).not.toContain('by a program manager')
    const missing = await manager.get(`${base}/00000000-0000-4000-8000-000000000000`)
    expect(missing.status).toBe(404)
    expect(missing.text).toContain('此收件箱中没有这封邮件。')

    const settings = await manager.get(`${base}/settings`)
    for (const zh of ['收件箱设置', '收件箱政策（回复商业邮件时引用）', '商业发件人模式', '保存设置', '收信</h2>', '以 POST 请求发送到 <code>']) expect(settings.text).toContain(zh)
    for (const en of ['Inbox settings', 'Commercial sender patterns', 'Inbound mail', 'Have your mail server']) expect(settings.text).not.toContain(en)
    const bad = await manager.post(`${base}/settings`, { policyText: '', elsewhere: 'a\nb', commercialSenders: 'no-at-sign' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('请只写一行。')
    expect(bad.text).toContain('每个发件人模式都需要包含 @，例如 sales@* 或 *@vendor.example。')
    const saved = await manager.post(`${base}/settings`, { policyText: 'Open source only.' })
    expect(saved.text).toContain('已保存。')
  })

  it('?lang=en shows the English pages', async () => {
    const list = await manager.get(`${base}?lang=en&folder=spam`)
    for (const en of ['Inbox · Test Ambassador Program', 'Main queue (open source)', 'Received', 'Assigned to', 'Policy, triage rules and inbound mail']) expect(list.text).toContain(en)
    expect(list.text).not.toContain('收件箱')
    expect(list.text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/)
    const settings = await manager.get(`${base}/settings`)
    for (const en of ['Inbox settings', 'Commercial sender patterns', 'Inbound mail', 'Have your mail server or provider POST each raw message (<code>message/rfc822</code>) to <code>']) expect(settings.text).toContain(en)
    const bad = await manager.post(`${base}/settings`, { elsewhere: 'a\nb' })
    expect(bad.text).toContain('One line, please.')
  })
})
