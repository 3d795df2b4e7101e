import { and, eq } from 'drizzle-orm'
import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { refusal } from '../../../tests/support/refusal.ts'
import { AppError } from '../../lib/errors.ts'
import { auditLog } from '../audit/schema.ts'
import { cohortScores } from './cohort-scores.ts'
import { declareConflict } from './declare-conflict.ts'
import { addAssignment, removeAssignment } from './change-assignment.ts'
import { makeReviewCohort, REVIEW_OPEN } from './review-fixtures.ts'
import { reviewPhases, reviews } from './schema.ts'
import { runAssignment } from './run-assignment.ts'
import { saveReview } from './save-review.ts'

const good = { 'track-record': 4, location: 3, impact: 7 }

/** The AppError a promise rejects with (fails the test when it resolves). */
describeDb('saveReview and assignment', (ctx) => {
  let fx: Awaited<ReturnType<typeof makeReviewCohort>>
  const reviewCount = async () => (await ctx().db.select().from(reviews).where(eq(reviews.cohortId, fx.cohortId))).length

  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(REVIEW_OPEN)
    fx = await makeReviewCohort(deps.db, {
      applicants: [
        { name: 'Ana Applicant', email: 'ana@qingcloud.example' },
        { name: 'Bo Applicant', email: 'bo@gmail.com' },
        { name: 'Cy Applicant', email: 'cy@163.com', locale: 'zh-CN' },
      ],
      reviewers: [
        { name: 'Rita Reviewer', email: 'rita@qingcloud.example' },
        { name: 'Sam Reviewer', email: 'sam@gmail.com' },
        { name: 'Tao Reviewer', email: 'tao@qq.com', languages: ['zh-CN', 'en'] },
      ],
    })
  })

  it('assigns two reviewers per application, never Rita to her colleague Ana', async () => {
    const run = await runAssignment(ctx(), fx.cohortId, { actor: 'test' })
    expect(run.k).toBe(2)
    expect(run.shortfalls).toEqual([])
    expect(run.added).toHaveLength(6)
    const [ana] = fx.applications
    const [rita] = fx.reviewers
    expect(run.added.filter((a) => a.applicationId === ana!.id).map((a) => a.reviewerId).sort()).not.toContain(rita!.id)
    // Running again adds nothing: every application has its two.
    expect((await runAssignment(ctx(), fx.cohortId, { actor: 'test' })).added).toEqual([])
  })

  it('saves a review, then updates it, with audit entries', async () => {
    const [, bo] = fx.applications
    const [, sam] = fx.reviewers
    await addAssignment(ctx(), { cohortId: fx.cohortId, applicationId: bo!.id, reviewerPersonId: sam!.id, actor: 'test' })
    const first = await saveReview(ctx(), { reviewer: sam!.id, application: bo!.id, scores: good, privateComment: 'Strong.', feedbackToApplicant: 'Thanks!' })
    expect(first.created).toBe(true)
    const second = await saveReview(ctx(), { reviewer: sam!.id, application: bo!.id, scores: { ...good, impact: 9 }, privateComment: 'Stronger.', feedbackToApplicant: '' })
    expect(second).toEqual({ id: first.id, created: false })
    const [row] = await ctx().db.select().from(reviews).where(eq(reviews.id, first.id))
    expect(row!.scores).toEqual({ ...good, impact: 9 })
    const audits = await ctx().db.select().from(auditLog).where(and(eq(auditLog.entityId, bo!.id), eq(auditLog.actor, sam!.id)))
    expect(audits.map((a) => a.action).sort()).toEqual(['review.create', 'review.update'])
  })

  it('refuses scores outside the scale, unknown criteria and missing scores, writing nothing', async () => {
    const [, , cy] = fx.applications
    const [, , tao] = fx.reviewers
    await addAssignment(ctx(), { cohortId: fx.cohortId, applicationId: cy!.id, reviewerPersonId: tao!.id, actor: 'test' })
    const before = await reviewCount()
    const out = await refusal(saveReview(ctx(), { reviewer: tao!.id, application: cy!.id, scores: { ...good, impact: 11 }, privateComment: '', feedbackToApplicant: '' }))
    expect(out.code).toBe('validation')
    expect(out.fields).toEqual({ 'score.impact': '“Potential impact” takes a whole number from 0 to 10.' })
    const unknown = await refusal(saveReview(ctx(), { reviewer: tao!.id, application: cy!.id, scores: { ...good, charisma: 3 }, privateComment: '', feedbackToApplicant: '' }))
    expect(unknown.fields).toEqual({ 'score.charisma': 'There is no criterion “charisma” in this program’s rubric.' })
    const missing = await refusal(saveReview(ctx(), { reviewer: tao!.id, application: cy!.id, scores: { location: 2.5 }, privateComment: '', feedbackToApplicant: '', locale: 'zh-CN' }))
    expect(Object.keys(missing.fields).sort()).toEqual(['score.impact', 'score.location', 'score.track-record'])
    expect(missing.fields['score.location']).toBe('“Geographical location”的评分须为 1 至 5 之间的整数。')
    expect(await reviewCount()).toBe(before)
  })

  it('refuses a reviewer with a detected conflict (same company domain) even when assigned by hand', async () => {
    const [ana] = fx.applications
    const [rita] = fx.reviewers
    const manual = await refusal(addAssignment(ctx(), { cohortId: fx.cohortId, applicationId: ana!.id, reviewerPersonId: rita!.id, actor: 'test' }))
    expect(manual.code).toBe('conflict')
    const out = await refusal(saveReview(ctx(), { reviewer: rita!.id, application: ana!.id, scores: good, privateComment: '', feedbackToApplicant: '' }))
    expect(out.code).toBe('forbidden')
    expect(out.message).toBe('You have a conflict of interest with this application (same company email domain), so you may not review it.')
  })

  it('refuses after a declared conflict, which also takes the application off the list and discards the review', async () => {
    const [, bo] = fx.applications
    const [, sam] = fx.reviewers
    await declareConflict(ctx(), { reviewer: sam!.id, application: bo!.id, reason: 'close_collaborator', note: 'We maintain a SIG together.' })
    const out = await refusal(saveReview(ctx(), { reviewer: sam!.id, application: bo!.id, scores: good, privateComment: '', feedbackToApplicant: '' }))
    expect(out.message).toBe('You have a conflict of interest with this application (declared: Close collaborator), so you may not review it.')
    expect(await ctx().db.select().from(reviews).where(and(eq(reviews.applicationId, bo!.id), eq(reviews.reviewerPersonId, sam!.id)))).toEqual([])
    // The next run gives Bo another reviewer instead of Sam.
    const run = await runAssignment(ctx(), fx.cohortId, { actor: 'test' })
    expect(run.added.filter((a) => a.applicationId === bo!.id).map((a) => a.reviewerId)).not.toContain(sam!.id)
  })

  it('refuses an application not assigned to the reviewer, and a manual removal sticks', async () => {
    const [, , cy] = fx.applications
    const [, , tao] = fx.reviewers
    await removeAssignment(ctx(), { cohortId: fx.cohortId, applicationId: cy!.id, reviewerPersonId: tao!.id, actor: 'test', reason: 'workload' })
    const out = await refusal(saveReview(ctx(), { reviewer: tao!.id, application: cy!.id, scores: good, privateComment: '', feedbackToApplicant: '' }))
    expect(out.code).toBe('not_found')
    expect(out.message).toBe('This application is not assigned to you.')
  })

  it('refuses reviews outside the phase and score changes when the phase forbids them', async () => {
    const deps = ctx()
    const [ana] = fx.applications
    const [, sam] = fx.reviewers
    await addAssignment(deps, { cohortId: fx.cohortId, applicationId: ana!.id, reviewerPersonId: sam!.id, actor: 'test' })
    await saveReview(deps, { reviewer: sam!.id, application: ana!.id, scores: good, privateComment: '', feedbackToApplicant: '' })
    await deps.db.update(reviewPhases).set({ scoresChangeable: false }).where(eq(reviewPhases.cohortId, fx.cohortId))
    const locked = await refusal(saveReview(deps, { reviewer: sam!.id, application: ana!.id, scores: { ...good, location: 1 }, privateComment: '', feedbackToApplicant: '' }))
    expect(locked.code).toBe('conflict')
    expect(locked.message).toBe('Scores cannot be changed in this review phase once saved.')
    // The comments may still change when the scores stay.
    await saveReview(deps, { reviewer: sam!.id, application: ana!.id, scores: good, privateComment: 'Second thoughts, same scores.', feedbackToApplicant: '' })
    deps.setNow(new Date('2025-04-21T00:00:00Z'))
    try {
      const late = await refusal(saveReview(deps, { reviewer: sam!.id, application: ana!.id, scores: good, privateComment: '', feedbackToApplicant: '' }))
      expect(late.code).toBe('conflict')
      expect(late.message).toBe('Reviews are not open: The review phase closed on 21 Apr 2025, 00:00 UTC.')
    } finally {
      deps.setNow(REVIEW_OPEN)
    }
  })

  it('aggregates the cohort for selection', async () => {
    const scores = await cohortScores(ctx().db, fx.cohortId)
    expect(scores).toHaveLength(3)
    const ana = scores.find((s) => s.applicationId === fx.applications[0]!.id)!
    // (2·0.75 + 0.5 + 0.7) / 4
    expect(ana.score).toBeCloseTo(0.675)
    expect(ana.reviewCount).toBe(1)
    expect(ana.expectedReviews).toBeGreaterThanOrEqual(2)
    expect(ana.flags).toContain('missing_reviews')
  })
})
