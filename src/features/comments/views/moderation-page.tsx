import { raw } from 'hono/html'
import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { commentHtml } from '../queries.ts'
import type { comments } from '../schema.ts'
import { Notice } from '../../../ui/form-field.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'
import { stampIn } from '../../../ui/i18n-parts.tsx'

/** The moderation queue of a community: held comments first (approve or hide), then published ones (hide). */
export function ModerationPage(p: { locale: Locale; action: string; csrf: string; communityName: string; rows: (typeof comments.$inferSelect)[]; notice?: string }) {
  const l = p.locale
  return (
    <Layout meta={{ title: t(l, 'moderation.title', { community: p.communityName }), locale: l, languageSwitch: true }}>
      <h1>{t(l, 'moderation.heading', { community: p.communityName })}</h1>
      <Notice text={p.notice} />
      {p.rows.length === 0 ? <p>{t(l, 'moderation.empty')}</p> : null}
      {p.rows.map((c) => (
        <article class="card" data-testid={`moderate-${c.id}`}>
          <p>
            <strong>{t(l, c.status === 'held' ? 'moderation.held' : 'moderation.published')}</strong> · {c.authorName} &lt;{c.authorEmail}&gt; · {t(l, `moderation.kind.${c.targetKind}`)} · {stampIn(l, c.createdAt)}
            {c.parentId ? ` · ${t(l, 'moderation.reply')}` : ''}
          </p>
          <div class="comment-body">{raw(commentHtml(c.bodyMd))}</div>
          <form method="post" action={p.action}>
            <CsrfField token={p.csrf} />
            <input type="hidden" name="commentId" value={c.id} />
            {c.status === 'held' ? (
              <button type="submit" name="decision" value="approve">
                {t(l, 'moderation.approve')}
              </button>
            ) : null}{' '}
            <button type="submit" name="decision" value="hide">
              {t(l, 'moderation.hide')}
            </button>
          </form>
        </article>
      ))}
    </Layout>
  )
}
