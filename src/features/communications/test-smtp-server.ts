import { SMTPServer } from 'smtp-server'
import type { AddressInfo } from 'node:net'

/** One message an SMTP test server accepted (it answered 250 to the data). */
export interface ReceivedMail {
  to: string[]
  raw: string
}

/**
 * A real SMTP server on loopback for tests, keeping what it accepts. `hold(n)` may return a promise for the
 * n-th message (1-based): the server answers only when it settles, so a test can kill the sender mid-send.
 */
export async function startTestSmtp(options: { port?: number; hold?: (n: number) => Promise<void> | undefined } = {}) {
  const received: ReceivedMail[] = []
  let started = 0
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const n = ++started
      const chunks: Buffer[] = []
      stream.on('data', (d: Buffer) => chunks.push(d))
      stream.on('end', () => {
        const accept = () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') })
          callback()
        }
        const held = options.hold?.(n)
        if (held) void held.then(accept, (err: Error) => callback(err))
        else accept()
      })
    },
  })
  // A client killed mid-transaction resets the socket; that is expected here.
  server.on('error', () => {})
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  return {
    received,
    started: () => started,
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
