import { beforeAll, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import type { FormClient } from '../../../tests/support/http.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { people } from '../people/schema.ts'
import { makeReviewCohort, REVIEW_OPEN } from '../reviews/review-fixtures.ts'
import { reviews } from '../reviews/schema.ts'

describeDb('one application, for the program team', (ctx) => {
  let app: ReturnType<typeof createApp>
  let mine: Awaited<ReturnType<typeof makeReviewCohort>>
  let theirs: Awaited<ReturnType<typeof makeReviewCohort>>
  let manager: FormClient
  const list = (fx: typeof mine) => `/admin/c/${fx.slug}/programs/ambassadors/cohorts/2025/applications`

  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(REVIEW_OPEN)
    app = createApp(deps)
    mine = await makeReviewCohort(deps.db, {
      applicants: [
        { name: '李小龙', email: 'li@example.net' },
        { name: 'Ada Obi', email: 'ada@example.net' },
      ],
      reviewers: [{ name: 'Rita Reviewer', email: 'rita@example.com' }],
    })
    theirs = await makeReviewCohort(deps.db, { applicants: [{ name: 'Someone Else', email: 'else@example.net' }], reviewers: [] })
    await deps.db.insert(reviews).values({
      cohortId: mine.cohortId,
      applicationId: mine.applications[0]!.id,
      reviewerPersonId: mine.reviewers[0]!.id,
      scores: { 'track-record': 5, location: 3, impact: 10 },
      privateComment: 'Runs the Shenzhen meetup.',
      feedbackToApplicant: 'Strong record.',
    })
    manager = await signedInClient(app, deps.db, 'app-page-manager@example.org')
    const [person] = await deps.db.select().from(people).where(eq(people.email, 'app-page-manager@example.org'))
    await grantRole(deps.db, person!.id, 'program_manager', mine.communityId, 'test')
  })

  it('opens from the cohort’s list and shows what the applicant sent, how to reach them, and every review', async () => {
    const first = mine.applications[0]!
    const path = `${list(mine)}/${first.id}`
    const listed = await manager.get(list(mine))
    expect(listed.status).toBe(200)
    expect(listed.text).toContain(`<a href="${path}">李小龙</a>`)

    const page = await manager.get(path)
    expect(page.status).toBe(200)
    expect(page.text).toContain('<h1>李小龙</h1>')
    expect(page.text).toContain('href="mailto:li@example.net"')
    expect(page.text).toContain('<dt>Why are you applying?</dt>')
    expect(page.text).toContain('I am 李小龙 and I want to help.')
    expect(page.text).toContain(`href="https://github.com/${first.handle}"`)
    expect(page.text).toContain('<td>Rita Reviewer</td>')
    expect(page.text).toContain('Runs the Shenzhen meetup.')
    // (5−1)/4·2 + (3−1)/4·1 + 10/10·1 = 3.5 of a weight of 4: 0.88.
    expect(page.text).toContain('<td>0.88</td>')

    const second = await manager.get(`${list(mine)}/${mine.applications[1]!.id}`)
    expect(second.text).toContain('<h1>Ada Obi</h1>')
    expect(second.text).toContain('No review yet.')
  })

  it('finds nothing outside the cohort in the address, and lets only the program team in', async () => {
    // Another community's application under this program's address; a malformed id; another cohort's address.
    expect((await manager.get(`${list(mine)}/${theirs.applications[0]!.id}`)).status).toBe(404)
    expect((await manager.get(`${list(mine)}/not-a-uuid`)).status).toBe(404)
    expect((await manager.get(`/admin/c/${mine.slug}/programs/ambassadors/cohorts/2024/applications/${mine.applications[0]!.id}`)).status).toBe(404)
    // The other community's own address: this manager does not run it.
    expect((await manager.get(`${list(theirs)}/${theirs.applications[0]!.id}`)).status).toBe(403)
    const applicant = await signedInClient(app, ctx().db, 'ada@example.net')
    expect((await applicant.get(`${list(mine)}/${mine.applications[1]!.id}`)).status).toBe(403)
  })
})
