import { afterAll, beforeAll, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { freePort } from '../../../tests/support/processes.ts'
import { smtpTransport } from './transport.ts'
import { deliverDueMessages, queueEmail } from './queue-email.ts'
import { outboxMessages } from './schema.ts'
import { startTestSmtp } from './test-smtp-server.ts'

const startSmtp = (port?: number) => startTestSmtp({ port })

describeDb('mail through SMTP', (ctx) => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>
  beforeAll(async () => {
    smtp = await startSmtp()
  })
  afterAll(async () => {
    await smtp.close()
  })

  it('delivers a queued email with its subject, both parts and the sender, once per idempotency key', async () => {
    const deps = { ...ctx(), mailTransport: smtpTransport(`smtp://127.0.0.1:${smtp.port}`) }
    const message = { idempotencyKey: `test:${deps.engine}:1`, to: 'zhang@example.org', subject: 'Application received: 测试 (2025)', text: 'Plain part', html: '<p>HTML part</p>' }
    const first = await queueEmail(deps, message)
    const again = await queueEmail(deps, message)
    expect(again).toEqual({ id: first.id, created: false })
    const mine = smtp.received.filter((m) => m.raw.includes(first.id))
    expect(mine).toHaveLength(1)
    expect(mine[0]!.to).toEqual(['zhang@example.org'])
    expect(mine[0]!.raw).toMatch(new RegExp(`^X-Embassy-Message-Id: ${first.id}`, 'im'))
    expect(mine[0]!.raw).toContain('Content-Type: text/plain')
    expect(mine[0]!.raw).toContain('Content-Type: text/html')
    expect(mine[0]!.raw).toMatch(/^Subject: =\?UTF-8\?/m)
    const [row] = await deps.db.select().from(outboxMessages).where(eq(outboxMessages.id, first.id))
    expect(row).toMatchObject({ status: 'sent', attempts: 1 })
    deps.mailTransport.close()
  })

  it('keeps mail when the SMTP server is unreachable and delivers it once it is back, exactly once', async () => {
    const port = await freePort()
    const base = ctx()
    const deps = { ...base, mailTransport: smtpTransport(`smtp://127.0.0.1:${port}`) }
    const { id } = await queueEmail(deps, { idempotencyKey: `test:${deps.engine}:down`, to: 'later@example.org', subject: 'Waiting', text: 'Body' })
    const [failed] = await deps.db.select().from(outboxMessages).where(eq(outboxMessages.id, id))
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 })
    expect(failed!.lastError).toMatch(/ECONNREFUSED|connect/i)
    // Not due yet: the worker leaves it alone.
    expect(await deliverDueMessages(deps)).toBe(0)

    const back = await startSmtp(port)
    try {
      base.setNow(new Date(base.clock().getTime() + 60_000))
      expect(await deliverDueMessages(deps)).toBe(1)
      expect(await deliverDueMessages(deps)).toBe(0)
      expect(back.received.filter((m) => m.raw.includes(id))).toHaveLength(1)
      const [sent] = await deps.db.select().from(outboxMessages).where(eq(outboxMessages.id, id))
      expect(sent).toMatchObject({ status: 'sent', attempts: 2 })
    } finally {
      base.setNow(new Date('2023-08-15T12:00:00Z'))
      deps.mailTransport.close()
      await back.close()
    }
  })

  it('refuses header injection and stores nothing', async () => {
    const deps = ctx()
    await expect(queueEmail(deps, { idempotencyKey: 'inject', to: 'a@example.org', subject: 'Hi\r\nBcc: victim@example.org', text: 'x' })).rejects.toThrow('subject must be a single line')
    expect(await deps.db.select().from(outboxMessages).where(eq(outboxMessages.idempotencyKey, 'inject'))).toEqual([])
  })

  it('without SMTP, mail is stored in the outbox for admins', async () => {
    const deps = ctx()
    const { id } = await queueEmail(deps, { idempotencyKey: `test:${deps.engine}:stored`, to: 'x@example.org', subject: 'Stored', text: 'x' })
    const [row] = await deps.db.select().from(outboxMessages).where(eq(outboxMessages.id, id))
    expect(row!.status).toBe('stored')
  })
})
