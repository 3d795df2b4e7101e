import { and, eq } from 'drizzle-orm'
import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import type { FormClient } from '../../../tests/support/http.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { auditLog } from '../audit/schema.ts'
import { people } from '../people/schema.ts'
import { addAssignment } from './change-assignment.ts'
import { makeReviewCohort, REVIEW_OPEN } from './review-fixtures.ts'
import { runAssignment } from './run-assignment.ts'
import { cohortReviewers, reviewAssignments, reviewConflicts } from './schema.ts'

describeDb('reviewer capacity', (ctx) => {
  let app: ReturnType<typeof createApp>
  let fx: Awaited<ReturnType<typeof makeReviewCohort>>
  let manager: FormClient
  const managerEmail = 'capacity-manager@example.org'
  const base = () => `/admin/c/${fx.slug}/programs/ambassadors/cohorts/2025/reviews`
  const api = () => `/api/v1/communities/${fx.slug}/programs/ambassadors/cohorts/2025`
  const capacityOf = async (personId: string) =>
    (await ctx().db.select({ c: cohortReviewers.maxAssignments }).from(cohortReviewers).where(and(eq(cohortReviewers.cohortId, fx.cohortId), eq(cohortReviewers.personId, personId))))[0]!.c
  const active = async (personId: string) => (await ctx().db.select().from(reviewAssignments).where(and(eq(reviewAssignments.reviewerPersonId, personId), eq(reviewAssignments.cohortId, fx.cohortId)))).filter((a) => !a.removedAt)

  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(REVIEW_OPEN)
    app = createApp(deps)
    fx = await makeReviewCohort(deps.db, {
      applicants: Array.from({ length: 4 }, (_, i) => ({ name: `Applicant c${i}`, email: `applicant-c${i}@example.net` })),
      reviewers: Array.from({ length: 2 }, (_, i) => ({ name: `Reviewer c${i}`, email: `reviewer-c${i}@example.com` })),
      phase: { reviewsPerApplication: 1 },
    })
    manager = await signedInClient(app, deps.db, managerEmail)
    const [person] = await deps.db.select().from(people).where(eq(people.email, managerEmail))
    await grantRole(deps.db, person!.id, 'program_manager', fx.communityId, 'test')
  })

  it('the manager sets a capacity on the reviewers page; bad values are refused with nothing written', async () => {
    const [r0] = fx.reviewers
    await manager.get(base())
    for (const bad of ['-1', '2.5', 'lots', '100001']) {
      const res = await manager.post(`${base()}/reviewers/capacity`, { reviewerId: r0!.id, maxAssignments: bad })
      expect(res.status).toBe(422)
      expect(res.text).toContain('Give a whole number from 0 to 100,000, or leave it empty for no limit.')
    }
    expect(await capacityOf(r0!.id)).toBeNull()
    const ok = await manager.post(`${base()}/reviewers/capacity`, { reviewerId: r0!.id, maxAssignments: '1' })
    expect(ok.status).toBe(303)
    expect(await capacityOf(r0!.id)).toBe(1)
    expect((await manager.get(`${base()}?saved=capacity`)).text).toContain('Capacity saved.')
    const notReviewer = await manager.post(`${base()}/reviewers/capacity`, { reviewerId: fx.applications[0]!.personId, maxAssignments: '3' })
    expect(notReviewer.status).toBe(404)
    // A reviewer id that is no UUID names nobody: 404 with that message, not one about the number; nothing changes.
    for (const reviewerId of ['nope', '', '12345678-1234-1234-1234-123456789012x']) {
      const bogus = await manager.post(`${base()}/reviewers/capacity`, { reviewerId, maxAssignments: '3' })
      expect(bogus.status).toBe(404)
      expect(bogus.text).toContain('This person is not a reviewer of this cohort; invite them first.')
      expect(bogus.text).not.toContain('Give a whole number')
    }
    // A bad number is told next to that reviewer's field, the value kept.
    const badRow = await manager.post(`${base()}/reviewers/capacity`, { reviewerId: r0!.id, maxAssignments: 'lots' })
    expect(badRow.text).toContain(`<p class="field-error" id="capacity-${r0!.id}-error">Give a whole number from 0 to 100,000, or leave it empty for no limit.</p>`)
    expect(badRow.text).toMatch(new RegExp(`value="lots"[^>]*aria-invalid="true" aria-describedby="capacity-${r0!.id}-error"`))
    expect(await capacityOf(r0!.id)).toBe(1)
  })

  it('automatic assignment stops at the capacities and says what it could not cover', async () => {
    const [r0, r1] = fx.reviewers
    await ctx().db.update(cohortReviewers).set({ maxAssignments: 1 }).where(eq(cohortReviewers.cohortId, fx.cohortId))
    await manager.get(base())
    const res = await manager.post(`${base()}/assign`, {})
    expect(res.status).toBe(200)
    expect(res.text).toContain('Reviewers’ capacity is too small: 2 reviews could not be assigned')
    expect(res.text).toContain('0 of 1 reviewers (2 eligible, 2 of them at capacity)')
    expect((await active(r0!.id)).length).toBe(1)
    expect((await active(r1!.id)).length).toBe(1)
    // The API reports the same numbers.
    const me = await app.request('/api/v1/me', { headers: { cookie: (manager as unknown as { cookieHeader(): string }).cookieHeader() } })
    const headers = { cookie: (manager as unknown as { cookieHeader(): string }).cookieHeader(), 'content-type': 'application/json', 'x-csrf-token': me.headers.get('x-csrf-token')! }
    const run = await app.request(`${api()}/assignments`, { method: 'POST', headers, body: JSON.stringify({ dryRun: true }) })
    expect(run.status).toBe(200)
    expect(await run.json()).toMatchObject({ added: 0, shortByCapacity: 2, capacity: { needed: 2, available: 0 } })

    // Raised through the API (bad values refused), the next run covers everything.
    const put = (person: string, body: unknown) => app.request(`${api()}/reviewers/${person}/capacity`, { method: 'PUT', headers, body: JSON.stringify(body) })
    expect((await put(r1!.id, { maxAssignments: 1.5 })).status).toBe(422)
    expect((await put(r1!.id, { maxAssignments: -2 })).status).toBe(422)
    expect((await put(fx.applications[0]!.personId, { maxAssignments: 3 })).status).toBe(404)
    expect(await (await put(r1!.id, { maxAssignments: null })).json()).toEqual({ maxAssignments: null })
    expect(await capacityOf(r1!.id)).toBeNull()
    const after = await runAssignment(ctx(), fx.cohortId, { actor: 'test' })
    expect(after.shortfalls).toEqual([])
    expect(after.shortByCapacity).toBe(0)
    expect((await active(r1!.id)).length).toBe(3)
  })

  it('a manual assignment beyond capacity needs the confirmation, and the audit log records it', async () => {
    const [r0] = fx.reviewers
    const mine = new Set((await active(r0!.id)).map((a) => a.applicationId))
    const target = fx.applications.find((a) => !mine.has(a.id))!
    await manager.get(base())
    const refused = await manager.post(`${base()}/assignments`, { applicationId: target.id, reviewerId: r0!.id, action: 'add', reason: 'knows the region' })
    expect(refused.status).toBe(409)
    expect(refused.text).toContain('Reviewer c0 already has 1 assignments and a capacity of 1')
    expect((await active(r0!.id)).length).toBe(1)
    await expect(addAssignment(ctx(), { cohortId: fx.cohortId, applicationId: target.id, reviewerPersonId: r0!.id, actor: 'test' })).rejects.toThrow('capacity of 1')
    const ok = await manager.post(`${base()}/assignments`, { applicationId: target.id, reviewerId: r0!.id, action: 'add', reason: 'knows the region', beyondCapacity: 'on' })
    expect(ok.status).toBe(303)
    expect((await active(r0!.id)).length).toBe(2)
    const [entry] = await ctx().db.select().from(auditLog).where(and(eq(auditLog.action, 'review_assignment.add'), eq(auditLog.entityId, target.id)))
    expect(entry!.after).toMatchObject({ reviewer: r0!.id, beyondCapacity: { count: 1, max: 1 } })
    // Automatic runs never add to a reviewer already over capacity.
    const run = await runAssignment(ctx(), fx.cohortId, { k: 2, dryRun: true, actor: 'test' })
    expect(run.added.filter((a) => a.reviewerId === r0!.id)).toEqual([])
  })

  it('a run removes, in one statement each, the assignments (and reviews) that became conflicted', async () => {
    const [r0] = fx.reviewers
    const [pair] = await active(r0!.id)
    await ctx().db.insert(reviewConflicts).values({ applicationId: pair!.applicationId, reviewerPersonId: r0!.id, reason: 'close_collaborator' })
    const run = await runAssignment(ctx(), fx.cohortId, { actor: 'test' })
    expect(run.conflictedRemoved).toEqual([{ applicationId: pair!.applicationId, reviewerId: r0!.id }])
    expect((await active(r0!.id)).map((a) => a.applicationId)).not.toContain(pair!.applicationId)
    // Kept as removed, so no later run gives it back.
    const again = await runAssignment(ctx(), fx.cohortId, { dryRun: true, actor: 'test' })
    expect(again.added.filter((a) => a.reviewerId === r0!.id && a.applicationId === pair!.applicationId)).toEqual([])
  })
})
