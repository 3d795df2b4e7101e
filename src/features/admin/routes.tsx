import { Hono } from 'hono'
import { desc, eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { AppEnv } from '../../ui/env.ts'
import { AppError } from '../../lib/errors.ts'
import { requireRole, requireViewer, sessionMiddleware } from '../accounts/middleware.ts'
import { outboxMessages } from '../communications/schema.ts'
import { OutboxPage, OutboxMessagePage } from './views/outbox-pages.tsx'
import { t } from '../../ui/i18n.ts'

/** The outbox pages (deployment admins only). */
export function adminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.use('/admin/outbox', sessionMiddleware(deps))
  app.use('/admin/outbox/*', sessionMiddleware(deps))
  app.use('/admin/outbox*', async (c, next) => {
    const { redirect } = requireViewer(c)
    if (redirect) return redirect
    requireRole(c, 'admin')
    await next()
  })

  app.get('/admin/outbox', async (c) => {
    const messages = await deps.db
      .select({
        id: outboxMessages.id,
        toAddress: outboxMessages.toAddress,
        subject: outboxMessages.subject,
        status: outboxMessages.status,
        attempts: outboxMessages.attempts,
        lastError: outboxMessages.lastError,
        createdAt: outboxMessages.createdAt,
      })
      .from(outboxMessages)
      .orderBy(desc(outboxMessages.createdAt))
      .limit(200)
    return c.html(<OutboxPage locale={c.get('locale')} messages={messages} smtp={Boolean(deps.mailTransport)} />)
  })

  app.get('/admin/outbox/:id', async (c) => {
    const id = c.req.param('id')
    const noMessage = () => new AppError('not_found', t(c.get('locale'), 'adminProgram.outbox.noMessage'))
    if (!/^[0-9a-f-]{36}$/.test(id)) throw noMessage()
    const [message] = await deps.db.select().from(outboxMessages).where(eq(outboxMessages.id, id))
    if (!message) throw noMessage()
    return c.html(<OutboxMessagePage locale={c.get('locale')} message={message} />)
  })

  return app
}
