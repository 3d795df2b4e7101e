import { describe, expect, it } from 'vitest'
import { desc, eq } from 'drizzle-orm'
import { expectNoSeriousA11yViolations, useEmbassy } from '../support/browser.ts'
import { makeCommunity } from '../support/factories.ts'
import { outboxMessages } from '../../src/features/communications/schema.ts'
import { people } from '../../src/features/people/schema.ts'
import { grantRole } from '../../src/features/accounts/grant-role.ts'

describe('comments in the browser', () => {
  const e2e = useEmbassy()

  it('posts a comment, sees it held, a manager approves it, and it is published without the email anywhere in the page source', async () => {
    const { server } = e2e()
    const db = server.server.deps.db
    const c = await makeCommunity(db)
    const commentsPath = `/c/${c.slug}/programs/ambassadors/comments`

    const visitor = await e2e().open(commentsPath)
    await visitor.getByRole('heading', { name: 'Comments' }).waitFor()
    await visitor.getByLabel('Name (published)').fill('Zhang Wei 张伟')
    await visitor.getByLabel('Email (never published)').fill('zhang.wei@example.org')
    await visitor.getByLabel(/^Comment/).fill('Looking forward to it! <img src=x onerror="document.title=\'pwned\'"> **Bold** <script>document.title="pwned"</script>')
    await visitor.getByRole('button', { name: 'Post comment' }).click()
    await visitor.getByText('Your comment is held for moderation').waitFor()
    await expectNoSeriousA11yViolations(visitor)
    expect(await visitor.locator('ol.comments').innerText()).not.toContain('Looking forward')

    // A program manager signs in by email link and approves it in the moderation queue.
    const manager = await e2e().open('/sign-in')
    await manager.getByLabel('Email address').fill('moderator@example.org')
    await manager.getByRole('button', { name: 'Email me a sign-in link' }).click()
    await manager.getByText('a sign-in link is on its way').waitFor()
    const [mail] = await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'moderator@example.org')).orderBy(desc(outboxMessages.createdAt)).limit(1)
    await manager.goto(/https?:\/\/\S+\/sign-in\/verify\?token=[A-Za-z0-9_-]+/.exec(mail!.textBody)![0])
    await manager.getByRole('button', { name: 'Sign in' }).click()
    await manager.waitForURL(/\/account|\/$/)
    const [person] = await db.select().from(people).where(eq(people.email, 'moderator@example.org'))
    await grantRole(db, person!.id, 'program_manager', c.communityId, 'test')
    await manager.goto(`${e2e().url}/admin/c/${c.slug}/comments`)
    await manager.getByText('zhang.wei@example.org').waitFor()
    await manager.getByRole('button', { name: 'Approve' }).click()
    await manager.getByText('Approved: published').waitFor()

    await visitor.goto(`${e2e().url}${commentsPath}`)
    const published = visitor.locator('ol.comments')
    await published.getByText('Looking forward to it!').waitFor()
    expect(await published.locator('strong', { hasText: 'Bold' }).count()).toBe(1)
    expect(await visitor.title()).not.toBe('pwned')
    expect(await visitor.locator('ol.comments img, ol.comments script').count()).toBe(0)
    const source = await (await visitor.request.get(`${e2e().url}${commentsPath}`)).text()
    expect(source).toContain('Zhang Wei 张伟')
    expect(source.toLowerCase()).not.toContain('zhang.wei@example.org')
    expect(source).not.toContain('zhang.wei')
  })
})
