import { raw } from 'hono/html'
import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'
import type { PublicComment } from '../queries.ts'
import { Notice, TextField } from '../../../ui/form-field.tsx'

/** What the comments page shows (never an email address). */
export interface CommentsPageProps {
  locale: Locale
  csrf: string
  action: string
  community: { slug: string; name: string }
  title: string
  backLink: string
  comments: PublicComment[]
  values: Record<string, string>
  errors: Record<string, string>
  notice?: 'held' | 'published'
}

const day = (d: Date) => d.toISOString().slice(0, 10)

function CommentBody(p: { c: PublicComment }) {
  return (
    <>
      <p class="muted">
        <strong>{p.c.authorName}</strong> · <time datetime={p.c.createdAt.toISOString()}>{day(p.c.createdAt)}</time>
      </p>
      {/* Sanitised Markdown: markdown-it with raw HTML off (src/lib/markdown.ts). */}
      <div class="comment-body">{raw(p.c.html)}</div>
    </>
  )
}

function Field(p: { name: string; label: string; props: CommentsPageProps; multiline?: boolean; type?: string }) {
  return <TextField name={p.name} label={p.label} value={p.props.values[p.name]} error={p.props.errors[p.name]} multiline={p.multiline} rows={6} type={p.type} starred />
}

/** The published comments of a page with their replies, and the form to leave one (held until approved). */
export function CommentsPage(p: CommentsPageProps) {
  const { locale } = p
  const replyTo = p.comments.find((c) => c.id === p.values.parentId)
  return (
    <Layout meta={{ title: t(locale, 'comments.pageTitle', { title: p.title }), locale, languageSwitch: true, community: p.community }}>
      <p>
        <a href={p.backLink}>{p.title}</a>
      </p>
      <h1>{t(locale, 'comments.title')}</h1>
      <Notice text={p.notice && t(locale, p.notice === 'held' ? 'comments.held' : 'comments.published')} />
      {p.comments.length === 0 ? <p>{t(locale, 'comments.none')}</p> : null}
      <ol class="comments">
        {p.comments.map((c) => (
          <li id={`comment-${c.id}`}>
            <article class="card">
              <CommentBody c={c} />
              <p>
                <a href={`${p.action}?reply=${c.id}#leave`}>{t(locale, 'comments.reply')}</a>
              </p>
              {c.replies.length ? (
                <ol class="replies">
                  {c.replies.map((r) => (
                    <li id={`comment-${r.id}`}>
                      <article class="card">
                        <CommentBody c={r} />
                      </article>
                    </li>
                  ))}
                </ol>
              ) : null}
            </article>
          </li>
        ))}
      </ol>
      <h2 id="leave">{replyTo ? t(locale, 'comments.replyTo', { name: replyTo.authorName }) : t(locale, 'comments.leave')}</h2>
      <p class="muted">{t(locale, 'comments.required')}</p>
      <form method="post" action={p.action} class="form">
        <CsrfField token={p.csrf} />
        {Object.keys(p.errors).length ? (
          <div class="error-box" role="alert">
            <p>{t(locale, 'comments.fixErrors')}</p>
          </div>
        ) : null}
        {replyTo ? <input type="hidden" name="parentId" value={replyTo.id} /> : null}
        <Field name="name" label={t(locale, 'comments.name')} props={p} />
        <Field name="email" label={t(locale, 'comments.email')} props={p} type="email" />
        <Field name="body" label={t(locale, 'comments.body')} props={p} multiline />
        <div class="visually-hidden" aria-hidden="true">
          <label for="website">{t(locale, 'contact.website')}</label>
          <input id="website" name="website" type="text" tabindex={-1} autocomplete="off" value="" />
        </div>
        <button type="submit">{t(locale, 'comments.post')}</button>
      </form>
    </Layout>
  )
}
