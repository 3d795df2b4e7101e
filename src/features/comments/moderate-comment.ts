import { and, eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { approvedCommenters, comments } from './schema.ts'

/** A moderator's decision on a comment. */
export type Moderation = 'approve' | 'hide'

/**
 * Approves a comment (published, and its address approved for the community: later comments publish at once)
 * or hides it (kept, not shown). Only comments of the moderator's community; audited.
 */
export async function moderateComment(deps: AppDeps, input: { communityId: string; commentId: string; decision: Moderation; actor: string }): Promise<void> {
  const now = deps.clock()
  await deps.db.transaction(async (tx) => {
    const where = and(eq(comments.id, input.commentId), eq(comments.communityId, input.communityId))
    const [comment] = await tx.select({ status: comments.status, email: comments.authorEmail }).from(comments).where(where)
    if (!comment) throw new AppError('not_found', 'There is no such comment.', {}, { key: 'moderation.error.noComment' })
    const status = input.decision === 'approve' ? 'published' : 'hidden'
    await tx.update(comments).set({ status, moderatedBy: input.actor, moderatedAt: now }).where(where)
    if (input.decision === 'approve') {
      await tx.insert(approvedCommenters).values({ communityId: input.communityId, email: comment.email, approvedBy: input.actor, approvedAt: now }).onConflictDoNothing()
    }
    await recordAudit(tx, { actor: input.actor, action: `comment.${input.decision}`, entity: 'comment', entityId: input.commentId, before: { status: comment.status }, after: { status } })
  })
}
