import { and, eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { t, type Locale } from '../../ui/i18n.ts'
import { findOrCreatePerson } from '../accounts/find-or-create-person.ts'
import { grantRole } from '../accounts/grant-role.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { queueEmail } from '../communications/queue-email.ts'
import type { InviteReviewerInput } from './forms.ts'
import { cohortReviewers } from './schema.ts'

/** Where the invitation goes: the cohort, its program and community. */
export interface ReviewTarget {
  communityId: string
  cohortId: string
  cohortTitle: string
  programName: string
}

/**
 * Invites a reviewer to a cohort: finds or creates the person by email, grants the community's reviewer role
 * (the existing roles model), records them as a reviewer of this cohort with their languages (updated when
 * invited again), audits, and emails the invitation once (idempotency key per cohort and person).
 */
export async function inviteReviewer(
  deps: AppDeps,
  target: ReviewTarget,
  input: InviteReviewerInput,
  inviter: { personId: string; displayName: string },
  locale: Locale = 'en',
): Promise<{ personId: string; created: boolean }> {
  const result = await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db
    const { personId } = await findOrCreatePerson(db, { provider: 'email', subject: input.email, email: input.email, name: input.name || undefined })
    await grantRole(db, personId, 'reviewer', target.communityId, inviter.personId)
    const [row] = await db
      .insert(cohortReviewers)
      .values({ cohortId: target.cohortId, personId, languages: input.languages, invitedBy: inviter.personId, invitedAt: deps.clock() })
      .onConflictDoNothing()
      .returning({ id: cohortReviewers.id })
    if (!row) {
      await db.update(cohortReviewers).set({ languages: input.languages }).where(and(eq(cohortReviewers.cohortId, target.cohortId), eq(cohortReviewers.personId, personId)))
    }
    await recordAudit(db, { actor: inviter.personId, action: row ? 'reviewer.invite' : 'reviewer.update', entity: 'cohort', entityId: target.cohortId, after: { personId, languages: input.languages } })
    return { personId, created: Boolean(row) }
  })
  if (result.created) {
    const vars = { name: input.name || input.email, inviter: inviter.displayName, cohort: target.cohortTitle, program: target.programName, link: `${deps.config.baseUrl}/reviews` }
    await queueEmail(deps, {
      idempotencyKey: `review-invite:${target.cohortId}:${result.personId}`,
      to: input.email,
      subject: t(locale, 'mail.reviewInvite.subject', vars),
      text: t(locale, 'mail.reviewInvite.body', vars),
    })
  }
  return result
}
