import { eq } from 'drizzle-orm'
import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { makeAmbassadors, makeCommunity } from '../../../tests/support/factories.ts'
import type { FormClient } from '../../../tests/support/http.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { issueCredential } from '../credentials/issue-credential.ts'
import { createSigningKey } from '../credentials/keys.ts'
import { memberships } from '../memberships/schema.ts'
import { people } from '../people/schema.ts'
import { makeReviewCohort, REVIEW_OPEN } from '../reviews/review-fixtures.ts'
import { reviews } from '../reviews/schema.ts'

/** A page's text: what it says in `lang`, and none of the English it says otherwise. */
function expectSays(html: string, said: string[], notSaid: string[]) {
  for (const s of said) expect(html, `says ${s}`).toContain(s)
  for (const s of notSaid) expect(html, `does not say ${s}`).not.toContain(s)
}

describeDb('the program managers’ console in English and Chinese', (ctx) => {
  let manager: FormClient
  let admin: FormClient
  let fx: Awaited<ReturnType<typeof makeReviewCohort>>
  let credBase = ''
  let base = ''

  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(REVIEW_OPEN)
    const app = createApp(deps)
    fx = await makeReviewCohort(deps.db, { applicants: [{ name: '李小龙', email: 'li-lang@example.net' }], reviewers: [{ name: 'Rita Reviewer', email: 'rita-lang@example.com' }] })
    await deps.db.insert(reviews).values({ cohortId: fx.cohortId, applicationId: fx.applications[0]!.id, reviewerPersonId: fx.reviewers[0]!.id, scores: { 'track-record': 5, location: 3, impact: 10 }, privateComment: 'Runs a meetup.', feedbackToApplicant: 'Strong.' })
    // A second community whose cohort has a credential, for the credentials page.
    await createSigningKey(deps.db, deps.secretKey, 'test')
    const community = await makeCommunity(deps.db)
    const [ambassador] = await makeAmbassadors(deps.db, community.cohort!, ['Amara Okafor'])
    const [membership] = await deps.db.select({ id: memberships.id }).from(memberships).where(eq(memberships.personId, ambassador!.id))
    await issueCredential(deps, membership!.id)
    credBase = `/admin/c/${community.slug}/programs/${community.programSlug}/cohorts/2025/credentials`

    manager = await signedInClient(app, deps.db, 'console-lang-manager@example.org')
    admin = await signedInClient(app, deps.db, 'console-lang-admin@example.org')
    const [m] = await deps.db.select().from(people).where(eq(people.email, 'console-lang-manager@example.org'))
    await grantRole(deps.db, m!.id, 'program_manager', fx.communityId, 'test')
    await grantRole(deps.db, m!.id, 'program_manager', community.communityId, 'test')
    const [a] = await deps.db.select().from(people).where(eq(people.email, 'console-lang-admin@example.org'))
    await grantRole(deps.db, a!.id, 'admin', null, 'test')
    base = `/admin/c/${fx.slug}/programs/ambassadors`
  }, 120_000)

  it('the admin home, program configuration and its management links', async () => {
    const home = await manager.get('/admin?lang=zh-CN')
    expect(home.text).toContain('<html lang="zh-CN">')
    // The console offers the other language, as the public pages do.
    expect(home.text).toContain('<a href="/admin?lang=en" lang="en" hreflang="en">')
    expectSays(home.text, ['<h1>管理</h1>', '评论审核'], ['Administration', 'comment moderation'])
    expectSays((await manager.get('/admin?lang=en')).text, ['<h1>Administration</h1>', 'comment moderation'], ['评论审核'])

    const zh = (await manager.get(`${base}?lang=zh-CN`)).text
    expectSays(
      zh,
      ['<h2>设置</h2>', '保存设置', '申请要求目录', '内容数量', '新建届次', '创建届次', '日历时区', '开始日期', 'aria-label="管理此项目"', '申请问题与评分标准', '聊天通知（Webhook）', '遴选', '进行中'],
      ['Save settings', 'Requirement catalogue', 'Count of content items', 'New cohort', 'Create cohort', 'Time zone of the calendar', 'First day', 'Manage this program', 'Application questions and review rubric', 'Selection', '>active<'],
    )
    const en = (await manager.get(`${base}?lang=en`)).text
    expectSays(en, ['<h2>Settings</h2>', 'Save settings', 'Requirement catalogue', 'Create cohort', 'aria-label="Manage this program"', '>active<'], ['保存设置', '管理此项目'])

    // The routes' messages: a refused form says why in Chinese, next to the field; a saved one says so.
    const bad = await manager.post(`${base}/settings?lang=zh-CN`, { name: '', summary: '', descriptionMd: '', benefits: '', targetSeats: '0', requirementsAtLeast: '', requirementsNoteMd: '', status: 'active' })
    expect(bad.status).toBe(422)
    expectSays(bad.text, ['请为项目填写名称。', '不能小于 1'], ['Give the program a name.', 'must be at least 1'])
    const zone = await manager.post(`${base}/cohorts?lang=zh-CN`, { new: 'yes', slug: '2031', year: '2031', title: 'Cohort 2031', seats: '5', timeZone: 'Mars/Olympus' })
    expect(zone.status).toBe(422)
    expectSays(zone.text, ['此项必须是 IANA 时区，例如 Asia/Shanghai。'], ['This must be an IANA time zone'])
    const taken = await manager.post(`${base}/cohorts?lang=zh-CN`, { new: 'yes', slug: '2025', year: '2025', title: 'Again', seats: '5', timeZone: 'UTC' })
    expectSays(taken.text, ['标识为“2025”的届次已存在'], ['exists already'])
    const saved = await manager.post(`${base}/requirements?lang=zh-CN`, {})
    expectSays(saved.text, ['申请要求已保存。'], ['Requirements saved.'])

    // Someone else's program: the refusal in the page's language.
    const stranger = await admin.get(`/admin/c/${fx.slug}/programs/nope?lang=zh-CN`)
    expect(stranger.status).toBe(404)
    expectSays(stranger.text, ['没有这个项目。'], ['There is no such program.'])
  })

  it('the applications of a cohort and one application', async () => {
    const list = `${base}/cohorts/2025/applications`
    const zh = (await manager.get(`${list}?lang=zh-CN`)).text
    expectSays(zh, ['<th scope="col">申请人</th>', '<th scope="col">地区</th>', '<th scope="col">资格</th>', '已提交 1 份，名额', '<td>已提交</td>'], ['Applicant', '>Region<', 'submitted of', '<td>submitted</td>'])
    expectSays((await manager.get(`${list}?lang=en`)).text, ['<th scope="col">Applicant</th>', '1 submitted of', '<td>submitted</td>'], ['申请人'])

    const one = `${list}/${fx.applications[0]!.id}`
    const page = (await manager.get(`${one}?lang=zh-CN`)).text
    expectSays(page, ['状态：<strong>已提交</strong>', '，提交于 2025年', '<h2>评审</h2>', '<th scope="col">评审人</th>', '给评审委员会的意见', '给申请人的反馈', '加权分（0–1）'], ['Status:', 'submitted on', '>Reviewer<', 'Comment for the committee', 'Feedback to the applicant', 'Weighted'])
    expectSays((await manager.get(`${one}?lang=en`)).text, ['Status: <strong>submitted</strong>', ', submitted on 20 March 2025', 'in the program&#39;s calendar', 'Comment for the committee'], ['评审人'])
  })

  it('the outbox and one email', async () => {
    const zh = (await admin.get('/admin/outbox?lang=zh-CN')).text
    expectSays(zh, ['<h1>发件箱</h1>', '<th scope="col">收件人</th>', '<th scope="col">主题</th>', '年'], ['<h1>Outbox</h1>', '>Subject<', '>Written<', 'No SMTP server'])
    expectSays((await admin.get('/admin/outbox?lang=en')).text, ['<h1>Outbox</h1>', '<th scope="col">Subject</th>'], ['发件箱'])
    const id = /href="\/admin\/outbox\/([0-9a-f-]{36})"/.exec(zh)![1]!
    const one = (await admin.get(`/admin/outbox/${id}?lang=zh-CN`)).text
    expectSays(one, ['<dt>收件人</dt>', '<dt>状态</dt>'], ['<dt>To</dt>', '<dt>Status</dt>'])
    const missing = await admin.get('/admin/outbox/00000000-0000-4000-8000-000000000000?lang=zh-CN')
    expect(missing.status).toBe(404)
    expect(missing.text).toContain('没有这封邮件。')
  })

  it('the announcement page and its refusals', async () => {
    const path = `${base}/cohorts/2025/announcement`
    const zh = (await manager.get(`${path}?lang=zh-CN`)).text
    expectSays(zh, ['安排公布</button>', '公告标题', '导言（Markdown）', '留空则为公布后两周。', '遴选决定即被锁定'], ['Schedule the announcement', 'Title of the announcement', 'Introduction (Markdown)', 'Leave empty', 'Scheduling locks'])
    expectSays((await manager.get(`${path}?lang=en`)).text, ['Schedule the announcement', 'Title of the announcement'], ['安排公布'])
    const bad = await manager.post(`${path}?lang=zh-CN`, { at: 'tomorrow', respondBy: '', title: '', introMd: '' })
    expect(bad.status).toBe(422)
    expectSays(bad.text, ['请输入日期和时间，例如 2023-09-15T12:00。'], ['Enter a date and time'])
    const past = await manager.post(`${path}?lang=zh-CN`, { at: '2020-01-01T12:00', respondBy: '', title: '', introMd: '' })
    expect(past.status).toBe(422)
    expectSays(past.text, ['结果公布未安排：所选时间已经过去。', '这个时间已经过去。'], ['has already passed'])
  })

  it('the credentials of a cohort and a refused revocation', async () => {
    const zh = (await manager.get(`${credBase}?lang=zh-CN`)).text
    expectSays(
      zh,
      ['证书 · ', '已颁发 1 份：0 份有效，0 份已过期，0 份已撤销，1 份尚未生效。', '尚未生效（自 2025年5月1日 起）', '<th scope="col">获得者</th>', '<th scope="col">有效期至</th>', '<summary>撤销…</summary>', '撤销 Amara Okafor 的证书', '我了解该证书将在任何地方都无法通过验证', '2026年'],
      ['Credentials by name', 'Recipient', 'Valid until', 'Revoke…', 'I understand', '1 issued', 'Not valid yet'],
    )
    expectSays((await manager.get(`${credBase}?lang=en`)).text, ['Credentials by name', '1 issued: 0 valid, 0 expired, 0 revoked, 1 not valid yet.', 'Not valid yet (from May 1, 2025)', 'Revoke the credential of Amara Okafor'], ['获得者'])
    const id = /<tr id="credential-([0-9a-f-]{36})">/.exec(zh)![1]!
    const refused = await manager.post(`${credBase}/${id}/revoke?lang=zh-CN`, { reason: ' ', page: '1' })
    expect(refused.status).toBe(422)
    expectSays(refused.text, ['请说明撤销该证书的理由。', '请勾选复选框'], ['Say why', 'Tick the box'])
  })

  it('the webhooks page, its refusals and notices', async () => {
    const path = `${base}/webhooks`
    const zh = (await manager.get(`${path}?lang=zh-CN`)).text
    expectSays(zh, ['聊天通知 · ', '<h2>添加 webhook</h2>', '<legend>格式</legend>', '兼容 Slack（{&quot;text&quot;: …}）', '暂无 webhook。', '计算的 HMAC-SHA256'], ['Add a webhook', 'Format', 'Slack-compatible', 'No webhook yet.', 'Embassy POSTs'])
    expectSays((await manager.get(`${path}?lang=en`)).text, ['<h2>Add a webhook</h2>', 'No webhook yet.', 'Embassy POSTs to these URLs'], ['添加'])
    const bad = await manager.post(`${path}?lang=zh-CN`, { url: 'ftp://hooks.example.com/x', kind: 'slack' })
    expect(bad.status).toBe(422)
    expectSays(bad.text, ['只有 https:// 开头的 URL 才能接收通知。'], ['Only https://'])
    const added = await manager.post(`${path}?lang=zh-CN`, { url: 'https://hooks.example.com/services/x', kind: 'generic' })
    expectSays(added.text, ['Webhook 已添加。', '此 webhook 的密钥仅显示这一次', '（通用 JSON，已启用）', '<caption>最近的投递</caption>', '发送测试'], ['Webhook added.', 'Recent deliveries', 'Send test', 'enabled'])
    const hook = /action="[^"]*\/webhooks\/([0-9a-f-]{36})"/.exec(added.text)![1]!
    const disabled = await manager.post(`${path}/${hook}?lang=zh-CN`, { action: 'disable' })
    expectSays(disabled.text, ['Webhook 已停用。', '（通用 JSON，已停用）'], ['Webhook disabled.'])
    // A test of a disabled webhook is refused by the use-case: the error page says why in Chinese.
    const test = await manager.post(`${path}/${hook}?lang=zh-CN`, { action: 'test' })
    expect(test.status).toBe(409)
    expectSays(test.text, ['请先启用该 webhook，再发送测试。'], ['Enable the webhook before'])
  })
})
