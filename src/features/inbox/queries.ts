import { and, asc, count, desc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { people } from '../people/schema.ts'
import { roleGrants } from '../accounts/schema.ts'
import { inboxMessages, inboxReplies } from './schema.ts'
import type { TriageLabel } from './triage.ts'

/** The folders of an inbox: the main queue (open source), and commercial and spam kept apart. */
export const folders: TriageLabel[] = ['open_source', 'commercial', 'spam']

/** One folder's messages, newest first, with how many each folder holds. */
export async function listInbox(db: Db, programId: string, folder: TriageLabel, status: 'open' | 'waiting' | 'closed' | 'all') {
  const where = and(eq(inboxMessages.programId, programId), eq(inboxMessages.triage, folder), status === 'all' ? undefined : eq(inboxMessages.status, status))
  const [rows, counts] = await Promise.all([
    db
      .select({ id: inboxMessages.id, fromName: inboxMessages.fromName, subject: inboxMessages.subject, status: inboxMessages.status, receivedAt: inboxMessages.receivedAt, source: inboxMessages.source, assignee: people.displayName })
      .from(inboxMessages)
      .leftJoin(people, eq(people.id, inboxMessages.assigneeId))
      .where(where)
      .orderBy(desc(inboxMessages.receivedAt))
      .limit(200),
    db.select({ triage: inboxMessages.triage, n: count() }).from(inboxMessages).where(and(eq(inboxMessages.programId, programId), inArray(inboxMessages.status, ['open', 'waiting']))).groupBy(inboxMessages.triage),
  ])
  return { rows, counts: Object.fromEntries(folders.map((f) => [f, counts.find((c) => c.triage === f)?.n ?? 0])) as Record<TriageLabel, number> }
}

/** One message with its replies, or undefined when it is not in this program's inbox. */
export async function getInboxMessage(db: Db, programId: string, id: string) {
  const [message] = await db.select().from(inboxMessages).where(and(eq(inboxMessages.id, id), eq(inboxMessages.programId, programId)))
  if (!message) return undefined
  const replies = await db
    .select({ id: inboxReplies.id, body: inboxReplies.body, createdAt: inboxReplies.createdAt, author: people.displayName })
    .from(inboxReplies)
    .leftJoin(people, eq(people.id, inboxReplies.authorId))
    .where(eq(inboxReplies.inboxMessageId, id))
    .orderBy(asc(inboxReplies.createdAt))
  return { message, replies }
}

/** The people who may be assigned a community's inbox messages: its program managers. */
export async function inboxAssignees(db: Db, communityId: string) {
  return db
    .selectDistinct({ id: people.id, displayName: people.displayName })
    .from(roleGrants)
    .innerJoin(people, eq(people.id, roleGrants.personId))
    .where(and(eq(roleGrants.role, 'program_manager'), eq(roleGrants.communityId, communityId)))
    .orderBy(asc(people.displayName))
}
