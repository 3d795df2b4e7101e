import { and, eq, isNull } from 'drizzle-orm'
import { z } from 'zod'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../lib/errors.ts'
import { t, type Locale } from '../../ui/i18n.ts'
import { allowAttempt } from '../accounts/rate-limit.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { approvedCommenters, comments } from './schema.ts'
import { emailField } from '../../lib/email-address.ts'
import { hasBidiControl } from '../../lib/text.ts'

/** Comments per client IP and per address in ten minutes. */
export const COMMENT_LIMITS = { perIp: 5, perAddress: 3, windowSeconds: 600 }

const commentForm = z.object({
  // Shown on public pages: no line breaks or angle brackets, and no bidirectional controls that reorder it.
  name: z.string().trim().min(1).max(100).refine((s) => !/[\r\n<>]/.test(s) && !hasBidiControl(s)),
  email: emailField,
  body: z.string().trim().min(1).max(5000),
  parentId: z.union([z.uuid(), z.literal('')]),
})

/** What was commented on. */
export interface CommentTarget {
  communityId: string
  kind: 'program' | 'announcement'
  id: string
}

/**
 * Posts a comment: validated (messages in the visitor's language), rate limited, dropped silently when the
 * honeypot is filled; held for moderation unless a moderator approved the address before. A reply attaches
 * to a published top-level comment of the same page (one level deep).
 */
export async function postComment(deps: AppDeps, input: { target: CommentTarget; fields: Record<string, string>; ip: string; locale: Locale }): Promise<{ status: 'held' | 'published' | 'dropped' }> {
  const f = input.fields
  if ((f.website ?? '').trim() !== '') return { status: 'dropped' }
  const parsed = commentForm.safeParse({ name: f.name ?? '', email: (f.email ?? '').trim().toLowerCase(), body: f.body ?? '', parentId: f.parentId ?? '' })
  if (!parsed.success) {
    const keys = { name: 'comments.nameInvalid', email: 'comments.emailInvalid', body: 'comments.bodyInvalid', parentId: 'comments.bodyInvalid' } as const
    const errors: Record<string, string> = {}
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]) as keyof typeof keys
      errors[field] ??= t(input.locale, keys[field])
    }
    throw new AppError('validation', t(input.locale, 'comments.fixErrors'), errors)
  }
  const { name, email, body, parentId } = parsed.data
  const now = deps.clock()
  const { perIp, perAddress, windowSeconds } = COMMENT_LIMITS
  if (!(await allowAttempt(deps.db, `comment:ip:${input.ip}`, perIp, windowSeconds, now)) || !(await allowAttempt(deps.db, `comment:email:${email}`, perAddress, windowSeconds, now))) {
    throw new AppError('rate_limited', t(input.locale, 'comments.rateLimited'))
  }
  const { target } = input
  return deps.db.transaction(async (tx) => {
    if (parentId) {
      const [parent] = await tx
        .select({ id: comments.id })
        .from(comments)
        .where(and(eq(comments.id, parentId), eq(comments.targetKind, target.kind), eq(comments.targetId, target.id), eq(comments.status, 'published'), isNull(comments.parentId)))
      if (!parent) throw new AppError('validation', t(input.locale, 'comments.fixErrors'), { body: t(input.locale, 'comments.noParent') })
    }
    const [approved] = await tx.select({ email: approvedCommenters.email }).from(approvedCommenters).where(and(eq(approvedCommenters.communityId, target.communityId), eq(approvedCommenters.email, email)))
    const status = approved ? ('published' as const) : ('held' as const)
    const [row] = await tx
      .insert(comments)
      .values({ communityId: target.communityId, targetKind: target.kind, targetId: target.id, parentId: parentId || null, authorName: name, authorEmail: email, bodyMd: body, status, createdAt: now })
      .returning({ id: comments.id })
    await recordAudit(tx, { actor: `commenter:${email}`, action: 'comment.post', entity: 'comment', entityId: row!.id, after: { status, target: `${target.kind}:${target.id}` } })
    return { status }
  })
}
