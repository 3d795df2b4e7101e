import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import type { AppEnv } from '../../ui/env.ts'
import { requireRole, requireViewer, sessionMiddleware } from '../accounts/middleware.ts'
import { confirmSuggestion, countSuggestions, rejectSuggestion, reopenSuggestion, suggestionDetails, unlinkIdentity, type Decision } from './decide-merges.ts'
import { suggestMerges } from './suggest-merges.ts'
import { isMessageKey, t } from '../../ui/i18n.ts'
import { MergeSuggestionsPage, UNLINK, type MergeSuggestionsProps } from './views/merge-suggestions.tsx'

/**
 * Suggested merges of contributor identities (deployment admins only): the open ones with both sides, to
 * confirm (linking both to a person) or reject; the latest decisions, a rejection to take back, an identity
 * to unlink. Refusals are shown next to the form they came from (422), and change nothing.
 */
export function identityRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.use('/admin/identities', sessionMiddleware(deps))
  app.use('/admin/identities/*', sessionMiddleware(deps))
  app.use('/admin/identities*', async (c, next) => {
    const { redirect } = requireViewer(c)
    if (redirect) return redirect
    requireRole(c, 'admin')
    await next()
  })

  async function render(c: Context<AppEnv>, extra: Pick<MergeSuggestionsProps, 'notice' | 'problem'> = {}, status: 200 | 422 = 200) {
    const [open, decided] = await Promise.all([suggestionDetails(deps.db, 'open'), suggestionDetails(deps.db, 'decided', 25)])
    return c.html(<MergeSuggestionsPage locale={c.get('locale')} csrf={c.get('csrfToken')} open={open} decided={decided.suggestions} {...extra} />, status)
  }

  /** A decision's message in the viewer's language (its English text when it has no catalogue key). */
  const said = (c: Context<AppEnv>, decision: Decision) => (decision.say && isMessageKey(decision.say.key) ? t(c.get('locale'), decision.say.key, decision.say.vars) : decision.ok ? decision.message : decision.problem)
  const after = (c: Context<AppEnv>, id: string, decision: Decision, handle = '') =>
    decision.ok ? render(c, { notice: said(c, decision) }) : render(c, { problem: { id, message: said(c, decision), handle } }, 422)

  app.get('/admin/identities', (c) => render(c))

  app.post('/admin/identities/suggest', async (c) => {
    const before = await countSuggestions(deps.db, 'open')
    const open = (await suggestMerges(deps.db)).length
    const added = open - before
    const locale = c.get('locale')
    return render(c, { notice: added > 0 ? t(locale, added === 1 ? 'identities.added.one' : 'identities.added.other', { count: added }) : t(locale, 'identities.noneNew') })
  })

  app.post('/admin/identities/suggestions/:id/confirm', async (c) => {
    const viewer = c.get('viewer')!
    const id = c.req.param('id')
    const body = await c.req.parseBody()
    const handle = typeof body.person === 'string' ? body.person : ''
    return after(c, id, await confirmSuggestion(deps.db, id, handle, viewer.personId, `@${viewer.handle}`), handle)
  })

  app.post('/admin/identities/suggestions/:id/reject', async (c) => {
    const viewer = c.get('viewer')!
    const id = c.req.param('id')
    return after(c, id, await rejectSuggestion(deps.db, id, viewer.personId, `@${viewer.handle}`))
  })

  app.post('/admin/identities/unlink', async (c) => {
    const body = await c.req.parseBody()
    const key = typeof body.key === 'string' ? body.key : ''
    return after(c, UNLINK, await unlinkIdentity(deps.db, key, c.get('viewer')!.personId), key)
  })

  app.post('/admin/identities/suggestions/:id/reopen', async (c) => {
    const id = c.req.param('id')
    return after(c, id, await reopenSuggestion(deps.db, id, c.get('viewer')!.personId))
  })

  return app
}
