import { eq } from 'drizzle-orm'
import { applications, evidenceItems } from '../applications/schema.ts'
import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import type { FormClient } from '../../../tests/support/http.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { outboxMessages } from '../communications/schema.ts'
import { people } from '../people/schema.ts'
import { addAssignment } from './change-assignment.ts'
import { makeReviewCohort, REVIEW_OPEN } from './review-fixtures.ts'
import { reviewPhases, reviews } from './schema.ts'
import { saveReview } from './save-review.ts'

describeDb('review pages and API', (ctx) => {
  let app: ReturnType<typeof createApp>
  let one: Awaited<ReturnType<typeof makeReviewCohort>>
  let three: Awaited<ReturnType<typeof makeReviewCohort>>
  let manager: FormClient
  const managerEmail = 'review-manager@example.org'

  const adminBase = (fx: typeof one) => `/admin/c/${fx.slug}/programs/ambassadors/cohorts/2025/reviews`

  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(REVIEW_OPEN)
    app = createApp(deps)
    const make = (n: number, tag: string) =>
      makeReviewCohort(deps.db, {
        applicants: Array.from({ length: n }, (_, i) => ({ name: `Applicant ${tag}${i}`, email: `applicant-${tag}${i}@example.net` })),
        reviewers: Array.from({ length: n }, (_, i) => ({ name: `Reviewer ${tag}${i}`, email: `reviewer-${tag}${i}@example.com` })),
      })
    one = await make(1, 'a')
    three = await make(3, 'b')
    manager = await signedInClient(app, deps.db, managerEmail)
    const [person] = await deps.db.select().from(people).where(eq(people.email, managerEmail))
    for (const fx of [one, three]) await grantRole(deps.db, person!.id, 'program_manager', fx.communityId, 'test')
  })

  it('is for the program managers of the community only', async () => {
    const stranger = await signedInClient(app, ctx().db, 'not-a-manager@example.org')
    expect((await stranger.get(adminBase(one))).status).toBe(403)
  })

  it('the managers’ reviewer list issues the same number of queries for 1 row and for 3 rows', async () => {
    const count = async (path: string) => {
      const before = ctx().database.queryCount
      const res = await manager.get(path)
      expect(res.status).toBe(200)
      return ctx().database.queryCount - before
    }
    expect(await count(adminBase(three))).toBe(await count(adminBase(one)))
  })

  it('manager saves the phase (422 on a phase that closes before it opens), invites a reviewer and assigns', async () => {
    await manager.get(adminBase(three))
    const bad = await manager.post(`${adminBase(three)}/phase`, { opensAt: '2025-04-10T00:00Z', closesAt: '2025-04-01T00:00Z', reviewsPerApplication: '2' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('The phase must close after it opens.')
    const ok = await manager.post(`${adminBase(three)}/phase`, { opensAt: '2025-04-01T00:00Z', closesAt: '2025-04-21T00:00Z', reviewsPerApplication: '2', scoresChangeable: 'on' })
    expect(ok.status).toBe(303)
    const invited = await manager.post(`${adminBase(three)}/reviewers`, { email: 'New.Reviewer@example.org', name: 'Nia Reviewer', languages: 'en, zh-CN' })
    expect(invited.status).toBe(303)
    const [mail] = await ctx().db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'new.reviewer@example.org'))
    expect(mail!.subject).toBe('You are invited to review applications for Ambassadors 2025')
    const run = await manager.post(`${adminBase(three)}/assign`, {})
    expect(run.status).toBe(200)
    expect(run.text).toContain('Added 6 assignments (2 per application, 3 applications)')
    const page = await manager.get(adminBase(three))
    expect(page.text).toContain('Nia Reviewer')
    expect(page.text).toContain('en, zh-CN')
  })

  it('a reviewer sees their dashboard, the blind form, is refused off the scale (422), then saves', async () => {
    const [app0] = one.applications
    const [rev0] = one.reviewers
    await addAssignment(ctx(), { cohortId: one.cohortId, applicationId: app0!.id, reviewerPersonId: rev0!.id, actor: 'test' })
    // What the applicant wrote for a free-form requirement, and why they ask for an exception, reach the reviewer
    // (with the applicant's name blanked in blind review).
    await ctx().db.update(applications).set({ freeForm: { 'k8s-knowledge': 'Applicant a0 has run Kubernetes clusters since 2019.' }, exceptionReason: 'Fewer talks than asked, but a meetup every month.' }).where(eq(applications.id, app0!.id))
    const reviewer = await signedInClient(app, ctx().db, 'reviewer-a0@example.com')
    const dash = await reviewer.get('/reviews')
    expect(dash.text).toContain('0 of 1 reviewed')
    expect(dash.text).not.toContain('Applicant a0')
    const form = await reviewer.get(`/reviews/${app0!.id}`)
    expect(form.status).toBe(200)
    expect(form.text).not.toContain('Applicant a0')
    expect(form.text).toContain('I am […] and I want to help.')
    expect(form.text).toContain('<h2>Written for the requirements</h2>')
    expect(form.text).toContain('<dt>k8s-knowledge</dt><dd class="prose">[…] has run Kubernetes clusters since 2019.</dd>')
    expect(form.text).toContain('Fewer talks than asked, but a meetup every month.')
    const bad = await reviewer.post(`/reviews/${app0!.id}`, { 'score.track-record': '9', 'score.location': '3', 'score.impact': '5', privateComment: 'ok' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('“Community participation track record” takes a whole number from 1 to 5.')
    expect(await ctx().db.select().from(reviews).where(eq(reviews.applicationId, app0!.id))).toEqual([])
    const good = await reviewer.post(`/reviews/${app0!.id}`, { 'score.track-record': '4', 'score.location': '3', 'score.impact': '5', privateComment: 'ok' })
    expect(good.status).toBe(303)
    expect((await reviewer.get('/reviews')).text).toContain('1 of 1 reviewed')
    // Another reviewer's application is not found for this reviewer.
    expect((await reviewer.get(`/reviews/${three.applications[0]!.id}`)).status).toBe(404)
  })

  it('the JSON API saves through the same path and answers problems', async () => {
    const [app0] = one.applications
    const reviewer = await signedInClient(app, ctx().db, 'reviewer-a0@example.com')
    const me = await app.request('/api/v1/me', { headers: { cookie: (reviewer as unknown as { cookieHeader(): string }).cookieHeader() } })
    const csrf = me.headers.get('x-csrf-token')!
    const put = (scores: Record<string, number>) =>
      app.request(`/api/v1/applications/${app0!.id}/review`, {
        method: 'PUT',
        headers: { cookie: (reviewer as unknown as { cookieHeader(): string }).cookieHeader(), 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ scores, privateComment: 'via API' }),
      })
    const bad = await put({ 'track-record': 4, location: 3, impact: 11 })
    expect(bad.status).toBe(422)
    const problem = (await bad.json()) as { errors: Record<string, string> }
    expect(problem.errors).toEqual({ 'score.impact': '“Potential impact” takes a whole number from 0 to 10.' })
    const ok = await put({ 'track-record': 5, location: 3, impact: 9 })
    expect(ok.status).toBe(200)
    const [row] = await ctx().db.select().from(reviews).where(eq(reviews.applicationId, app0!.id))
    expect(row!.privateComment).toBe('via API')
    const list = await app.request('/api/v1/reviews', { headers: { cookie: (reviewer as unknown as { cookieHeader(): string }).cookieHeader() } })
    expect(((await list.json()) as { cohorts: { applications: { reviewed: boolean }[] }[] }).cohorts[0]!.applications[0]!.reviewed).toBe(true)
    expect((await app.request('/api/v1/reviews')).status).toBe(401)
  })

  it('shows names and other reviews only when the phase allows them', async () => {
    const deps = ctx()
    const [target] = three.applications
    const [b0, b1] = three.reviewers
    for (const r of [b0!, b1!]) await addAssignment(deps, { cohortId: three.cohortId, applicationId: target!.id, reviewerPersonId: r.id, actor: 'test' })
    await saveReview(deps, { reviewer: b1!.id, application: target!.id, scores: { 'track-record': 2, location: 2, impact: 2 }, privateComment: 'Thin evidence.', feedbackToApplicant: '' })
    const reviewer = await signedInClient(app, deps.db, 'reviewer-b0@example.com')
    const blind = await reviewer.get(`/reviews/${target!.id}`)
    expect(blind.text).not.toContain('Applicant b0')
    expect(blind.text).not.toContain('Thin evidence.')
    await deps.db.update(reviewPhases).set({ canSeeApplicantNames: true, canSeeOtherReviews: true }).where(eq(reviewPhases.cohortId, three.cohortId))
    const open = await reviewer.get(`/reviews/${target!.id}`)
    expect(open.text).toContain('Review: Applicant b0')
    expect(open.text).toContain('Reviewer b1')
    expect(open.text).toContain('Thin evidence.')
  })

  it('words the evidence for the reviewer: its type, an imported count from its figures, dates in the page’s language', async () => {
    const deps = ctx()
    const [, , target] = three.applications
    const [b2] = three.reviewers.slice(2)
    await addAssignment(deps, { cohortId: three.cohortId, applicationId: target!.id, reviewerPersonId: b2!.id, actor: 'test' })
    await deps.db.insert(evidenceItems).values([
      { applicationId: target!.id, type: 'talk', title: 'KubeCon talk', occurredOn: '2024-11-13', source: 'self' },
      {
        applicationId: target!.id,
        type: 'code_contribution',
        title: '7 contributions to kubesphere/console (imported, 2024-04-01 – 2025-03-31)',
        count: 7,
        occurredOn: '2025-03-31',
        source: 'import',
        counted: { repository: 'kubesphere/console', firstDay: '2024-04-01', lastDay: '2025-03-31' },
      },
    ])
    const reviewer = await signedInClient(app, deps.db, 'reviewer-b2@example.com')
    const en = await reviewer.get(`/reviews/${target!.id}?lang=en`)
    expect(en.text).toContain('Talk: KubeCon talk (November 13, 2024)')
    expect(en.text).toContain('7 contributions to kubesphere/console (imported, April 1, 2024 – March 31, 2025)')
    expect(en.text).not.toContain('code_contribution')
    const zh = await reviewer.get(`/reviews/${target!.id}?lang=zh-CN`)
    expect(zh.text).toContain('向 kubesphere/console 贡献 7 次（已导入，2024年4月1日 – 2025年3月31日）')
  })
})
