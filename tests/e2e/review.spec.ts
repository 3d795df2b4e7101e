import { describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { expectNoSeriousA11yViolations, useEmbassy, signInByEmail } from '../support/browser.ts'
import { addAssignment } from '../../src/features/reviews/change-assignment.ts'
import { makeReviewCohort } from '../../src/features/reviews/review-fixtures.ts'
import { reviews } from '../../src/features/reviews/schema.ts'

describe('reviewing in the browser', () => {
  const e2e = useEmbassy()

  const signIn = (page: Page, email: string) => signInByEmail(page, e2e().server.server.deps.db, email)

  it('a reviewer signs in, opens an assigned application in blind review, is told off the scale, and scores it', async () => {
    const deps = e2e().server.server.deps
    // A review phase open now (the server runs on the real clock).
    const now = Date.now()
    const fx = await makeReviewCohort(deps.db, {
      applicants: [{ name: 'Mei Lin', email: 'mei.lin@example.net' }],
      reviewers: [{ name: 'Rosa Reviewer', email: 'rosa.reviewer@example.org' }],
      phase: { opensAt: new Date(now - 86_400_000), closesAt: new Date(now + 10 * 86_400_000) },
    })
    const [application] = fx.applications
    const [rosa] = fx.reviewers
    await addAssignment(deps, { cohortId: fx.cohortId, applicationId: application!.id, reviewerPersonId: rosa!.id, actor: 'test' })

    const page = await e2e().open('/reviews')
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await signIn(page, 'rosa.reviewer@example.org')
    await page.getByRole('heading', { name: 'Your reviews' }).waitFor()
    expect(await page.getByText('0 of 1 reviewed').count()).toBe(1)
    await expectNoSeriousA11yViolations(page)

    await page.getByRole('link', { name: 'Review #1' }).click()
    await page.getByRole('heading', { name: 'Review: Applicant (blind review)' }).waitFor()
    expect(await page.locator('main').innerText()).not.toContain('Mei Lin')
    await expectNoSeriousA11yViolations(page)

    await page.getByLabel('Community participation track record').fill('7')
    await page.getByLabel('Geographical location').fill('4')
    await page.getByLabel('Potential impact').fill('8')
    await page.getByLabel('Private comment for the committee').fill('Runs a meetup of 200 people.')
    await page.getByRole('button', { name: 'Save review' }).click()
    await page.getByText('“Community participation track record” takes a whole number from 1 to 5.').waitFor()
    // What was typed stays in the form.
    expect(await page.getByLabel('Private comment for the committee').inputValue()).toBe('Runs a meetup of 200 people.')

    await page.getByLabel('Community participation track record').fill('5')
    await page.getByRole('button', { name: 'Save review' }).click()
    await page.getByText('Your review was saved.').waitFor()
    await expectNoSeriousA11yViolations(page)

    const [stored] = await deps.db.select().from(reviews).where(and(eq(reviews.applicationId, application!.id), eq(reviews.reviewerPersonId, rosa!.id)))
    expect(stored?.scores).toEqual({ 'track-record': 5, location: 4, impact: 8 })
    expect(stored?.privateComment).toBe('Runs a meetup of 200 people.')

    await page.goto(new URL('/reviews', e2e().url).toString())
    await page.getByText('1 of 1 reviewed').first().waitFor()
  })
})
