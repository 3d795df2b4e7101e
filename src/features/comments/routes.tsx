import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import type { AppEnv } from '../../ui/env.ts'
import { AppError } from '../../lib/errors.ts'
import { fieldsNamed, readStringFields as form, refuseUnstorableText } from '../../ui/read-form.ts'
import { requireViewer, sessionMiddleware } from '../accounts/middleware.ts'
import { clientIp } from '../accounts/routes.tsx'
import { hasRole } from '../accounts/sessions.ts'
import { findCommunity } from '../programs/queries.ts'
import { findCommentTarget } from './find-target.ts'
import { moderateComment } from './moderate-comment.ts'
import { postComment } from './post-comment.ts'
import { moderationQueue, publishedComments } from './queries.ts'
import { CommentsPage } from './views/comments-page.tsx'
import { t } from '../../ui/i18n.ts'
import { ModerationPage } from './views/moderation-page.tsx'

/** Public comments on program pages and published announcements, and the community's moderation queue. */
export function commentRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const paths = ['/c/:community/programs/:program/comments', '/c/:community/programs/:program/news/:cohort/comments']
  for (const path of paths) app.use(path, sessionMiddleware(deps))

  /** The program or announcement of the URL, or 404 (an unpublished announcement takes no comments). */
  const targetOf = async (c: Context<AppEnv>) => {
    const target = await findCommentTarget(deps.db, c.req.param('community')!, c.req.param('program')!, c.req.param('cohort'))
    if (!target) throw new AppError('not_found', 'There is no such page to comment on.')
    return target
  }

  const page = async (c: Context<AppEnv>, over: { values?: Record<string, string>; errors?: Record<string, string>; notice?: 'held' | 'published' } = {}, status: 200 | 422 = 200) => {
    const target = await targetOf(c)
    const list = await publishedComments(deps.db, target.kind, target.id)
    const values = over.values ?? { parentId: c.req.query('reply') ?? '' }
    const posted = c.req.query('posted')
    const notice = over.notice ?? (posted === 'held' || posted === 'published' ? posted : undefined)
    return c.html(
      <CommentsPage locale={c.get('locale')} csrf={c.get('csrfToken')} action={`${target.pageUrl}/comments`} community={target.community} title={target.title} backLink={target.pageUrl} comments={list} values={values} errors={over.errors ?? {}} notice={notice} />,
      status,
    )
  }
  for (const path of paths) {
    app.get(path, (c) => page(c))
    app.post(path, async (c) => {
      const target = await targetOf(c)
      const fields = await form(c)
      try {
        refuseUnstorableText(fieldsNamed(fields, ['name', 'email', 'body']), c.get('locale'))
        const { status } = await postComment(deps, { target: { communityId: target.community.id, kind: target.kind, id: target.id }, fields, ip: clientIp(c), locale: c.get('locale') })
        // Post/redirect/get: reloading the page never posts twice. A dropped (honeypot) comment looks held to the bot.
        return c.redirect(`${target.pageUrl}/comments?posted=${status === 'published' ? 'published' : 'held'}`, 303)
      } catch (err) {
        if (err instanceof AppError && err.code === 'validation') return page(c, { values: fields, errors: err.fields }, 422)
        throw err
      }
    })
  }

  const moderation = '/admin/c/:community/comments'
  app.use(moderation, sessionMiddleware(deps))
  const moderationPage = async (c: Context<AppEnv>, notice?: string) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    const community = await findCommunity(deps.db, c.req.param('community')!)
    if (!community) throw new AppError('not_found', 'There is no such community.', {}, { key: 'moderation.error.noCommunity' })
    if (!hasRole(viewer, 'program_manager', community.id)) throw new AppError('forbidden', 'You do not moderate this community.', {}, { key: 'moderation.error.notModerator' })
    if (c.req.method === 'POST') {
      const f = await form(c)
      const decision = f.decision === 'approve' || f.decision === 'hide' ? f.decision : undefined
      if (!decision || !/^[0-9a-f-]{36}$/.test(f.commentId ?? '')) throw new AppError('bad_request', 'Choose a comment and a decision.', {}, { key: 'moderation.error.choose' })
      await moderateComment(deps, { communityId: community.id, commentId: f.commentId!, decision, actor: viewer.personId })
      notice = t(c.get('locale'), decision === 'approve' ? 'moderation.approved' : 'moderation.hidden')
    }
    const rows = await moderationQueue(deps.db, community.id)
    return c.html(<ModerationPage locale={c.get('locale')} action={`/admin/c/${community.slug}/comments`} csrf={c.get('csrfToken')} communityName={community.name} rows={rows} notice={notice} />)
  }
  app.get(moderation, (c) => moderationPage(c))
  app.post(moderation, (c) => moderationPage(c))
  return app
}
