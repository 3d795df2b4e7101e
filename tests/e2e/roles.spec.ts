import { describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { expectNoSeriousA11yViolations, signInByEmail, useEmbassy } from '../support/browser.ts'
import { grantRole } from '../../src/features/accounts/grant-role.ts'
import { roleGrants } from '../../src/features/accounts/schema.ts'
import { people } from '../../src/features/people/schema.ts'
import { communities } from '../../src/features/programs/schema.ts'

describe('roles in the browser: an admin makes a program manager, who adds a co-manager', () => {
  const e2e = useEmbassy()

  it('gives the role by email (a refused address first, kept in the field), then the manager builds the program team', async () => {
    const { db } = e2e().server.server.deps
    const page = await e2e().open('/sign-in?next=/admin')
    await signInByEmail(page, db, 'roles-admin@example.org')
    const [admin] = await db.select().from(people).where(eq(people.email, 'roles-admin@example.org'))
    await grantRole(db, admin!.id, 'admin', null, 'test')
    await page.goto(new URL('/admin', e2e().url).toString())
    await page.getByRole('link', { name: 'Admins and program managers' }).click()
    await page.getByRole('heading', { level: 1, name: 'Admins and program managers' }).waitFor()
    await expectNoSeriousA11yViolations(page)

    await page.getByLabel('Email address').fill('lead@@example')
    await page.getByLabel('Role', { exact: true }).selectOption('program_manager')
    await page.getByLabel('Community (for a program manager)').selectOption('kubesphere')
    await page.getByRole('button', { name: 'Give the role' }).click()
    await page.getByText('Enter an email address, such as name@example.org').waitFor()
    expect(await page.getByLabel('Email address').inputValue()).toBe('lead@@example')
    await expectNoSeriousA11yViolations(page)
    await page.getByLabel('Email address').fill('e2e-lead@example.org')
    await page.getByRole('button', { name: 'Give the role' }).click()
    await page.getByRole('status').filter({ hasText: 'who is now a program manager of' }).waitFor()

    const lead = await e2e().open('/sign-in?next=/admin')
    await signInByEmail(lead, db, 'e2e-lead@example.org')
    await lead.goto(new URL('/admin/c/kubesphere/managers', e2e().url).toString())
    await lead.getByRole('heading', { level: 1, name: /^Program team of / }).waitFor()
    await expectNoSeriousA11yViolations(lead)
    await lead.getByLabel('Email address').fill('e2e-co@example.org')
    await lead.getByRole('button', { name: 'Add', exact: true }).click()
    await lead.getByRole('status').filter({ hasText: 'e2e-co@example.org, who is now a program manager' }).waitFor()
    const [kubesphere] = await db.select().from(communities).where(eq(communities.slug, 'kubesphere'))
    const [co] = await db.select().from(people).where(eq(people.email, 'e2e-co@example.org'))
    expect(await db.select().from(roleGrants).where(and(eq(roleGrants.personId, co!.id), eq(roleGrants.communityId, kubesphere!.id)))).toHaveLength(1)
  })
})
