import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppDeps } from '../../deps.ts'
import type { AppEnv } from '../../ui/env.ts'
import { AppError } from '../../lib/errors.ts'
import { safeEqual } from '../../lib/secrets.ts'
import { t } from '../../ui/i18n.ts'
import { fieldsNamed, readStringFields as form, refuseUnstorableText } from '../../ui/read-form.ts'
import { requireViewer, sessionMiddleware } from '../accounts/middleware.ts'
import { clientIp } from '../accounts/routes.tsx'
import { hasRole } from '../accounts/sessions.ts'
import { problemErrorHandler, problemResponse } from '../api/problems.ts'
import { findProgram } from '../programs/queries.ts'
import { parseInboundMime, MAX_INBOUND_BYTES } from './parse-inbound-mime.ts'
import { getInboxMessage, inboxAssignees, listInbox, folders } from './queries.ts'
import { receiveInboxMessage } from './receive-message.ts'
import { refileInboxMessage } from './refile-message.ts'
import { replyToInboxMessage } from './reply-to-message.ts'
import { inboxSettingsForm, saveInboxSettings } from './save-inbox-settings.ts'
import { inboundWebhookToken, programInboxSettings } from './settings.ts'
import { submitContactForm } from './submit-contact-form.ts'
import type { TriageLabel } from './triage.ts'
import { updateInboxMessage } from './update-message.ts'
import { ContactPage } from './views/contact-page.tsx'
import { InboxListPage, InboxMessagePage, InboxSettingsPage } from './views/inbox-pages.tsx'

async function programOf(deps: AppDeps, c: Context) {
  const found = await findProgram(deps.db, c.req.param('community')!, c.req.param('program')!)
  if (!found) throw new AppError('not_found', 'There is no such program.', {}, { key: 'error.noProgram' })
  return found
}

