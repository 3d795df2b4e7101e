import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { applications } from '../applications/schema.ts'
import { people } from '../people/schema.ts'
import { t, type Locale, type MessageKey } from '../../ui/i18n.ts'
import { detectConflicts, pairKey } from './conflicts.ts'
import { reviewConflicts, type ConflictReason } from './schema.ts'

/** A conflict between a reviewer and an application: declared by the reviewer, or detected. */
export type Conflict = { kind: 'declared'; reason: ConflictReason } | { kind: 'same_person' | 'same_email_domain' }

/** The conflict as the reviewer reads it. */
export function describeConflict(conflict: Conflict, locale: Locale = 'en'): string {
  if (conflict.kind === 'declared') return t(locale, 'review.conflictKind.declared', { reason: t(locale, `review.conflict.${conflict.reason}` as MessageKey) })
  return t(locale, `review.conflictKind.${conflict.kind}` as MessageKey)
}

/**
 * Every conflict among the given reviewers and a cohort's applications, by pairKey: declared ones, plus
 * detected ones (same person, same company email domain). Three queries whatever the sizes.
 */
export async function findConflicts(db: Db, cohortId: string, reviewerIds: readonly string[], applicationIds?: readonly string[]): Promise<Map<string, Conflict>> {
  const conflicts = new Map<string, Conflict>()
  if (reviewerIds.length === 0) return conflicts
  const [declared, reviewerRows, applicantRows] = await Promise.all([
    db
      .select({ applicationId: reviewConflicts.applicationId, reviewerId: reviewConflicts.reviewerPersonId, reason: reviewConflicts.reason })
      .from(reviewConflicts)
      .innerJoin(applications, eq(applications.id, reviewConflicts.applicationId))
      .where(and(eq(applications.cohortId, cohortId), inArray(reviewConflicts.reviewerPersonId, [...reviewerIds]))),
    db.select({ personId: people.id, email: people.email }).from(people).where(inArray(people.id, [...reviewerIds])),
    db
      .select({ applicationId: applications.id, personId: applications.personId, email: people.email })
      .from(applications)
      .innerJoin(people, eq(people.id, applications.personId))
      .where(applicationIds ? and(eq(applications.cohortId, cohortId), inArray(applications.id, [...applicationIds])) : eq(applications.cohortId, cohortId)),
  ])
  for (const [key, kind] of detectConflicts(reviewerRows, applicantRows)) conflicts.set(key, { kind })
  for (const d of declared) conflicts.set(pairKey(d.reviewerId, d.applicationId), { kind: 'declared', reason: d.reason })
  return conflicts
}
