import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { expectNoSeriousA11yViolations, signInByEmail, useEmbassy } from '../support/browser.ts'
import { grantRole } from '../../src/features/accounts/grant-role.ts'
import { people } from '../../src/features/people/schema.ts'

describe('onboarding in the browser: an admin starts a community and its first program', () => {
  const e2e = useEmbassy()

  it('creates the community, is told what to fix, then creates the program and lands on its admin page', async () => {
    const { db } = e2e().server.server.deps
    const page = await e2e().open('/sign-in?next=/admin')
    await signInByEmail(page, db, 'onboarding-admin@example.org')
    const [admin] = await db.select().from(people).where(eq(people.email, 'onboarding-admin@example.org'))
    await grantRole(db, admin!.id, 'admin', null, 'test')
    await page.goto(new URL('/admin', e2e().url).toString())
    await page.getByRole('link', { name: 'New community' }).click()
    await page.getByRole('heading', { name: 'New community' }).waitFor()
    await expectNoSeriousA11yViolations(page)

    await page.getByLabel('Name of the community').fill('Tidewater')
    await page.getByLabel('Identifier in addresses').fill('Tide Water')
    await page.getByRole('button', { name: 'Create the community' }).click()
    await page.getByText('Use 1 to 40 lowercase letters, digits and dashes').waitFor()
    expect(await page.getByLabel('Name of the community').inputValue()).toBe('Tidewater')
    await expectNoSeriousA11yViolations(page)
    await page.getByLabel('Identifier in addresses').fill('tidewater')
    await page.getByRole('button', { name: 'Create the community' }).click()

    await page.getByText('The community Tidewater was created.').waitFor()
    await expectNoSeriousA11yViolations(page)
    await page.getByLabel('Name of the program').fill('Tidewater Ambassadors')
    await page.getByLabel('Identifier in addresses').fill('ambassadors')
    await page.getByLabel('Summary').fill('Our ambassadors.')
    await page.getByRole('button', { name: 'Create the program' }).click()
    await page.waitForURL(/\/admin\/c\/tidewater\/programs\/ambassadors$/)
    await page.getByText('Tidewater Ambassadors').first().waitFor()
    const pub = await fetch(new URL('/c/tidewater/programs/ambassadors', e2e().url))
    expect(pub.status).toBe(200)
  })
})
