import { describe, expect, it } from 'vitest'
import { desc, eq } from 'drizzle-orm'
import { expectNoSeriousA11yViolations, useEmbassy } from '../support/browser.ts'
import { makeCommunityOpenToday } from '../support/factories.ts'
import { outboxMessages } from '../../src/features/communications/schema.ts'

describe('applying in Simplified Chinese in the browser', () => {
  const e2e = useEmbassy()

  it('shows the form in Chinese, and the autosave script speaks Chinese too', async () => {
    const { server } = e2e()
    const db = server.server.deps.db
    const c = await makeCommunityOpenToday(db)
    server.server.deps.pageCache.clear()
    const applyPath = `/c/${c.slug}/programs/ambassadors/apply`

    // Sign in by email link, in Chinese (the choice is kept in a cookie).
    const page = await e2e().open(`/sign-in?lang=zh-CN&next=${encodeURIComponent(applyPath)}`)
    page.setDefaultTimeout(15_000)
    await page.getByLabel('电子邮箱地址').fill('li@example.org')
    await page.getByRole('button', { name: '发送登录链接' }).click()
    await page.getByRole('heading', { name: '请查收邮件' }).waitFor()
    const [mail] = await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'li@example.org')).orderBy(desc(outboxMessages.createdAt)).limit(1)
    expect(mail?.subject).toBe('您的 Embassy 登录链接')
    await page.goto(/https?:\/\/\S+\/sign-in\/verify\?token=[A-Za-z0-9_-]+/.exec(mail!.textBody)![0])
    await page.getByRole('button', { name: '登录' }).click()

    await page.getByRole('heading', { name: '申请', exact: true }).waitFor()
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN')
    await expectNoSeriousA11yViolations(page)

    await page.getByLabel('您希望显示的姓名').fill('李雷')
    await page.getByLabel('国家或地区').selectOption({ label: '中国' })
    await page.getByLabel('Why are you applying?').fill('我喜欢这个社区。')
    await page.getByLabel('我确认：Be kind').check()
    await page.getByLabel('类型').first().selectOption({ label: '博客文章' })
    await page.getByLabel('标题').first().fill('第一篇')
    await page.locator('#autosave-status').getByText(/^草稿已于 .+ 保存。$/).waitFor()
    // The script redrew the summary with the Chinese status labels it read from the form.
    await expect.poll(() => page.locator('#eligibility-list').innerText(), { timeout: 10_000 }).toContain('已满足: Be kind')
    expect(await page.locator('#eligibility-list').innerText()).toContain('尚未满足: Two blog posts')

    await page.getByRole('button', { name: '提交申请' }).click()
    await page.getByRole('heading', { name: '申请已收到' }).waitFor()
    expect(await page.locator('main').innerText()).toContain('这是回执，不是录取结果。')
    await expectNoSeriousA11yViolations(page)
  })
})