/** The public contact form, the inbound-mail webhook, and the managers' shared inbox. */
export function inboxRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  const contact = '/c/:community/programs/:program/contact'
  app.use(contact, sessionMiddleware(deps))
  const contactPage = async (c: Context<AppEnv>, over: { values?: Record<string, string>; errors?: Record<string, string>; sent?: boolean } = {}, status: 200 | 422 = 200) => {
    const found = await programOf(deps, c)
    const settings = await programInboxSettings(deps.db, found.program.id)
    const locale = c.get('locale')
    return c.html(
      <ContactPage locale={locale} csrf={c.get('csrfToken')} action={c.req.path} community={found.community} programName={found.program.name} policy={settings.policyText === '' ? t(locale, 'contact.policy') : `${t(locale, 'contact.policy')} ${settings.policyText}`} values={over.values ?? {}} errors={over.errors ?? {}} sent={over.sent} />,
      status,
    )
  }
  app.get(contact, (c) => contactPage(c))
  app.post(contact, async (c) => {
    const found = await programOf(deps, c)
    const fields = await form(c)
    try {
      refuseUnstorableText(fieldsNamed(fields, ['name', 'email', 'subject', 'message']), c.get('locale'))
      await submitContactForm(deps, { programId: found.program.id, fields, ip: clientIp(c), locale: c.get('locale') })
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation') return contactPage(c, { values: fields, errors: err.fields }, 422)
      throw err
    }
    return contactPage(c, { sent: true })
  })

  // Inbound mail: a mail server or provider POSTs the raw message. Errors are RFC 9457 problems.
  const inbound = new Hono()
  inbound.onError(problemErrorHandler(deps))
  inbound.post(
    '/api/inbound/:community/:program',
    bodyLimit({ maxSize: MAX_INBOUND_BYTES, onError: (c) => problemResponse(c, deps, 'payload-too-large', `Messages are limited to ${MAX_INBOUND_BYTES / 1024 / 1024} MB.`) }),
    async (c) => {
      const found = await programOf(deps, c)
      const sent = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? ''
      if (!safeEqual(sent, inboundWebhookToken(deps.secretKey, found.program.id))) {
        return problemResponse(c, deps, 'unauthorized', 'Send the program’s inbound token as Authorization: Bearer …', { headers: { 'WWW-Authenticate': 'Bearer realm="Embassy inbound mail"' } })
      }
      const mail = await parseInboundMime(await c.req.text())
      const result = await receiveInboxMessage(deps, {
        programId: found.program.id,
        source: 'email',
        externalId: mail.messageId,
        fromName: mail.fromName,
        fromAddress: mail.fromAddress,
        subject: mail.subject,
        body: mail.text,
        automatic: mail.automatic,
      })
      return c.json(result, result.created ? 201 : 200)
    },
  )
  app.route('/', inbound)

  const base = '/admin/c/:community/programs/:program/inbox'
  app.use(base, sessionMiddleware(deps))
  app.use(`${base}/*`, sessionMiddleware(deps))

  async function managed(c: Context<AppEnv>) {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return { redirect } as const
    const found = await programOf(deps, c)
    if (!hasRole(viewer, 'program_manager', found.community.id)) throw new AppError('forbidden', 'You do not manage this program.', {}, { key: 'adminProgram.managed.notManager' })
    return { ...found, viewer, path: `/admin/c/${found.community.slug}/programs/${found.program.slug}/inbox` } as const
  }

  app.get(base, async (c) => {
    const m = await managed(c)
    if (m.redirect) return m.redirect
    const folder = (folders as string[]).includes(c.req.query('folder') ?? '') ? (c.req.query('folder') as TriageLabel) : 'open_source'
    const status = (['open', 'waiting', 'closed', 'all'] as const).find((s) => s === c.req.query('status')) ?? 'open'
    const { rows, counts } = await listInbox(deps.db, m.program.id, folder, status)
    return c.html(<InboxListPage locale={c.get('locale')} base={m.path} programName={m.program.name} folder={folder} status={status} counts={counts} rows={rows} />)
  })

  const settingsPage = async (c: Context<AppEnv>, m: { path: string; program: { id: string } }, over: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string } = {}, status: 200 | 422 = 200) => {
    const s = await programInboxSettings(deps.db, m.program.id)
    const stored = { policyText: s.policyText, elsewhere: s.elsewhere, ...Object.fromEntries(Object.entries(s.extra).map(([k, v]) => [k, Array.isArray(v) ? v.join('\n') : String(v)])) }
    const webhookUrl = `${deps.config.baseUrl}/api/inbound/${c.req.param('community')}/${c.req.param('program')}`
    return c.html(<InboxSettingsPage locale={c.get('locale')} base={m.path} csrf={c.get('csrfToken')} values={over.values ?? stored} errors={over.errors ?? {}} notice={over.notice} webhookUrl={webhookUrl} webhookToken={inboundWebhookToken(deps.secretKey, m.program.id)} />, status)
  }
  app.get(`${base}/settings`, async (c) => {
    const m = await managed(c)
    if (m.redirect) return m.redirect
    return settingsPage(c, m)
  })
  app.post(`${base}/settings`, async (c) => {
    const m = await managed(c)
    if (m.redirect) return m.redirect
    const fields = await form(c)
    try {
      refuseUnstorableText(fieldsNamed(fields, Object.keys(inboxSettingsForm.shape)), c.get('locale'))
      await saveInboxSettings(deps, { programId: m.program.id, fields, actor: m.viewer.personId, locale: c.get('locale') })
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation') return settingsPage(c, m, { values: fields, errors: err.fields }, 422)
      throw err
    }
    return settingsPage(c, m, { notice: t(c.get('locale'), 'inbox.saved') })
  })

  const messagePage = async (c: Context<AppEnv>, m: { path: string; program: { id: string }; community: { id: string } }, over: { errors?: Record<string, string>; reply?: string; notice?: string } = {}, status: 200 | 422 = 200) => {
    const found = await getInboxMessage(deps.db, m.program.id, c.req.param('id')!)
    if (!found) throw new AppError('not_found', 'There is no such message in this inbox.', {}, { key: 'inbox.error.noMessage' })
    const assignees = await inboxAssignees(deps.db, m.community.id)
    return c.html(<InboxMessagePage locale={c.get('locale')} base={m.path} csrf={c.get('csrfToken')} message={found.message} replies={found.replies} assignees={assignees} errors={over.errors ?? {}} reply={over.reply} notice={over.notice} />, status)
  }
  const idOk = (id: string | undefined) => /^[0-9a-f-]{36}$/.test(id ?? '')
  app.get(`${base}/:id`, async (c) => {
    const m = await managed(c)
    if (m.redirect) return m.redirect
    if (!idOk(c.req.param('id'))) throw new AppError('not_found', 'There is no such message in this inbox.', {}, { key: 'inbox.error.noMessage' })
    return messagePage(c, m)
  })
  app.post(`${base}/:id`, async (c) => {
    const m = await managed(c)
    if (m.redirect) return m.redirect
    const messageId = c.req.param('id')
    if (!idOk(messageId)) throw new AppError('not_found', 'There is no such message in this inbox.', {}, { key: 'inbox.error.noMessage' })
    const f = await form(c)
    const common = { programId: m.program.id, messageId, actor: m.viewer.personId }
    if (f.action === 'update') {
      // Both fields are checked before either is written: an unknown assignee or status changes nothing.
      const assignees = await inboxAssignees(deps.db, m.community.id)
      const assigneeId = f.assigneeId || null
      const status = (['open', 'waiting', 'closed'] as const).find((s) => s === f.status)
      const errors: Record<string, string> = {}
      if (assigneeId && !assignees.some((a) => a.id === assigneeId)) errors.assigneeId = t(c.get('locale'), 'inbox.error.assignee')
      if (f.status !== undefined && !status) errors.status = t(c.get('locale'), 'inbox.error.status')
      if (Object.keys(errors).length) return messagePage(c, m, { errors }, 422)
      await updateInboxMessage(deps, { ...common, change: { assigneeId } })
      if (status) await updateInboxMessage(deps, { ...common, change: { status } })
      return messagePage(c, m, { notice: t(c.get('locale'), 'inbox.saved') })
    }
    if (f.action === 'refile') {
      const label = (folders as string[]).includes(f.label ?? '') ? (f.label as TriageLabel) : undefined
      if (!label) throw new AppError('bad_request', 'Choose a folder.', {}, { key: 'inbox.error.folder' })
      await refileInboxMessage(deps, { ...common, label })
      return messagePage(c, m, { notice: t(c.get('locale'), 'inbox.moved') })
    }
    if (f.action === 'reply') {
      try {
        refuseUnstorableText({ body: f.reply }, c.get('locale'))
        await replyToInboxMessage(deps, { ...common, body: f.reply ?? '', locale: c.get('locale') })
      } catch (err) {
        if (err instanceof AppError && err.code === 'validation') return messagePage(c, m, { errors: err.fields, reply: f.reply }, 422)
        throw err
      }
      return messagePage(c, m, { notice: t(c.get('locale'), 'inbox.replySent') })
    }
    throw new AppError('bad_request', 'Unknown action.', {}, { key: 'inbox.error.action' })
  })

  return app
}
