import { eq } from 'drizzle-orm'
import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import type { FormClient } from '../../../tests/support/http.ts'
import { makeSelectionCohort } from '../../../tests/support/selection.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { people } from '../people/schema.ts'
import { makeReviewCohort, REVIEW_OPEN } from '../reviews/review-fixtures.ts'
import { reviews } from '../reviews/schema.ts'
import { lockSelection } from '../selection/decisions.ts'

/** A page's text: what it says in `lang`, and none of the English it says otherwise. */
function expectSays(html: string, said: string[], notSaid: string[]) {
  for (const s of said) expect(html, `says ${s}`).toContain(s)
  for (const s of notSaid) expect(html, `does not say ${s}`).not.toContain(s)
}

describeDb('the questions and rubric page and the selection page in English and Chinese', (ctx) => {
  let manager: FormClient
  let form = ''
  let selection = ''
  let sel: Awaited<ReturnType<typeof makeSelectionCohort>>
  let managerId = ''

  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(REVIEW_OPEN)
    const app = createApp(deps)
    const fx = await makeReviewCohort(deps.db, { applicants: [{ name: '王小明', email: 'wang-form-lang@example.net' }], reviewers: [{ name: 'Rita Reviewer', email: 'rita-form-lang@example.com' }] })
    await deps.db.insert(reviews).values({ cohortId: fx.cohortId, applicationId: fx.applications[0]!.id, reviewerPersonId: fx.reviewers[0]!.id, scores: { 'track-record': 5, location: 3, impact: 10 }, privateComment: '', feedbackToApplicant: '' })
    sel = await makeSelectionCohort(deps.db, 1, [
      { name: 'Ayla', region: 'Asia', score: 5 },
      { name: 'Bram', region: 'Europe', score: 4 },
      { name: 'Ezra', region: 'Europe', score: 5, eligibility: 'not_eligible' },
    ])
    manager = await signedInClient(app, deps.db, 'form-sel-lang-manager@example.org')
    const [m] = await deps.db.select().from(people).where(eq(people.email, 'form-sel-lang-manager@example.org'))
    managerId = m!.id
    await grantRole(deps.db, m!.id, 'program_manager', fx.communityId, 'test')
    await grantRole(deps.db, m!.id, 'program_manager', sel.communityId, 'test')
    form = `/admin/c/${fx.slug}/programs/ambassadors/form`
    selection = `/admin/c/${sel.slug}/programs/${sel.programSlug}/cohorts/2025/selection`
  }, 120_000)

  it('the application questions and review rubric, their refusals and notices', async () => {
    const zh = (await manager.get(`${form}?lang=zh-CN`)).text
    expect(zh).toContain('<html lang="zh-CN">')
    expect(zh).toContain(`<a href="${form}?lang=en" lang="en" hreflang="en">`)
    expectSays(
      zh,
      ['<title>申请问题与评分标准 · ', '<h1>申请问题与评分标准</h1>', '预览申请表', '<h2>申请问题</h2>', '<legend>问题 1</legend>', '键（小写，例如 why）', '回答的最大长度（字符数）', '必须回答', '保存问题</button>', '<h2>评审评分标准</h2>', '<legend>评分项 1</legend>', '权重（例如 1 或 2.5）', '最低分', '最高分', '保存评分标准</button>', '已有评审打过分的评分项不能删除'],
      ['Questions and rubric', 'Preview the application form', 'Application questions', 'Question 1', 'Longest answer', 'An answer is required', 'Save questions', 'Review rubric', 'Criterion 1', 'Weight (e.g.', 'Lowest score', 'Highest score', 'Save rubric', 'Reviewers score'],
    )
    const en = (await manager.get(`${form}?lang=en`)).text
    expectSays(en, ['<h1>Questions and rubric</h1>', 'Preview the application form', '<legend>Question 1</legend>', 'An answer is required', 'Save questions', '<h2>Review rubric</h2>', 'Save rubric'], ['申请问题', '保存评分标准'])

    // Refusals of the schema, next to their fields, in Chinese.
    const badQuestion = await manager.post(`${form}/questions?lang=zh-CN`, { 'q.0.key': 'Bad Key', 'q.0.prompt': 'Why?', 'q.0.maxLength': '' })
    expect(badQuestion.status).toBe(422)
    expectSays(badQuestion.text, ['键由 1–40 个小写字母、数字和连字符组成', '请填写允许的最长回答（字符数）。'], ['A key is 1–40', 'Give the longest answer'])
    // A refusal of the use-case: a criterion reviews have scored cannot be removed.
    const removed = await manager.post(`${form}/criteria?lang=zh-CN`, {})
    expect(removed.status).toBe(422)
    expectSays(removed.text, ['已在 1 份评审中打分：不能删除。'], ['is scored in', 'cannot be removed'])
    const saved = await manager.post(`${form}/questions?lang=zh-CN`, { 'q.0.key': 'why', 'q.0.prompt': 'Why?', 'q.0.maxLength': '2000', 'q.0.required': 'yes' })
    expectSays(saved.text, ['问题已保存（1 个）。'], ['Questions saved'])
    expect((await manager.post(`${form}/questions?lang=en`, { 'q.0.key': 'why', 'q.0.prompt': 'Why?', 'q.0.maxLength': '2000' })).text).toContain('Questions saved (1).')
  })

  it('the selection page: constraints, runs, result, overrides, refusals and the locked selection', async () => {
    const zh = (await manager.get(`${selection}?lang=zh-CN`)).text
    expect(zh).toContain('<html lang="zh-CN">')
    expect(zh).toContain(`<a href="${selection}?lang=en" lang="en" hreflang="en">`)
    expectSays(
      zh,
      ['<title>遴选 · Ambassadors 2025', '<h1>遴选 · Ambassadors 2025</h1>', '尚未进行遴选。', '<h2>约束条件</h2>', '每个地区最多占名额的比例（0–1）', '例如 0.4：', '候补名单长度（留空：与名额数相同）', '试运行', '运行并保存', '>申请</a>'],
      ['Selection has not been run yet.', 'Constraints', 'Largest share', 'Waitlist length', 'Dry run', 'Run and save', '>Applications</a>'],
    )
    expectSays((await manager.get(`${selection}?lang=en`)).text, ['<h1>Selection · Ambassadors 2025</h1>', 'Selection has not been run yet.', '<h2>Constraints</h2>', 'Run and save'], ['约束条件'])

    // Refusals of the constraint form, in Chinese.
    const bad = await manager.post(`${selection}/run?lang=zh-CN`, { seats: '1', maxRegionShare: '1.5', maxPerRegion: 'x', minPerRegion: 'Africa two', mode: 'dry' })
    expect(bad.status).toBe(422)
    expectSays(bad.text, ['此项必须介于 0 和 1 之间', '请输入数字，或留空。', '“Africa two”不是“地区=数字”的格式'], ['must be between 0 and 1', 'Enter a number', 'is not “Region=number”'])
    // A problem the catalogue does not name (a default of the schema library) is said plainly, not in English.
    const long = await manager.post(`${selection}/run?lang=zh-CN`, { seats: '0', minPerRegion: `${'A'.repeat(101)}=1`, mode: 'dry' })
    expect(long.status).toBe(422)
    expectSays(long.text, ['此项不能小于 1。', '此项无效。'], ['This must be at least 1', 'Too big', 'This '])

    const dry = (await manager.post(`${selection}/run?lang=zh-CN`, { seats: '1', mode: 'dry' })).text
    expectSays(dry, ['试运行：未保存任何内容。', '<h2>试运行（未保存）</h2>', '入选 1 人，总分', '<th scope="col">申请人</th>', '<th scope="col">得分</th>', '<th scope="col">原因</th>'], ['Dry run: nothing was saved.', 'selected, total score', '>Applicant<', '>Score<', '>Why<'])
    const saved = (await manager.post(`${selection}/run?lang=zh-CN`, { seats: '1', mode: 'save' })).text
    expectSays(saved, ['遴选结果已保存为草稿。', '草稿：安排结果公布后即锁定。', '<h2>结果</h2>', '<th scope="col">更改决定</th>', '给予例外资格', '理由 <input', '>更改决定</button>'], ['Selection saved as a draft.', 'Draft:', 'Grant an exception', 'Reason <input', 'Outcome'])
    expectSays((await manager.get(`${selection}?lang=en`)).text, ['Draft: it locks when the announcement is scheduled.', '<th scope="col">Override</th>', 'Grant an exception', '1 selected, total score'], ['更改决定'])

    // An override without a reason, and one beyond the seats: refused next to the row, in Chinese.
    const bram = sel.ids.Bram!.applicationId
    const noReason = await manager.post(`${selection}/override?lang=zh-CN`, { applicationId: bram, outcome: 'waitlisted', reason: ' ' })
    expect(noReason.status).toBe(422)
    expectSays(noReason.text, ['请写明此决定的理由'], ['Write the reason'])
    const full = await manager.post(`${selection}/override?lang=zh-CN`, { applicationId: bram, outcome: 'selected', reason: 'Runs the largest meetup.' })
    expect(full.status).toBe(422)
    expectSays(full.text, ['唯一的 1 个名额已被占用'], ['All 1 seat is taken'])
    const done = await manager.post(`${selection}/override?lang=zh-CN`, { applicationId: bram, outcome: 'not_selected', reason: 'Asked to wait a year.' })
    expectSays(done.text, ['决定已更改；理由已记入审计日志。'], ['Decision overridden'])
    // An application outside the cohort: the error page says so in Chinese.
    const stray = await manager.post(`${selection}/exception?lang=zh-CN`, { applicationId: '00000000-0000-4000-8000-000000000000', reason: 'Because of a good reason.' })
    expect(stray.status).toBe(404)
    expectSays(stray.text, ['本届没有这份申请。'], ['There is no such application'])

    // Locked: the status and the refusal of a run, in Chinese.
    await ctx().db.transaction((tx) => lockSelection(tx, sel.cohortId, managerId))
    const locked = (await manager.get(`${selection}?lang=zh-CN`)).text
    expectSays(locked, ['起已锁定：结果公布已安排。'], ['Locked since'])
    const refused = await manager.post(`${selection}/run?lang=zh-CN`, { seats: '1', mode: 'save' })
    expect(refused.status).toBe(409)
    expectSays(refused.text, ['的遴选自 ', '起已锁定：公告已排期'], ['is locked'])
    expect((await manager.get(`${selection}?lang=en`)).text).toMatch(/Locked since \d{4}-\d\d-\d\d \d\d:\d\d UTC: the announcement has been scheduled\./)
  })
})
