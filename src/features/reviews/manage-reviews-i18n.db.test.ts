import { beforeAll, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import type { FormClient } from '../../../tests/support/http.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { people } from '../people/schema.ts'
import { makeReviewCohort, REVIEW_OPEN } from './review-fixtures.ts'

describeDb('the managers’ review page in English and Chinese', (ctx) => {
  let app: ReturnType<typeof createApp>
  let fx: Awaited<ReturnType<typeof makeReviewCohort>>
  let manager: FormClient
  const base = () => `/admin/c/${fx.slug}/programs/ambassadors/cohorts/2025/reviews`
  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(REVIEW_OPEN)
    app = createApp(deps)
    fx = await makeReviewCohort(deps.db, {
      applicants: [{ name: 'Applicant i18n', email: 'applicant-i18n@example.net' }],
      reviewers: [{ name: 'Reviewer i18n', email: 'reviewer-i18n@example.com' }],
      phase: { reviewsPerApplication: 1 },
    })
    const email = `reviews-i18n-${deps.engine}@example.org`
    manager = await signedInClient(app, deps.db, email)
    const [person] = await deps.db.select().from(people).where(eq(people.email, email))
    await grantRole(deps.db, person!.id, 'program_manager', fx.communityId, 'test')
  })

  it('every section speaks Chinese with ?lang=zh-CN, the assignment run, notices and field errors included', async () => {
    const page = await manager.get(`${base()}?lang=zh-CN`)
    expect(page.status).toBe(200)
    for (const zh of ['评审阶段</h2>', '开始时间（UTC）', '结束时间（UTC，不含该时刻）', '每份申请的评审人数', '评审可以看到申请人姓名（不勾选：盲审）', '保存评审阶段', '评审人与进度', '已申报的利益冲突', '已评审 0 / ', '邀请评审人', '姓名（选填）', '分配</h2>', '分配评审人', '更改单个分配', '原因（记入审计日志）', '>移除</button>', '分数</h2>', '标准化分数', '缺少评审']) {
      expect(page.text).toContain(zh)
    }
    for (const en of ['Review phase', 'Reviewers and progress', 'Invite a reviewer', 'Change one assignment', 'Normalised', 'missing reviews', ' reviewed<']) expect(page.text).not.toContain(en)

    const run = await manager.post(`${base()}/assign`, { dryRun: '1' })
    expect(run.text).toMatch(/预览：将新增 \d+ 个分配（每份申请 1 位评审人，共 \d+ 份申请）。/)
    expect(run.text).toContain('负载：Reviewer i18n')
    const badPhase = await manager.post(`${base()}/phase`, { opensAt: '2025-04-10T00:00Z', closesAt: '2025-04-01T00:00Z', reviewsPerApplication: '0' })
    expect(badPhase.status).toBe(422)
    expect(badPhase.text).toContain('至少为 1。')
    const badInvite = await manager.post(`${base()}/reviewers`, { email: 'not-an-address' })
    expect(badInvite.status).toBe(422)
    expect(badInvite.text).toContain('请输入电子邮箱地址，例如 name@example.org。')
    const badChange = await manager.post(`${base()}/assignments`, { applicationId: 'x', reviewerId: 'y', action: 'add' })
    expect(badChange.text).toContain('请选择申请和评审人，然后点击“分配”或“移除”。')
    const saved = await manager.get(`${base()}?saved=phase`)
    expect(saved.text).toContain('评审阶段已保存。')
  })

  it('?lang=en shows the English page', async () => {
    const page = await manager.get(`${base()}?lang=en`)
    for (const en of ['Review phase', 'Opens (UTC)', 'Reviewers and progress', '0 of ', ' reviewed', 'Invite a reviewer', 'Assign reviewers', 'Change one assignment', 'Scores', 'Normalised', 'missing reviews']) expect(page.text).toContain(en)
    expect(page.text).not.toContain('评审阶段')
    const badPhase = await manager.post(`${base()}/phase`, { opensAt: '2025-04-10T00:00Z', closesAt: '2025-04-01T00:00Z', reviewsPerApplication: '0' })
    expect(badPhase.text).toContain('At least 1.')
  })
})
