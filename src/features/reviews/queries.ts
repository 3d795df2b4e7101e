import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { applications, evidenceItems } from '../applications/schema.ts'
import { people } from '../people/schema.ts'
import { applicationQuestions, cohortPhases, cohorts, communities, programs, requirements } from '../programs/schema.ts'
import { cohortCriteria, loadReviewPhase } from './cohort-scores.ts'
import { pairKey } from './conflicts.ts'
import { findConflicts } from './find-conflict.ts'
import { effectivePhase } from './phase.ts'
import { cohortReviewers, reviewAssignments, reviewConflicts, reviewPhases, reviews } from './schema.ts'

/**
 * The reviewer's dashboard: every active assignment of theirs, with the cohort, whether they reviewed it,
 * and the applicant's name (shown only when the cohort's phase allows). Three queries whatever the count.
 */
export async function reviewerDashboard(db: Db, personId: string) {
  const rows = await db
    .select({
      applicationId: reviewAssignments.applicationId,
      cohortId: reviewAssignments.cohortId,
      cohortTitle: cohorts.title,
      programName: programs.name,
      applicant: people.displayName,
      reviewed: sql<boolean>`exists (select 1 from ${reviews} r where r.application_id = ${reviewAssignments.applicationId} and r.reviewer_person_id = ${personId})`,
    })
    .from(reviewAssignments)
    .innerJoin(applications, eq(applications.id, reviewAssignments.applicationId))
    .innerJoin(people, eq(people.id, applications.personId))
    .innerJoin(cohorts, eq(cohorts.id, reviewAssignments.cohortId))
    .innerJoin(programs, eq(programs.id, cohorts.programId))
    .where(and(eq(reviewAssignments.reviewerPersonId, personId), isNull(reviewAssignments.removedAt), eq(applications.status, 'submitted')))
    .orderBy(asc(cohorts.title), asc(applications.submittedAt), asc(applications.id))
  const cohortIds = [...new Set(rows.map((r) => r.cohortId))]
  const [stored, calendar] = cohortIds.length
    ? await Promise.all([
        db.select().from(reviewPhases).where(inArray(reviewPhases.cohortId, cohortIds)),
        db.select({ cohortId: cohortPhases.cohortId, startsAt: cohortPhases.startsAt, endsAt: cohortPhases.endsAt }).from(cohortPhases).where(and(inArray(cohortPhases.cohortId, cohortIds), eq(cohortPhases.kind, 'review'))),
      ])
    : [[], []]
  return cohortIds.map((cohortId) => {
    const mine = rows.filter((r) => r.cohortId === cohortId)
    const phase = effectivePhase(stored.find((p) => p.cohortId === cohortId), calendar.find((p) => p.cohortId === cohortId))
    return {
      cohortId,
      cohortTitle: mine[0]!.cohortTitle,
      programName: mine[0]!.programName,
      phase,
      applications: mine.map((r, i) => ({ applicationId: r.applicationId, reviewed: Boolean(r.reviewed), label: phase?.canSeeApplicantNames ? r.applicant : `#${i + 1}` })),
    }
  })
}

