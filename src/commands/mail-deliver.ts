import { and, count, inArray } from 'drizzle-orm'
import { deliverDueMessages } from '../features/communications/queue-email.ts'
import { outboxMessages } from '../features/communications/schema.ts'
import type { DbCommand } from './command.ts'

/** `embassy mail deliver`: sends every outbox message whose turn has come, then says what still waits. */
export const mailDeliverCommand: DbCommand = {
  name: 'mail-deliver',
  async run(deps, _options, io) {
    if (!deps.mailTransport) {
      io.err('mail deliver: SMTP_URL is not set, so mail stays in the outbox (read it at /admin/outbox)')
      return 1
    }
    let sent = 0
    // Each batch claims its messages one by one, so several workers can run side by side without sending twice.
    for (let batch = await deliverDueMessages(deps); batch > 0; batch = await deliverDueMessages(deps)) sent += batch
    const [waiting] = await deps.db.select({ n: count() }).from(outboxMessages).where(and(inArray(outboxMessages.status, ['pending', 'failed'])))
    io.out(`${sent} sent; ${waiting?.n ?? 0} waiting for a retry`)
    deps.mailTransport.close()
    return 0
  },
}
