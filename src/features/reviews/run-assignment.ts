import { and, eq, isNull, sql } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { applications } from '../applications/schema.ts'
import { people } from '../people/schema.ts'
import { assignReviewers, type AssignmentShortfall } from './assign-reviewers.ts'
import { loadReviewPhase } from './cohort-scores.ts'
import { pairKey } from './conflicts.ts'
import { findConflicts } from './find-conflict.ts'
import { DEFAULT_REVIEWS_PER_APPLICATION } from './phase.ts'
import { cohortReviewers, reviewAssignments, reviews } from './schema.ts'

/** What an assignment run did (or, with dryRun, would do). */
export interface AssignmentRun {
  k: number
  applications: number
  reviewers: { personId: string; displayName: string; load: number }[]
  added: { applicationId: string; reviewerId: string }[]
  /** Active assignments found conflicted (a conflict declared or detected since): removed. */
  conflictedRemoved: { applicationId: string; reviewerId: string }[]
  shortfalls: (AssignmentShortfall & { applicant: string })[]
  dryRun: boolean
}

/**
 * Runs automatic assignment for a cohort's submitted applications: keeps existing assignments, never gives
 * back one a manager removed, drops the ones now conflicted, and tops every application up to k reviewers
 * (the phase's setting unless `k` is given) with the pure assignReviewers. One transaction, audited; with
 * `dryRun` nothing is written.
 */
export async function runAssignment(deps: AppDeps, cohortId: string, options: { k?: number; dryRun?: boolean; actor: string }): Promise<AssignmentRun> {
  const db = deps.db
  const [phase, apps, reviewerRows, assignmentRows] = await Promise.all([
    loadReviewPhase(db, cohortId),
    db
      .select({ id: applications.id, language: applications.locale, applicant: people.displayName })
      .from(applications)
      .innerJoin(people, eq(people.id, applications.personId))
      .where(and(eq(applications.cohortId, cohortId), eq(applications.status, 'submitted')))
      .orderBy(applications.submittedAt, applications.id),
    db
      .select({ personId: cohortReviewers.personId, languages: cohortReviewers.languages, displayName: people.displayName })
      .from(cohortReviewers)
      .innerJoin(people, eq(people.id, cohortReviewers.personId))
      .where(eq(cohortReviewers.cohortId, cohortId))
      .orderBy(people.searchKey, people.id),
    db
      .select({ applicationId: reviewAssignments.applicationId, reviewerId: reviewAssignments.reviewerPersonId, removedAt: reviewAssignments.removedAt })
      .from(reviewAssignments)
      .where(eq(reviewAssignments.cohortId, cohortId)),
  ])
  const k = options.k ?? phase?.reviewsPerApplication ?? DEFAULT_REVIEWS_PER_APPLICATION
  const conflicts = await findConflicts(db, cohortId, reviewerRows.map((r) => r.personId))
  const blocked = new Set<string>(conflicts.keys())
  for (const a of assignmentRows) if (a.removedAt) blocked.add(pairKey(a.reviewerId, a.applicationId))
  const active = assignmentRows.filter((a) => !a.removedAt)
  const conflictedRemoved = active.filter((a) => conflicts.has(pairKey(a.reviewerId, a.applicationId))).map(({ applicationId, reviewerId }) => ({ applicationId, reviewerId }))
  const plan = assignReviewers({
    applications: apps,
    reviewers: reviewerRows.map((r) => ({ id: r.personId, languages: r.languages })),
    k,
    blocked,
    existing: active.filter((a) => !conflicts.has(pairKey(a.reviewerId, a.applicationId))),
  })
  const applicant = new Map(apps.map((a) => [a.id, a.applicant]))
  const run: AssignmentRun = {
    k,
    applications: apps.length,
    reviewers: reviewerRows.map((r) => ({ personId: r.personId, displayName: r.displayName, load: plan.load.get(r.personId) ?? 0 })),
    added: plan.added,
    conflictedRemoved,
    shortfalls: plan.shortfalls.map((s) => ({ ...s, applicant: applicant.get(s.applicationId) ?? '' })),
    dryRun: options.dryRun === true,
  }
  if (run.dryRun || (plan.added.length === 0 && conflictedRemoved.length === 0)) return run

  const now = deps.clock()
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db
    for (const c of conflictedRemoved) {
      await t.update(reviewAssignments).set({ removedAt: now }).where(and(eq(reviewAssignments.applicationId, c.applicationId), eq(reviewAssignments.reviewerPersonId, c.reviewerId), isNull(reviewAssignments.removedAt)))
      await t.delete(reviews).where(and(eq(reviews.applicationId, c.applicationId), eq(reviews.reviewerPersonId, c.reviewerId)))
    }
    if (plan.added.length) {
      // One JSON parameter instead of 15,000 × 4 placeholders; a concurrent run's same pair is skipped.
      const rows = JSON.stringify(plan.added.map((a) => ({ a: a.applicationId, r: a.reviewerId })))
      await t.execute(sql`
        insert into ${reviewAssignments} (cohort_id, application_id, reviewer_person_id, source, created_at)
        select ${cohortId}::uuid, x.a, x.r, 'auto', ${now.toISOString()}::timestamptz from jsonb_to_recordset(${rows}::jsonb) as x(a uuid, r uuid)
        on conflict do nothing`)
    }
    await recordAudit(t, {
      actor: options.actor,
      action: 'review_assignment.run',
      entity: 'cohort',
      entityId: cohortId,
      after: { k, added: plan.added.length, conflictedRemoved, shortfalls: plan.shortfalls.length },
    })
  })
  return run
}

