import { raw } from 'hono/html'
import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { commentHtml } from '../queries.ts'
import type { comments } from '../schema.ts'
import { Notice } from '../../../ui/form-field.tsx'

/** The moderation queue of a community: held comments first (approve or hide), then published ones (hide). */
export function ModerationPage(p: { action: string; csrf: string; communityName: string; rows: (typeof comments.$inferSelect)[]; notice?: string }) {
  return (
    <Layout meta={{ title: `Comments to moderate · ${p.communityName}` }}>
      <h1>Comments · {p.communityName}</h1>
      <Notice text={p.notice} />
      {p.rows.length === 0 ? <p>No comment to moderate.</p> : null}
      {p.rows.map((c) => (
        <article class="card" data-testid={`moderate-${c.id}`}>
          <p>
            <strong>{c.status === 'held' ? 'Held' : 'Published'}</strong> · {c.authorName} &lt;{c.authorEmail}&gt; · {c.targetKind} · {c.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC
            {c.parentId ? ' · reply' : ''}
          </p>
          <div class="comment-body">{raw(commentHtml(c.bodyMd))}</div>
          <form method="post" action={p.action}>
            <CsrfField token={p.csrf} />
            <input type="hidden" name="commentId" value={c.id} />
            {c.status === 'held' ? (
              <button type="submit" name="decision" value="approve">
                Approve
              </button>
            ) : null}{' '}
            <button type="submit" name="decision" value="hide">
              Hide
            </button>
          </form>
        </article>
      ))}
    </Layout>
  )
}
