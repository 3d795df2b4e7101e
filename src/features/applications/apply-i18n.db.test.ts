import { beforeAll, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { FACTORY_QUESTIONS, FACTORY_WINDOW, makeCommunity } from '../../../tests/support/factories.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { createApp } from '../../app.tsx'
import { applications } from './schema.ts'
import { evaluateCohort } from './evaluate-cohort.ts'
import type { EligibilityVerdict } from '../eligibility/types.ts'
import { outboxMessages } from '../communications/schema.ts'

const OPEN = FACTORY_WINDOW.open
// Applications run March 1–31, 2025 in Asia/Shanghai: they open at 2025-02-28T16:00:00Z and close at 2025-03-31T16:00:00Z.
const BEFORE = new Date('2025-02-20T00:00:00Z')
const AFTER = FACTORY_WINDOW.closes
const ZH = { 'accept-language': 'zh-CN,zh;q=0.9' }

describeDb('applying in Simplified Chinese', (ctx) => {
  let app: ReturnType<typeof createApp>
  let applyPath: string

  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(OPEN)
    const c = await makeCommunity(deps.db, {
      program: {
        questions: FACTORY_QUESTIONS,
      },
    })
    applyPath = `/c/${c.slug}/programs/ambassadors/apply`
    app = createApp(deps)
  })

  const fullForm = (over: Record<string, string | string[]> = {}) => ({
    displayName: '王小明',
    country: 'CN',
    region: '东亚',
    'answer.why': '因为我喜欢这个社区。',
    affirmed: 'kind',
    'evidence.0.type': 'blog_post',
    'evidence.0.title': '第一篇文章',
    'evidence.0.url': 'https://blog.example.org/1',
    'evidence.0.occurredOn': '2025-01-10',
    'evidence.1.type': 'talk',
    'evidence.1.title': 'Meetup talk',
    'evidence.1.occurredOn': '2024-12-01',
    ...over,
  })

  it('shows the form in Chinese when asked with ?lang=zh-CN, and keeps the choice in a cookie', async () => {
    const browser = await signedInClient(app, ctx().db, 'zh-query@example.org')
    const form = await browser.get(`${applyPath}?lang=zh-CN`)
    expect(form.status).toBe(200)
    expect(form.text).toContain('<html lang="zh-CN">')
    expect(form.text).toContain('<title>申请 · Test Ambassador Program</title>')
    expect(form.text).toContain('关于您')
    expect(form.text).toContain('您希望显示的姓名')
    expect(form.text).toContain('国家或地区')
    expect(form.text).toContain('>中国</option>')
    expect(form.text).toContain('（选填）')
    expect(form.text).toContain('我确认：Be kind')
    expect(form.text).toContain('<legend>第 1 项</legend>')
    expect(form.text).toContain('>博客文章</option>')
    expect(form.text).toContain('提交申请')
    expect(form.text).toContain('保存草稿')
    expect(form.text).toContain('申请截止时间：2025年3月31日结束时（Asia/Shanghai (UTC+8)；2025-03-31T16:00:00Z）。')
    // The eligibility status labels, on the page and for apply.js.
    expect(form.text).toMatch(/<strong>(尚未满足|已满足)<\/strong>: Be kind/)
    expect(form.text).toContain('data-label-needs-review="由评审判断"')
    expect(form.text).toContain('data-text-saved="草稿已于 {time} 保存。"')
    expect(form.text).not.toContain('Submit application')
    expect(form.text).not.toContain('About you')

    // The cookie carries the choice to the next page, without ?lang=.
    const again = await browser.get(applyPath)
    expect(again.text).toContain('<html lang="zh-CN">')
    const draft = await browser.post(applyPath, { intent: 'save', displayName: '半成品' })
    expect(draft.status).toBe(200)
    expect(draft.text).toContain('草稿已保存。')

    // ?lang=en switches back.
    const english = await browser.get(`${applyPath}?lang=en`)
    expect(english.text).toContain('<html lang="en">')
    expect(english.text).toContain('Submit application')
  })

  it('shows the form in Chinese for a browser whose Accept-Language prefers Chinese', async () => {
    const browser = await signedInClient(app, ctx().db, 'zh-header@example.org')
    const form = await browser.get(applyPath, ZH)
    expect(form.text).toContain('<html lang="zh-CN">')
    expect(form.text).toContain('关于您')
    expect(form.text).toContain('提交申请')
  })

  it('explains field errors in Chinese and keeps what was typed', async () => {
    const browser = await signedInClient(app, ctx().db, 'zh-errors@example.org')
    await browser.get(applyPath, ZH)
    const bad = await browser.post(
      applyPath,
      {
        intent: 'submit',
        displayName: '李雷',
        'answer.ideas': '想'.repeat(201),
        'links.blog': 'javascript:alert(1)',
        'evidence.0.type': 'talk',
        'evidence.0.title': '我的演讲',
        'evidence.0.occurredOn': '2025-02-30',
        'evidence.1.type': 'video',
        'evidence.1.url': 'https://video.example.org/1',
      },
      ZH,
    )
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('<html lang="zh-CN">')
    expect(bad.text).toContain('有 5 个字段需要您修改。您输入的内容都还在。')
    expect(bad.text).toContain('此问题需要回答。')
    expect(bad.text).toContain('回答最多 200 个字符（当前 201 个）。')
    expect(bad.text).toContain('请填写以 http:// 或 https:// 开头的链接。')
    expect(bad.text).toContain('请填写真实存在的日期（YYYY-MM-DD）。')
    expect(bad.text).toContain('请填写标题。')
    expect(bad.text).not.toContain('This question needs an answer.')
    expect(bad.text).toContain('value="我的演讲"')

    // The autosave endpoint answers in the same language.
    const autosave = await app.request(`${applyPath}/autosave`, {
      method: 'POST',
      body: new URLSearchParams({ 'links.github': 'not a link' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': browser.csrf, cookie: (browser as any).cookieHeader(), ...ZH },
    })
    expect(autosave.status).toBe(422)
    expect(await autosave.json()).toMatchObject({ ok: false, message: '有些字段需要修改，草稿尚未保存。', errors: { 'links.github': '请填写以 http:// 或 https:// 开头的链接。' } })
  })

  it('submits, shows the receipt in Chinese and queues the Chinese confirmation email; answers are stored as typed', async () => {
    const deps = ctx()
    const browser = await signedInClient(app, deps.db, 'zh-submit@example.org')
    await browser.get(`${applyPath}?lang=zh-CN`)
    const done = await browser.post(applyPath, { intent: 'submit', ...fullForm() })
    expect(done.status).toBe(303)
    const receiptPath = done.location!
    const id = receiptPath.split('/').pop()!

    const receipt = await browser.get(receiptPath)
    expect(receipt.status).toBe(200)
    expect(receipt.text).toContain('<html lang="zh-CN">')
    expect(receipt.text).toContain('<h1>申请已收到</h1>')
    expect(receipt.text).toContain('这是回执，不是录取结果。')
    expect(receipt.text).toContain('提交时间：2025年3月15日 04:00 (UTC)，即项目日历中的 2025年3月15日 12:00 (Asia/Shanghai (UTC+8))。')
    expect(receipt.text).toContain('在2025年3月31日结束时（Asia/Shanghai (UTC+8)；2025-03-31T16:00:00Z）之前，您仍可修改：')
    expect(receipt.text).toContain('博客文章: ')
    expect(receipt.text).toContain('演讲: Meetup talk')
    expect(receipt.text).toContain('您的回答')
    expect(receipt.text).toContain('撤回我的申请')
    expect(receipt.text).toContain('因为我喜欢这个社区。')
    // The withdrawal question, and another person's (or no) application, in Chinese too.
    const ask = await browser.get(`/applications/${id}/withdraw`)
    expect(ask.text).toContain('<h1>确定撤回申请吗？</h1>')
    const missing = await browser.get('/applications/00000000-0000-4000-8000-000000000000')
    expect(missing.status).toBe(404)
    expect(missing.text).toContain('没有找到您的这份申请。')

    const [stored] = await deps.db.select().from(applications).where(eq(applications.id, id))
    expect(stored).toMatchObject({ status: 'submitted', locale: 'zh-CN', region: '东亚' })
    expect(stored!.answers.why).toBe('因为我喜欢这个社区。')

    const mails = await deps.db.select().from(outboxMessages).where(and(eq(outboxMessages.toAddress, 'zh-submit@example.org')))
    const received = mails.filter((m) => m.subject.startsWith('申请已收到'))
    expect(received).toHaveLength(1)
    expect(received[0]!.subject).toBe('申请已收到：Test Ambassador Program（Ambassadors 2025）')
    expect(received[0]!.textBody).toContain('截止时间前您仍可修改或撤回申请：2025年3月31日结束时（Asia/Shanghai (UTC+8)；2025-03-31T16:00:00Z）。')
    expect(received[0]!.textBody).toContain(`http://embassy.test${receiptPath}`)
  })

  it('says in Chinese when applications open or have closed', async () => {
    const deps = ctx()
    const browser = await signedInClient(app, deps.db, 'zh-closed@example.org')
    deps.setNow(BEFORE)
    try {
      const early = await browser.get(applyPath, ZH)
      expect(early.status).toBe(409)
      expect(early.text).toContain('<html lang="zh-CN">')
      expect(early.text).toContain('Ambassadors 2025 的申请将于 2025年3月1日开放。')
      expect(early.text).toContain('返回项目页面')
      deps.setNow(AFTER)
      const late = await browser.get(applyPath, ZH)
      expect(late.status).toBe(409)
      expect(late.text).toContain('Ambassadors 2025 的申请已于2025年3月31日结束时（Asia/Shanghai (UTC+8)；2025-03-31T16:00:00Z）截止。')
      const lateEn = await browser.get(applyPath)
      expect(lateEn.text).toContain('Applications for Ambassadors 2025 closed at the end of March 31, 2025 in Asia/Shanghai (UTC+8) (2025-03-31T16:00:00Z).')
      expect(lateEn.text).toContain('Back to the program')
    } finally {
      deps.setNow(OPEN)
    }
  })

  it('stays in English for English and unknown languages', async () => {
    const deps = ctx()
    const browser = await signedInClient(app, deps.db, 'en-only@example.org')
    const headerSets: Record<string, string>[] = [{}, { 'accept-language': 'en-GB,en;q=0.8,zh;q=0.5' }, { 'accept-language': 'fr-FR,de;q=0.9' }]
    for (const headers of headerSets) {
      const form = await browser.get(applyPath, headers)
      expect(form.text).toContain('<html lang="en">')
      expect(form.text).toContain('About you')
      expect(form.text).toContain('>Blog post</option>')
      expect(form.text).toContain('Applications are open until the end of March 31, 2025 in Asia/Shanghai (UTC+8) (2025-03-31T16:00:00Z).')
      expect(form.text).not.toContain('关于您')
    }
    const bad = await browser.post(applyPath, { intent: 'submit', displayName: 'Ed', 'links.blog': 'ftp://x' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('2 fields need your attention. Nothing you typed was lost.')
    expect(bad.text).toContain('This question needs an answer.')
    expect(bad.text).toContain('This must be a link starting with http:// or https://.')

    const done = await browser.post(applyPath, { intent: 'submit', ...fullForm({ displayName: 'Ed English' }) })
    expect(done.status).toBe(303)
    const receipt = await browser.get(done.location!)
    expect(receipt.text).toContain('<h1>Application received</h1>')
    expect(receipt.text).toContain('Blog post: ')
    expect(receipt.text).toContain('in the program&#39;s calendar. This is a receipt, not a decision.')
    const [mail] = await deps.db.select().from(outboxMessages).where(and(eq(outboxMessages.toAddress, 'en-only@example.org'), eq(outboxMessages.subject, 'Application received: Test Ambassador Program (Ambassadors 2025)')))
    expect(mail?.textBody).toContain('You can change or withdraw your application until the end of March 31, 2025 in Asia/Shanghai (UTC+8) (2025-03-31T16:00:00Z).')
  })

  it('shows the eligibility summary and reasons in Chinese on the Chinese form, saves them so, and re-evaluates each application in its own language', async () => {
    const deps = ctx()
    const browser = await signedInClient(app, deps.db, 'zh-eligibility@example.org')
    // The window of the counting requirements: 12 months to March 31, 2025 in Asia/Shanghai.
    const form = await browser.get(`${applyPath}?lang=zh-CN`)
    expect(form.status).toBe(200)
    expect(form.text).toContain('<strong>您满足其余 2 项中的 0 项，需要 1 项。您尚未满足必备条件“Be kind”。</strong>')
    expect(form.text).toContain('2024年4月1日至2025年3月31日期间有 0 项内容，需要 2 项')
    expect(form.text).toContain('2024年4月1日至2025年3月31日期间有 0 次贡献，需要 10 次')
    expect(form.text).toContain('确认此项即可满足')
    expect(form.text).not.toContain('You meet')
    expect(form.text).not.toContain('content items between')

    // Saving renders the form again with the new verdict, in Chinese.
    const draft = await browser.post(applyPath, { intent: 'save', ...fullForm() })
    expect(draft.status).toBe(200)
    expect(draft.text).toContain('<strong>您满足其余 2 项中的 1 项，需要 1 项。必备条件已满足。</strong>')
    expect(draft.text).toContain('2024年4月1日至2025年3月31日期间有 2 项内容，需要 2 项')
    expect(draft.text).toContain('您已确认此项')

    // Autosave answers with the verdict in Chinese, and the stored verdict is the same.
    const autosave = await app.request(`${applyPath}/autosave`, {
      method: 'POST',
      body: new URLSearchParams(fullForm({ 'evidence.1.occurredOn': '2024-03-31' }) as Record<string, string>),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': browser.csrf, cookie: (browser as any).cookieHeader(), ...ZH },
    })
    expect(autosave.status).toBe(200)
    const saved = (await autosave.json()) as { applicationId: string; verdict: EligibilityVerdict }
    expect(saved.verdict.summary).toBe('您满足其余 2 项中的 0 项，需要 1 项。必备条件已满足。')
    expect(saved.verdict.requirements.find((r) => r.key === 'blogs')!.reason).toBe('2024年4月1日至2025年3月31日期间有 1 项内容，需要 2 项；1 项不在此期间内，未计入')
    const [stored] = await deps.db.select().from(applications).where(eq(applications.id, saved.applicationId))
    expect(stored).toMatchObject({ locale: 'zh-CN', eligibilityOverall: 'not_eligible' })
    expect((stored!.eligibility as EligibilityVerdict).summary).toBe(saved.verdict.summary)

    // An application saved in English, for contrast.
    const english = await signedInClient(app, deps.db, 'en-eligibility@example.org')
    const enForm = await english.get(`${applyPath}?lang=en`)
    expect(enForm.text).toContain('<strong>You meet 0 of the 2; you need 1. You do not yet meet the mandatory requirement “Be kind”.</strong>')
    expect(enForm.text).toContain('0 of 2 content items between April 1, 2024 and March 31, 2025')
    const enDraft = await english.post(applyPath, { intent: 'save', ...fullForm({ displayName: 'Eve English' }) })
    expect(enDraft.text).toContain('<strong>You meet 1 of the 2; you need 1. You meet the mandatory requirement.</strong>')

    // Re-evaluating the cohort writes each verdict in the language its application was saved in.
    const slug = applyPath.split('/')[2]!
    const { verdicts } = await evaluateCohort(deps.db, `${slug}/ambassadors/2025`)
    const zhVerdict = verdicts.find((v) => v.applicationId === saved.applicationId)!.verdict
    expect(zhVerdict.summary).toBe('您满足其余 2 项中的 0 项，需要 1 项。必备条件已满足。')
    const enVerdict = verdicts.find((v) => v.applicant === 'Eve English')!.verdict
    expect(enVerdict.summary).toBe('You meet 1 of the 2; you need 1. You meet the mandatory requirement.')
    const [restored] = await deps.db.select().from(applications).where(eq(applications.id, saved.applicationId))
    expect((restored!.eligibility as EligibilityVerdict).requirements.find((r) => r.key === 'blogs')!.reason).toBe('2024年4月1日至2025年3月31日期间有 1 项内容，需要 2 项；1 项不在此期间内，未计入')
  })
})