/** Everything the review form needs about one application, for one reviewer. */
export async function reviewContext(db: Db, applicationId: string, reviewerId: string) {
  const [found] = await db
    .select({ application: applications, person: people, cohort: cohorts, program: programs, community: communities })
    .from(applications)
    .innerJoin(people, eq(people.id, applications.personId))
    .innerJoin(cohorts, eq(cohorts.id, applications.cohortId))
    .innerJoin(programs, eq(programs.id, cohorts.programId))
    .innerJoin(communities, eq(communities.id, programs.communityId))
    .where(and(eq(applications.id, applicationId), eq(applications.status, 'submitted')))
  if (!found) return undefined
  const cohortId = found.cohort.id
  const [phase, criteria, questions, requirementTitles, evidence, reviewRows, [assignment], conflicts] = await Promise.all([
    loadReviewPhase(db, cohortId),
    cohortCriteria(db, cohortId),
    db.select().from(applicationQuestions).where(eq(applicationQuestions.programId, found.program.id)).orderBy(asc(applicationQuestions.position)),
    db.select({ key: requirements.key, title: requirements.title }).from(requirements).where(eq(requirements.programId, found.program.id)).orderBy(asc(requirements.position)),
    db.select().from(evidenceItems).where(eq(evidenceItems.applicationId, applicationId)).orderBy(asc(evidenceItems.position)),
    db
      .select({ reviewerId: reviews.reviewerPersonId, reviewer: people.displayName, scores: reviews.scores, privateComment: reviews.privateComment, feedbackToApplicant: reviews.feedbackToApplicant })
      .from(reviews)
      .innerJoin(people, eq(people.id, reviews.reviewerPersonId))
      .where(eq(reviews.applicationId, applicationId)),
    db.select({ id: reviewAssignments.id }).from(reviewAssignments).where(and(eq(reviewAssignments.applicationId, applicationId), eq(reviewAssignments.reviewerPersonId, reviewerId), isNull(reviewAssignments.removedAt))),
    findConflicts(db, cohortId, [reviewerId], [applicationId]),
  ])
  return {
    ...found,
    phase,
    criteria,
    questions,
    requirementTitles,
    evidence,
    mine: reviewRows.find((r) => r.reviewerId === reviewerId),
    others: reviewRows.filter((r) => r.reviewerId !== reviewerId),
    assigned: Boolean(assignment),
    conflict: conflicts.get(pairKey(reviewerId, applicationId)),
  }
}

/**
 * The managers' overview of a cohort's review: reviewers with their languages, progress and declared
 * conflicts, and every submitted application with its active reviewers. A fixed number of queries.
 */
export async function cohortReviewOverview(db: Db, cohortId: string) {
  const [reviewerRows, conflictRows, assignmentRows, appRows] = await Promise.all([
    db
      .select({
        personId: cohortReviewers.personId,
        displayName: people.displayName,
        email: people.email,
        languages: cohortReviewers.languages,
        capacity: cohortReviewers.maxAssignments,
        assigned: sql<number>`(select count(*)::int from ${reviewAssignments} ra join ${applications} a on a.id = ra.application_id where ra.cohort_id = ${cohortId} and ra.reviewer_person_id = ${cohortReviewers.personId} and ra.removed_at is null and a.status = 'submitted')`,
        reviewed: sql<number>`(select count(*)::int from ${reviews} r join ${reviewAssignments} ra on ra.application_id = r.application_id and ra.reviewer_person_id = r.reviewer_person_id and ra.removed_at is null join ${applications} a on a.id = r.application_id where r.cohort_id = ${cohortId} and r.reviewer_person_id = ${cohortReviewers.personId} and a.status = 'submitted')`,
      })
      .from(cohortReviewers)
      .innerJoin(people, eq(people.id, cohortReviewers.personId))
      .where(eq(cohortReviewers.cohortId, cohortId))
      .orderBy(asc(people.searchKey), asc(people.id)),
    db
      .select({ reviewerId: reviewConflicts.reviewerPersonId, applicationId: reviewConflicts.applicationId, reason: reviewConflicts.reason, note: reviewConflicts.note, applicant: people.displayName })
      .from(reviewConflicts)
      .innerJoin(applications, eq(applications.id, reviewConflicts.applicationId))
      .innerJoin(people, eq(people.id, applications.personId))
      .where(eq(applications.cohortId, cohortId)),
    db
      .select({ applicationId: reviewAssignments.applicationId, reviewerId: reviewAssignments.reviewerPersonId, source: reviewAssignments.source })
      .from(reviewAssignments)
      .where(and(eq(reviewAssignments.cohortId, cohortId), isNull(reviewAssignments.removedAt))),
    db
      .select({ applicationId: applications.id, applicant: people.displayName, locale: applications.locale })
      .from(applications)
      .innerJoin(people, eq(people.id, applications.personId))
      .where(and(eq(applications.cohortId, cohortId), eq(applications.status, 'submitted')))
      .orderBy(asc(people.searchKey), asc(applications.id)),
  ])
  return {
    reviewers: reviewerRows.map((r) => ({ ...r, assigned: Number(r.assigned), reviewed: Number(r.reviewed), conflicts: conflictRows.filter((c) => c.reviewerId === r.personId) })),
    applications: appRows.map((a) => ({ ...a, reviewerIds: assignmentRows.filter((x) => x.applicationId === a.applicationId).map((x) => x.reviewerId) })),
  }
}
