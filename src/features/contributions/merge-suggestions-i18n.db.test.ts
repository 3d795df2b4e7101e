import { beforeAll, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { commitBy } from '../../../tests/support/factories.ts'
import { describeDb } from '../../../tests/support/db.ts'
import type { FormClient } from '../../../tests/support/http.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { createPeople } from '../people/create-people.ts'
import { people } from '../people/schema.ts'
import { ingestContributions } from './store.ts'

describeDb('contributor identities (/admin/identities) in English and Chinese', (ctx) => {
  let app: ReturnType<typeof createApp>
  let admin: FormClient
  beforeAll(async () => {
    const deps = ctx()
    app = createApp(deps)
    await ingestContributions(deps.db, [commitBy('i18n-1', { name: '赵敏', email: 'zhaomin@corp.example.com' }), commitBy('i18n-2', { name: '赵敏', email: 'zhaomin@home.example.org' })])
    await createPeople(deps.db, [{ displayName: 'Zhao Min', handle: 'zhao-min' }])
    admin = await signedInClient(app, deps.db, 'identities-i18n@example.org')
    const [person] = await deps.db.select().from(people).where(eq(people.email, 'identities-i18n@example.org'))
    await grantRole(deps.db, person!.id, 'admin', null, 'test')
  })

  it('the page, its suggestions and what its forms answer speak Chinese with ?lang=zh-CN', async () => {
    const page = await admin.get('/admin/identities?lang=zh-CN')
    expect(page.status).toBe(200)
    for (const zh of ['<title>贡献者身份 · Embassy</title>', '<h1>贡献者身份</h1>', '查找新的建议', '待处理的建议', '尚未处理任何建议。', '解除身份关联', '身份标识（例如 github:12345 或 email:ana@example.org）', '>解除关联</button>']) expect(page.text).toContain(zh)
    for (const en of ['Contributor identities', 'Look for new suggestions', 'Open suggestions', 'Unlink an identity', 'Nothing decided yet.']) expect(page.text).not.toContain(en)

    const suggested = await admin.post('/admin/identities/suggest', {})
    expect(suggested.text).toMatch(/新增 \d+ 条建议。/)
    for (const zh of ['同一姓名“赵敏”', '两者所属人员的用户名', '确认：同一个人', '拒绝：不同的人', '所属人员', '未关联到任何人', '项，最近一项在 <time']) expect(suggested.text).toContain(zh)
    expect(suggested.text).not.toContain('same name')
    const id = /action="\/admin\/identities\/suggestions\/([0-9a-f-]{36})\/confirm"/.exec(suggested.text)![1]!

    const unknown = await admin.post(`/admin/identities/suggestions/${id}/confirm`, { person: 'nobody-here' })
    expect(unknown.status).toBe(422)
    expect(unknown.text).toContain('没有用户名为“nobody-here”的人员。')
    const confirmed = await admin.post(`/admin/identities/suggestions/${id}/confirm`, { person: 'zhao-min' })
    expect(confirmed.status).toBe(200)
    expect(confirmed.text).toContain('现在属于 Zhao Min（@zhao-min）。')
    for (const zh of ['最近的处理', '同一个人：Zhao Min', '处理人', 'aria-label="解除 email:']) expect(confirmed.text).toContain(zh)
    expect(confirmed.text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} UTC/)
    const again = await admin.post(`/admin/identities/suggestions/${id}/reject`, {})
    expect(again.text).toContain('这条建议已由 @')
    const noKey = await admin.post('/admin/identities/unlink', { key: '' })
    expect(noKey.text).toContain('请填写身份标识，例如 github:12345 或 email:ana@example.org。')
  })

  it('?lang=en shows the English page and messages', async () => {
    const page = await admin.get('/admin/identities?lang=en')
    for (const en of ['<h1>Contributor identities</h1>', 'Look for new suggestions', 'Decided lately', 'same person: Zhao Min', 'Unlink an identity']) expect(page.text).toContain(en)
    expect(page.text).not.toContain('贡献者身份')
    expect(page.text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/)
    const noKey = await admin.post('/admin/identities/unlink', { key: '' })
    expect(noKey.text).toContain('Give the key of an identity, such as github:12345 or email:ana@example.org.')
  })
})
