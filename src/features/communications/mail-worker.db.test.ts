import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, inArray } from 'drizzle-orm'
import { simpleParser } from 'mailparser'
import { openTestDatabase, testDeps } from '../../../tests/support/db.ts'
import { runEmbassy, startEmbassy } from '../../../tests/support/processes.ts'
import { smtpTransport } from './transport.ts'
import { queueEmail } from './queue-email.ts'
import { outboxMessages } from './schema.ts'
import { startTestSmtp } from './test-smtp-server.ts'

// Separate worker processes share a database only on PostgreSQL (embedded PGlite has one process per data
// directory, and the CLI then runs inside the server), so this suite runs on PostgreSQL.
describe('a mail worker killed mid-send [postgres]', () => {
  let opened: Awaited<ReturnType<typeof openTestDatabase>>
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>
  let midSend: () => void
  const reachedMidSend = new Promise<void>((resolve) => (midSend = resolve))
  beforeAll(async () => {
    opened = await openTestDatabase('postgres')
    // The third message's data arrives but is never answered: the worker is killed while it waits for the 250.
    smtp = await startTestSmtp({ hold: (n) => (n === 3 ? (midSend(), new Promise<void>(() => {})) : undefined) })
  })
  afterAll(async () => {
    await smtp.close()
    await opened.drop()
  })

  it('ends with each mail delivered exactly once, by the outbox’s account and by the server’s', { timeout: 120_000 }, async () => {
    const deps = { ...testDeps(opened.database), mailTransport: smtpTransport(`smtp://127.0.0.1:${smtp.port}`) }
    const ids: string[] = []
    for (let i = 1; i <= 6; i++) {
      const { id } = await queueEmail(deps, { idempotencyKey: `worker-test:${i}`, to: `person${i}@example.org`, subject: `Message ${i}`, text: `Body ${i}`, html: `<p>Body ${i}</p>` }, { sendNow: false })
      ids.push(id)
    }
    deps.mailTransport.close()
    const env = { DATABASE_URL: opened.url!, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SECRET_KEY: 'test-secret-key-for-database-tests-0123456789', BASE_URL: 'http://embassy.test' }

    const worker = startEmbassy(['mail', 'deliver'], env)
    await Promise.race([reachedMidSend, worker.exited.then((code) => Promise.reject(new Error(`worker exited (${code}) before the third message:\n${worker.stdout()}\n${worker.stderr()}`)))])
    worker.child.kill('SIGKILL')
    await worker.exited
    expect(smtp.received).toHaveLength(2)
    const afterKill = await deps.db.select().from(outboxMessages).where(inArray(outboxMessages.id, ids))
    expect(afterKill.filter((m) => m.status === 'sent')).toHaveLength(2)
    // The message being sent stays claimed (not sent, attempts 1) until its claim runs out.
    const stuck = afterKill.filter((m) => m.status === 'pending' && m.attempts === 1)
    expect(stuck).toHaveLength(1)

    // Ten minutes pass: the dead worker's claim runs out (moved here instead of waiting).
    await deps.db.update(outboxMessages).set({ nextAttemptAt: new Date('2023-01-01T00:00:00Z') }).where(eq(outboxMessages.id, stuck[0]!.id))
    // Two workers at once pick up what is left; each message is claimed by one of them.
    const [a, b] = await Promise.all([runEmbassy(['mail', 'deliver'], env), runEmbassy(['mail', 'deliver'], env)])
    expect([a.code, b.code, a.stderr + b.stderr]).toEqual([0, 0, ''])

    const rows = await deps.db.select().from(outboxMessages).where(inArray(outboxMessages.id, ids))
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'sent'))
    expect(rows.find((r) => r.id === stuck[0]!.id)!.attempts).toBe(2)
    const parsed = await Promise.all(smtp.received.map((m) => simpleParser(m.raw)))
    const deliveries = new Map<string, number>()
    for (const mail of parsed) deliveries.set(mail.messageId!, (deliveries.get(mail.messageId!) ?? 0) + 1)
    expect(Object.fromEntries(deliveries)).toEqual(Object.fromEntries(ids.map((id) => [`<${id}@embassy.test>`, 1])))
    expect(parsed.map((m) => [m.subject, Boolean(m.text), Boolean(m.html)]).sort()).toEqual(ids.map((_, i) => [`Message ${i + 1}`, true, true]))
  })
})
