import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { renderMarkdown } from '../../lib/markdown.ts'
import { comments } from './schema.ts'

/** A published comment as the public sees it: no email, the body as sanitised HTML. */
export interface PublicComment {
  id: string
  authorName: string
  html: string
  createdAt: Date
  replies: PublicComment[]
}

/** Markdown rendered without raw HTML (src/lib/markdown.ts); links from the public are marked untrusted. */
export function commentHtml(bodyMd: string): string {
  return renderMarkdown(bodyMd).replace(/<a href=/g, '<a rel="nofollow ugc noopener" href=')
}

/** The published comments of a page, oldest first, each with its published replies. */
export async function publishedComments(db: Db, kind: 'program' | 'announcement', targetId: string): Promise<PublicComment[]> {
  const rows = await db
    .select({ id: comments.id, parentId: comments.parentId, authorName: comments.authorName, bodyMd: comments.bodyMd, createdAt: comments.createdAt })
    .from(comments)
    .where(and(eq(comments.targetKind, kind), eq(comments.targetId, targetId), eq(comments.status, 'published')))
    .orderBy(asc(comments.createdAt))
  const toPublic = (r: (typeof rows)[number]): PublicComment => ({ id: r.id, authorName: r.authorName, html: commentHtml(r.bodyMd), createdAt: r.createdAt, replies: [] })
  const top = rows.filter((r) => !r.parentId).map(toPublic)
  const byId = new Map(top.map((c) => [c.id, c]))
  for (const r of rows) if (r.parentId) byId.get(r.parentId)?.replies.push(toPublic(r))
  return top
}

/** A community's comments waiting for moderation, and the latest published ones (to hide). */
export async function moderationQueue(db: Db, communityId: string) {
  return db
    .select()
    .from(comments)
    .where(and(eq(comments.communityId, communityId), inArray(comments.status, ['held', 'published'])))
    .orderBy(asc(comments.status), desc(comments.createdAt))
    .limit(200)
}
