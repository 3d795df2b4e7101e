import { desc, eq } from 'drizzle-orm'
import type { Hono } from 'hono'
import type { Db } from '../../src/db/client.ts'
import { outboxMessages } from '../../src/features/communications/schema.ts'
import { FormClient } from './http.ts'

/** A FormClient signed in as `email` through the real email-link flow (the link is read from the outbox). */
export async function signedInClient(app: Hono<any>, db: Db, email: string): Promise<FormClient> {
  const client = new FormClient(app)
  await client.get('/sign-in')
  const sent = await client.post('/sign-in', { email, next: '/account' })
  if (sent.status !== 200) throw new Error(`sign-in request failed with ${sent.status}`)
  // The newest sign-in mail, not merely the newest mail: decision emails carry signed links with tokens too.
  const mails = await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, email.toLowerCase())).orderBy(desc(outboxMessages.createdAt)).limit(50)
  const token = mails.map((m) => /\/sign-in\/verify\?token=([A-Za-z0-9_-]+)/.exec(m.textBody)?.[1]).find(Boolean)
  if (!token) throw new Error(`no sign-in link for ${email} in the outbox`)
  await client.get(`/sign-in/verify?token=${token}`)
  const done = await client.post('/sign-in/verify', { token })
  if (done.status !== 303) throw new Error(`sign-in failed with ${done.status}`)
  return client
}
