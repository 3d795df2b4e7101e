import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { AppError } from '../../../lib/errors.ts'
import { isUuid } from '../../../lib/ids.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { feedbackForm, issueKeys, type RawForm } from '../forms.ts'
import { canReportForGroup, type ProgramStanding } from '../policy.ts'
import { feedbackItems, feedbackVotes } from '../schema.ts'
import { bumpFeedbackVersion } from './version.ts'

/** A liaison records a point raised in their user group. */
export async function submitFeedback(db: Db, options: { programId: string; standing: ProgramStanding; form: RawForm }): Promise<{ id: string }> {
  const { standing } = options
  const parsed = feedbackForm.safeParse(options.form)
  if (!parsed.success) throw new AppError('validation', 'Please check the feedback.', issueKeys(parsed.error))
  const input = parsed.data
  if (!canReportForGroup(standing, input.groupId)) throw new AppError('validation', 'You are not a liaison of that user group.', { groupId: 'community.field.notLiaison' })
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db
    const [row] = await t.insert(feedbackItems).values({ programId: options.programId, groupId: input.groupId, authorId: standing.personId, text: input.text, productArea: input.productArea, kind: input.kind }).returning({ id: feedbackItems.id })
    await bumpFeedbackVersion(t, options.programId)
    await recordAudit(t, { actor: standing.personId, action: 'feedback.submit', entity: 'feedback', entityId: row!.id, after: input })
    return row!
  })
}

/** A liaison of another group says their group raised the same point (one vote per group; idempotent). */
export async function voteFeedback(db: Db, options: { programId: string; standing: ProgramStanding; feedbackId: string; groupId: string }): Promise<void> {
  const { standing } = options
  if (!isUuid(options.feedbackId)) throw new AppError('not_found', 'There is no such feedback item.')
  if (!isUuid(options.groupId) || !canReportForGroup(standing, options.groupId)) throw new AppError('validation', 'You are not a liaison of that user group.', { groupId: 'community.field.notLiaison' })
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db
    const [item] = await t.select({ id: feedbackItems.id, groupId: feedbackItems.groupId, mergedIntoId: feedbackItems.mergedIntoId }).from(feedbackItems).where(and(eq(feedbackItems.id, options.feedbackId), eq(feedbackItems.programId, options.programId)))
    if (!item) throw new AppError('not_found', 'There is no such feedback item.')
    const target = item.mergedIntoId ?? item.id
    if (item.groupId === options.groupId) throw new AppError('validation', 'Your group raised this point itself.', { groupId: 'community.field.ownGroup' })
    const inserted = await t.insert(feedbackVotes).values({ feedbackId: target, groupId: options.groupId, personId: standing.personId }).onConflictDoNothing().returning({ id: feedbackVotes.feedbackId })
    if (!inserted.length) return
    await t.update(feedbackItems).set({ voteCount: sql`${feedbackItems.voteCount} + 1` }).where(eq(feedbackItems.id, target))
    await bumpFeedbackVersion(t, options.programId)
    await recordAudit(t, { actor: standing.personId, action: 'feedback.vote', entity: 'feedback', entityId: target, after: { groupId: options.groupId } })
  })
}

/**
 * A manager merges duplicates into one item: the duplicates point at it, their votes move to it, and the
 * groups that raised a duplicate count as votes for it (so no group's voice is lost in the merge).
 */
export async function mergeFeedback(db: Db, options: { programId: string; standing: ProgramStanding; intoId: string; duplicateIds: string[] }): Promise<number> {
  if (!options.standing.isManager) throw new AppError('forbidden', 'Only program managers merge feedback.')
  const duplicates = [...new Set(options.duplicateIds)].filter((id) => id !== options.intoId)
  if (!isUuid(options.intoId) || duplicates.some((id) => !isUuid(id))) throw new AppError('not_found', 'There is no such feedback item.')
  if (!duplicates.length) throw new AppError('validation', 'Choose the duplicates to merge.', { duplicates: 'community.field.chooseDuplicates' })
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db
    const rows = await t
      .select({ id: feedbackItems.id, groupId: feedbackItems.groupId, mergedIntoId: feedbackItems.mergedIntoId })
      .from(feedbackItems)
      .where(and(eq(feedbackItems.programId, options.programId), inArray(feedbackItems.id, [options.intoId, ...duplicates])))
      .for('update')
    const into = rows.find((r) => r.id === options.intoId)
    if (!into || rows.length !== duplicates.length + 1) throw new AppError('not_found', 'There is no such feedback item.')
    if (into.mergedIntoId) throw new AppError('validation', 'That item was merged into another one.', { into: 'community.field.alreadyMerged' })
    // Items already merged into one of the duplicates follow them.
    await t.update(feedbackItems).set({ mergedIntoId: into.id }).where(and(inArray(feedbackItems.mergedIntoId, duplicates)))
    await t.update(feedbackItems).set({ mergedIntoId: into.id }).where(inArray(feedbackItems.id, duplicates))
    await t.execute(sql`
      insert into feedback_votes (feedback_id, group_id, person_id, created_at)
      select ${into.id}::uuid, v.group_id, v.person_id, v.created_at from feedback_votes v where v.feedback_id in (${sql.join(duplicates.map((d) => sql`${d}::uuid`), sql`, `)})
      union all
      select ${into.id}::uuid, f.group_id, f.author_id, f.created_at from feedback_items f where f.id in (${sql.join(duplicates.map((d) => sql`${d}::uuid`), sql`, `)})
      on conflict do nothing`)
    await t.delete(feedbackVotes).where(and(eq(feedbackVotes.feedbackId, into.id), eq(feedbackVotes.groupId, into.groupId)))
    await t.delete(feedbackVotes).where(inArray(feedbackVotes.feedbackId, duplicates))
    // The list's counters, recounted for the items the merge changed (duplicates have no votes or followers left).
    await t.update(feedbackItems).set({ voteCount: 0, mergedCount: 0 }).where(inArray(feedbackItems.id, duplicates))
    await t.execute(sql`
      update feedback_items set vote_count = (select count(*) from feedback_votes v where v.feedback_id = ${into.id}::uuid),
                                merged_count = (select count(*) from feedback_items d where d.merged_into_id = ${into.id}::uuid)
       where id = ${into.id}::uuid`)
    await bumpFeedbackVersion(t, options.programId)
    await recordAudit(t, { actor: options.standing.personId, action: 'feedback.merge', entity: 'feedback', entityId: into.id, after: { merged: duplicates } })
    return duplicates.length
  })
}
