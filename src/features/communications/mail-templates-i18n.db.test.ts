import { beforeAll, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { makeCommunity } from '../../../tests/support/factories.ts'
import type { FormClient } from '../../../tests/support/http.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { people } from '../people/schema.ts'
import { mailTemplateOverrides } from './schema.ts'

describeDb('the mail-template editor in English and Chinese', (ctx) => {
  let app: ReturnType<typeof createApp>
  let base: string
  let manager: FormClient
  let programId: string
  beforeAll(async () => {
    const deps = ctx()
    app = createApp(deps)
    const c = await makeCommunity(deps.db)
    programId = c.programId
    base = `/admin/c/${c.slug}/programs/ambassadors/mail-templates`
    const email = `templates-i18n-${deps.engine}@example.org`
    manager = await signedInClient(app, deps.db, email)
    const [person] = await deps.db.select().from(people).where(eq(people.email, email))
    await grantRole(deps.db, person!.id, 'program_manager', c.communityId, 'test')
  })

  it('the list and the edit page speak Chinese with ?lang=zh-CN, errors and notices included; nothing is saved on a refusal', async () => {
    const list = await manager.get(`${base}?lang=zh-CN`)
    expect(list.status).toBe(200)
    for (const zh of ['邮件模板 · Test Ambassador Program', '<h1>邮件模板</h1>', '模板</th>', '类型</th>', '通知（收件人可退订）', '事务邮件', '（默认）', '简体中文', '英语（English）', '提交申请时发送的回执（不是录取结果）。']) expect(list.text).toContain(zh)
    for (const en of ['Every email the program sends', 'transactional', '(default)', 'The receipt sent when an application is submitted']) expect(list.text).not.toContain(en)

    const edit = await manager.get(`${base}/decision-accepted/en`)
    for (const zh of ['本项目使用默认措辞。', '邮件正文（Markdown；原始 HTML 会显示为文本）', '>预览</button>', '变量</h2>', '申请人确认或谢绝的页面', '必填：邮件中必须包含此变量。', '使用示例值预览', '纯文本部分', 'HTML 部分', '公布日：申请人已入选']) expect(edit.text).toContain(zh)
    for (const en of ['This program uses the default wording.', 'Preview with sample values', 'Plain-text part', 'Required: the message must contain it.', '(sample:']) expect(edit.text).not.toContain(en)

    const refused = await manager.post(`${base}/decision-accepted/en`, { action: 'save', subject: 'Hello {{nmae}}', body: 'No link here.' })
    expect(refused.status).toBe(422)
    expect(refused.text).toContain('模板未保存：请更正。')
    expect(refused.text).toContain('未知变量 {{nmae}}。此模板可用的变量：{{name}}')
    expect(refused.text).toContain('邮件中必须包含 {{link}}（申请人确认或谢绝的页面）。')
    const empty = await manager.post(`${base}/decision-accepted/en`, { action: 'preview', subject: '', body: 'x' })
    expect(empty.text).toContain('请填写主题。')
    expect(await ctx().db.select().from(mailTemplateOverrides).where(eq(mailTemplateOverrides.programId, programId))).toEqual([])

    const saved = await manager.post(`${base}/program-notice/zh-CN`, { action: 'save', subject: '{{program}}：{{title}}', body: '{{name}}，您好：\n\n{{summary}}\n\n{{link}}' })
    expect(saved.status).toBe(200)
    expect(saved.text).toContain('已保存：本项目今后发送的邮件将使用此措辞。')
    expect(saved.text).toContain('恢复默认措辞')
    const reset = await manager.post(`${base}/program-notice/zh-CN`, { action: 'reset' })
    expect(reset.text).toContain('已恢复默认措辞。')
    const missing = await manager.get(`${base}/no-such-template/en`)
    expect(missing.status).toBe(404)
    expect(missing.text).toContain('没有这个邮件模板。')
  })

  it('?lang=en shows the English pages and messages', async () => {
    const list = await manager.get(`${base}?lang=en`)
    for (const en of ['Mail templates · Test Ambassador Program', 'Every email the program sends starts from these.', 'notice (recipients can unsubscribe)', '(default)', 'Simplified Chinese (简体中文)']) expect(list.text).toContain(en)
    expect(list.text).not.toContain('邮件模板')
    const refused = await manager.post(`${base}/decision-accepted/en`, { action: 'save', subject: 'Hello', body: 'No link here.' })
    expect(refused.text).toContain('The template was not saved: please correct it.')
    expect(refused.text).toContain('The message must contain {{link}} (the page where the applicant confirms or declines).')
    expect(refused.text).toContain('>Preview</button>')
  })
})
