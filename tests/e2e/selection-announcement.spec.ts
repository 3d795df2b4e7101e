import { describe, expect, it } from 'vitest'
import { and, eq, inArray } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { expectNoSeriousA11yViolations, useEmbassy, signInByEmail } from '../support/browser.ts'
import { runJobsUntilIdle } from '../../src/jobs/run-jobs.ts'
import { grantRole } from '../../src/features/accounts/grant-role.ts'
import { applications } from '../../src/features/applications/schema.ts'
import { outboxMessages } from '../../src/features/communications/schema.ts'
import { memberships } from '../../src/features/memberships/schema.ts'
import { createPeople } from '../../src/features/people/create-people.ts'
import { addAssignment } from '../../src/features/reviews/change-assignment.ts'
import { makeReviewCohort } from '../../src/features/reviews/review-fixtures.ts'
import { reviews } from '../../src/features/reviews/schema.ts'
import { cohortDecisions } from '../../src/features/selection/decisions.ts'

describe('review, selection and announcement day in the browser', () => {
  // The test runs the jobs itself, at a known step: the server's own worker (every 2 s) could otherwise send the
  // announcement between the scheduling and the page that should still say "Scheduled".
  const e2e = useEmbassy({ env: { JOBS_POLL_MS: '0' } })

  const signIn = (page: Page, email: string) => signInByEmail(page, e2e().server.server.deps.db, email)

  it('a reviewer scores; the manager selects, overrides with a reason and schedules; the job mails every applicant and publishes the accepted', async () => {
    const deps = e2e().server.server.deps
    const now = Date.now()
    const fx = await makeReviewCohort(deps.db, {
      applicants: [
        { name: 'Mei Lin', email: 'mei.lin@example.net' },
        { name: 'Onur Canoğlu', email: 'onur@example.net' },
        { name: 'Rossana Suarez', email: 'rossana@example.net', locale: 'zh-CN' },
        { name: 'Kevin Xu', email: 'kevin@example.net' },
      ],
      reviewers: [{ name: 'Rosa Reviewer', email: 'rosa.reviewer@example.org' }, { name: 'Sam Second', email: 'sam@example.org' }],
      phase: { opensAt: new Date(now - 86_400_000), closesAt: new Date(now + 10 * 86_400_000) },
    })
    const [mei, onur, rossana, kevin] = fx.applications
    const [rosa, sam] = fx.reviewers
    await deps.db.update(applications).set({ eligibilityOverall: 'eligible', eligibility: { summary: 'You meet 2 of the 2 needed.' } }).where(eq(applications.cohortId, fx.cohortId))
    await addAssignment(deps, { cohortId: fx.cohortId, applicationId: mei!.id, reviewerPersonId: rosa!.id, actor: 'test' })
    // The other applications were reviewed by a second reviewer before this test.
    const scored = (applicationId: string, s: number) => ({ cohortId: fx.cohortId, applicationId, reviewerPersonId: sam!.id, scores: { 'track-record': s, location: s, impact: s * 2 } })
    await deps.db.insert(reviews).values([scored(onur!.id, 5), scored(rossana!.id, 4), scored(kevin!.id, 1)])

    // 1. The reviewer scores Mei's application.
    const reviewer = await e2e().open('/reviews')
    await reviewer.getByRole('heading', { name: 'Sign in' }).waitFor()
    await signIn(reviewer, 'rosa.reviewer@example.org')
    await reviewer.getByRole('link', { name: 'Review #1' }).click()
    await reviewer.getByLabel('Community participation track record').fill('3')
    await reviewer.getByLabel('Geographical location').fill('3')
    await reviewer.getByLabel('Potential impact').fill('6')
    await reviewer.getByLabel('Feedback to the applicant', { exact: false }).fill('Strong meetup work; write more.')
    await reviewer.getByRole('button', { name: 'Save review' }).click()
    await reviewer.getByText('Your review was saved.').waitFor()

    // 2. The program manager runs selection on its page, reads the explanations, and overrides one decision.
    const managerEmail = 'pm@example.org'
    const [pat] = await createPeople(deps.db, [{ displayName: 'Pat Manager', email: managerEmail }])
    await grantRole(deps.db, pat!.id, 'program_manager', fx.communityId, 'test')
    const admin = `/admin/c/${fx.slug}/programs/ambassadors/cohorts/2025`
    const manager = await e2e().open(`${admin}/selection`)
    await manager.getByRole('heading', { name: 'Sign in' }).waitFor()
    await signIn(manager, managerEmail)
    await manager.getByRole('heading', { name: 'Selection · Ambassadors 2025' }).waitFor()
    await manager.getByLabel('Seats', { exact: true }).fill('2')
    await manager.getByLabel('Waitlist length (empty: as many as seats)').fill('1')
    await manager.getByRole('button', { name: 'Run and save' }).click()
    await manager.getByRole('heading', { name: 'Result' }).waitFor()
    const before = Object.fromEntries((await cohortDecisions(deps.db, fx.cohortId)).map((d) => [d.displayName, d.outcome]))
    expect(before).toEqual({ 'Onur Canoğlu': 'selected', 'Rossana Suarez': 'selected', 'Mei Lin': 'waitlisted', 'Kevin Xu': 'not_selected' })
    const kevinRow = manager.locator(`#decision-${kevin!.id}`)
    expect(await kevinRow.innerText()).toContain('seats filled')
    expect(await manager.locator(`#decision-${mei!.id}`).innerText()).toMatch(/waitlisted 1st/)
    await kevinRow.getByLabel('Outcome').selectOption('waitlisted')
    await kevinRow.getByLabel('Reason').fill('Organises the only meetup in his region.')
    await kevinRow.getByRole('button', { name: 'Override' }).click()
    await manager.getByText('Decision overridden').waitFor()
    const kevinDecision = (await cohortDecisions(deps.db, fx.cohortId)).find((d) => d.applicationId === kevin!.id)!
    expect([kevinDecision.outcome, kevinDecision.overrideReason]).toEqual(['waitlisted', 'Organises the only meetup in his region.'])

    // 3. The manager schedules the announcement on its page (this locks the selection).
    await manager.goto(new URL(`${admin}/announcement`, e2e().url).toString())
    await manager.getByRole('heading', { name: 'Announcement · Ambassadors 2025' }).waitFor()
    await expectNoSeriousA11yViolations(manager)
    await manager.getByLabel('Title of the announcement').fill('Welcome new Review Test ambassadors!')
    await manager.getByLabel('Introduction (Markdown)').fill('We are **happy** to announce our new ambassadors.')
    await manager.getByRole('button', { name: 'Schedule the announcement' }).click()
    await manager.getByRole('heading', { name: 'Scheduled' }).waitFor()

    // 4. The job runs (the server's worker would; this test's server has none): one decision email per applicant.
    await runJobsUntilIdle(deps)
    const ids = fx.applications.map((a) => `decision:${a.id}`)
    const mails = await deps.db.select().from(outboxMessages).where(inArray(outboxMessages.idempotencyKey, ids))
    expect(mails).toHaveLength(4)
    const subjectOf = (address: string) => mails.find((m) => m.toAddress === address)?.subject
    expect(subjectOf('onur@example.net')).toBe('Decision: accepted — Review Test Program (Ambassadors 2025)')
    expect(subjectOf('rossana@example.net')).toBe('决定：已录取 — Review Test Program（Ambassadors 2025）')
    expect(subjectOf('mei.lin@example.net')).toBe('Decision: waitlisted — Review Test Program (Ambassadors 2025)')
    expect(subjectOf('kevin@example.net')).toBe('Decision: waitlisted — Review Test Program (Ambassadors 2025)')
    expect(mails.find((m) => m.toAddress === 'mei.lin@example.net')!.textBody).toContain('Strong meetup work; write more.')

    // 5. The public announcement lists the accepted people, and nobody's email.
    const visitor = await e2e().open(`/c/${fx.slug}/programs/ambassadors/news`)
    await visitor.getByRole('link', { name: 'Welcome new Review Test ambassadors!' }).click()
    await visitor.getByRole('heading', { name: 'Welcome new Review Test ambassadors!' }).waitFor()
    const table = await visitor.getByRole('table').innerText()
    expect(table).toContain('Onur Canoğlu')
    expect(table).toContain('Rossana Suarez')
    expect(table).not.toContain('Mei Lin')
    expect(table).not.toContain('Kevin Xu')
    expect(await visitor.locator('main').innerText()).not.toMatch(/@example\./)
    await expectNoSeriousA11yViolations(visitor)

    // 6. Onur confirms from the email link, without signing in: his term starts.
    const onurMail = mails.find((m) => m.toAddress === 'onur@example.net')!
    const offerLink = /https?:\/\/\S+\/offers\/[0-9a-f-]+\?token=[A-Za-z0-9_-]+/.exec(onurMail.textBody)![0]
    const accepted = await e2e().open(offerLink)
    await expectNoSeriousA11yViolations(accepted)
    await accepted.getByRole('button', { name: 'Confirm my place' }).click()
    await accepted.getByText('You confirmed your place.').waitFor()
    const terms = await deps.db.select().from(memberships).where(and(eq(memberships.cohortId, fx.cohortId), eq(memberships.personId, onur!.personId)))
    expect(terms.map((m) => [m.role, m.status, m.consecutiveYears])).toEqual([['ambassador', 'active', 1]])

  })
})
