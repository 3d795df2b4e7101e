import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { analyzeTables } from '../../db/analyze.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { applications } from '../applications/schema.ts'
import { people } from '../people/schema.ts'
import { assignReviewers, type AssignmentShortfall, type CapacityCheck } from './assign-reviewers.ts'
import { loadReviewPhase } from './cohort-scores.ts'
import { pairKey } from './conflicts.ts'
import { findConflicts } from './find-conflict.ts'
import { DEFAULT_REVIEWS_PER_APPLICATION } from './phase.ts'
import { cohortReviewers, reviewAssignments, reviews } from './schema.ts'

/** A run adding at least this many assignments refreshes the table's planner statistics. */
const ANALYZE_AFTER_ROWS = 500

/** What an assignment run did (or, with dryRun, would do). */
export interface AssignmentRun {
  k: number
  applications: number
  /** Every reviewer's load after the run, and their capacity (null: unlimited). */
  reviewers: { personId: string; displayName: string; load: number; capacity: number | null }[]
  added: { applicationId: string; reviewerId: string }[]
  /** Active assignments found conflicted (a conflict declared or detected since): removed. */
  conflictedRemoved: { applicationId: string; reviewerId: string }[]
  shortfalls: (AssignmentShortfall & { applicant: string })[]
  /** Reviews wanted before the run against the reviewers' capacity left (available null: unlimited). */
  capacity: CapacityCheck
  /** Reviews that could not be assigned because the eligible reviewers were at capacity. */
  shortByCapacity: number
  dryRun: boolean
}

/**
 * Runs automatic assignment for a cohort's submitted applications: keeps existing assignments, never gives
 * back one a manager removed, drops the ones now conflicted, and tops every application up to k reviewers
 * (the phase's setting unless `k` is given) with the pure assignReviewers, never past a reviewer's capacity
 * (applications left short are listed, with how many reviews capacity cost). One transaction of set-based
 * statements whatever the size, audited, then ANALYZE of the assignments; with `dryRun` nothing is written.
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
      .select({ personId: cohortReviewers.personId, languages: cohortReviewers.languages, capacity: cohortReviewers.maxAssignments, displayName: people.displayName })
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
    reviewers: reviewerRows.map((r) => ({ id: r.personId, languages: r.languages, capacity: r.capacity })),
    k,
    blocked,
    existing: active.filter((a) => !conflicts.has(pairKey(a.reviewerId, a.applicationId))),
  })
  const applicant = new Map(apps.map((a) => [a.id, a.applicant]))
  const run: AssignmentRun = {
    k,
    applications: apps.length,
    reviewers: reviewerRows.map((r) => ({ personId: r.personId, displayName: r.displayName, load: plan.load.get(r.personId) ?? 0, capacity: r.capacity })),
    added: plan.added,
    conflictedRemoved,
    shortfalls: plan.shortfalls.map((s) => ({ ...s, applicant: applicant.get(s.applicationId) ?? '' })),
    capacity: plan.capacity,
    shortByCapacity: plan.shortfalls.reduce((n, s) => n + Math.min(s.wanted - s.assigned, s.atCapacity), 0),
    dryRun: options.dryRun === true,
  }
  if (run.dryRun || (plan.added.length === 0 && conflictedRemoved.length === 0)) return run

  const now = deps.clock()
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db
    if (conflictedRemoved.length) {
      // Set-based, like the insert: one statement each however many pairs turned conflicted.
      const pairs = JSON.stringify(conflictedRemoved.map((c) => ({ a: c.applicationId, r: c.reviewerId })))
      await t.execute(sql`
        update ${reviewAssignments} ra set removed_at = ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${pairs}::jsonb) as x(a uuid, r uuid)
        where ra.application_id = x.a and ra.reviewer_person_id = x.r and ra.removed_at is null`)
      await t.execute(sql`
        delete from ${reviews} rv using jsonb_to_recordset(${pairs}::jsonb) as x(a uuid, r uuid)
        where rv.application_id = x.a and rv.reviewer_person_id = x.r`)
    }
    if (plan.added.length) {
      // One JSON parameter instead of 15,000 × 4 placeholders; a concurrent run's same pair is skipped. The ids
      // come from here: gen_random_uuid() per row costs PGlite a call out of WebAssembly for each of them.
      const rows = JSON.stringify(plan.added.map((a) => ({ i: randomUUID(), a: a.applicationId, r: a.reviewerId })))
      await t.execute(sql`
        insert into ${reviewAssignments} (id, cohort_id, application_id, reviewer_person_id, source, created_at)
        select x.i, ${cohortId}::uuid, x.a, x.r, 'auto', ${now.toISOString()}::timestamptz from jsonb_to_recordset(${rows}::jsonb) as x(i uuid, a uuid, r uuid)
        on conflict do nothing`)
    }
    await recordAudit(t, {
      actor: options.actor,
      action: 'review_assignment.run',
      entity: 'cohort',
      entityId: cohortId,
      after: { k, added: plan.added.length, conflictedRemoved, shortfalls: plan.shortfalls.length, shortByCapacity: run.shortByCapacity },
    })
  })
  // Selection's score query plans the assignments right after this; PGlite would otherwise plan it blind.
  if (plan.added.length >= ANALYZE_AFTER_ROWS) await analyzeTables(db, [reviewAssignments])
  return run
}

