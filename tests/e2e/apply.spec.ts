import { describe, expect, it } from 'vitest'
import { and, desc, eq, sql } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { expectNoSeriousA11yViolations, useEmbassy } from '../support/browser.ts'
import { dayFromToday, makeCommunityOpenToday } from '../support/factories.ts'
import { outboxMessages } from '../../src/features/communications/schema.ts'
import { applications } from '../../src/features/applications/schema.ts'
import { people } from '../../src/features/people/schema.ts'

describe('applying in the browser', () => {
  const e2e = useEmbassy()

  async function linkFromOutbox(email: string) {
    const db = e2e().server.server.deps.db
    const [mail] = await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, email)).orderBy(desc(outboxMessages.createdAt)).limit(1)
    const link = /https?:\/\/\S+\/sign-in\/verify\?token=[A-Za-z0-9_-]+/.exec(mail?.textBody ?? '')?.[0]
    if (!link) throw new Error(`no sign-in link for ${email} in the outbox`)
    return link
  }

  async function signIn(page: Page, email: string) {
    await page.getByLabel('Email address').fill(email)
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
    await page.getByText('a sign-in link is on its way').waitFor()
    await expectNoSeriousA11yViolations(page)
    await page.goto(await linkFromOutbox(email))
    await page.getByRole('button', { name: 'Sign in' }).click()
  }

  it('signs in by email link, fills the form, sees the live eligibility summary, submits and gets the confirmation email', async () => {
    const { server } = e2e()
    const db = server.server.deps.db
    // A cohort whose application window is open today.
    const c = await makeCommunityOpenToday(db)
    server.server.deps.pageCache.clear()
    const page = await e2e().open(`/c/${c.slug}/programs/ambassadors`)
    await page.getByRole('link', { name: 'Apply now' }).click()
    // Not signed in: the sign-in page, which returns to the form afterwards.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await signIn(page, 'ayse@example.org')
    await page.getByRole('heading', { name: 'Apply' }).waitFor()
    await expectNoSeriousA11yViolations(page)

    await page.getByLabel('Your name, as you want it shown').fill('Ayşe Yılmaz')
    await page.getByLabel('Country').selectOption('TR')
    await page.getByLabel('Why are you applying?').fill('Ben bu topluluğu seviyorum. 我喜欢这个社区。')
    await page.getByLabel('I affirm: Be kind').check()
    // The live summary changes as evidence is typed (autosave answers with the new verdict).
    const summary = page.locator('#eligibility-summary')
    const before = await summary.innerText()
    for (const [i, title] of ['First post', 'Second post'].entries()) {
      await page.locator(`[name="evidence.${i}.type"]`).selectOption('blog_post')
      await page.locator(`[name="evidence.${i}.title"]`).fill(title)
      await page.locator(`[name="evidence.${i}.url"]`).fill(`https://blog.example.org/${i}`)
      await page.locator(`[name="evidence.${i}.occurredOn"]`).fill(dayFromToday(-20 - i))
    }
    await page.getByText(/Draft saved at/).waitFor({ timeout: 15_000 })
    await expect.poll(() => summary.innerText(), { timeout: 10_000 }).not.toBe(before)
    expect(await summary.innerText()).toContain('You meet 1 of the 2; you need 1.')
    expect(await page.locator('#eligibility-list').innerText()).toContain('Two blog posts')

    await page.getByRole('button', { name: 'Submit application' }).click()
    await page.getByRole('heading', { name: 'Application received' }).waitFor()
    await expectNoSeriousA11yViolations(page)

    const [mail] = await db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.toAddress, 'ayse@example.org'), sql`${outboxMessages.subject} like 'Application received%'`))
    expect(mail?.subject).toBe('Application received: Test Ambassador Program (Ambassadors now)')
    // Ayşe's application (the demo data the server starts with holds other submitted ones).
    const [stored] = await db
      .select({ answers: applications.answers })
      .from(applications)
      .innerJoin(people, eq(people.id, applications.personId))
      .where(and(eq(people.email, 'ayse@example.org'), eq(applications.status, 'submitted')))
    expect(stored?.answers.why).toBe('Ben bu topluluğu seviyorum. 我喜欢这个社区。')
  })

  it('shows the sign-in page in Simplified Chinese when asked', async () => {
    const page = await e2e().open('/sign-in?lang=zh-CN')
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN')
    await page.getByRole('button', { name: '发送登录链接' }).waitFor()
    await expectNoSeriousA11yViolations(page)
  })
})
