import { and, asc, eq, lt, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { credentialStatusLists } from './schema.ts'
import { positionOf, STATUS_LIST_SIZE } from './status-list.ts'

// Concurrent first issuances would each create a list; a transaction-scoped advisory lock per community
// lets one create it and the others find it.
async function createList(db: Db, communityId: string): Promise<string> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`credential_status_list:${communityId}`}))`)
  const [open] = await db
    .select({ id: credentialStatusLists.id })
    .from(credentialStatusLists)
    .where(and(eq(credentialStatusLists.communityId, communityId), lt(credentialStatusLists.allocated, credentialStatusLists.size)))
    .limit(1)
  if (open) return open.id
  const [created] = await db.insert(credentialStatusLists).values({ communityId, size: STATUS_LIST_SIZE }).returning({ id: credentialStatusLists.id })
  return created!.id
}

/** The community's oldest status list with a free position, or a new list when all are full. */
async function openListId(db: Db, communityId: string): Promise<string> {
  const [open] = await db
    .select({ id: credentialStatusLists.id })
    .from(credentialStatusLists)
    .where(and(eq(credentialStatusLists.communityId, communityId), lt(credentialStatusLists.allocated, credentialStatusLists.size)))
    .orderBy(asc(credentialStatusLists.createdAt), asc(credentialStatusLists.id))
    .limit(1)
  return open?.id ?? (await createList(db, communityId))
}

/**
 * Takes the next free position in the community's status list (a new list when the last is full); the
 * counter is incremented in one statement, so concurrent issuers never share a position. Call inside the
 * issuing transaction: a rolled-back issuance gives its position back.
 */
export async function allocateStatusPosition(db: Db, communityId: string): Promise<{ listId: string; index: number }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const listId = await openListId(db, communityId)
    const [taken] = await db
      .update(credentialStatusLists)
      .set({ allocated: sql`${credentialStatusLists.allocated} + 1` })
      .where(and(eq(credentialStatusLists.id, listId), lt(credentialStatusLists.allocated, credentialStatusLists.size)))
      .returning({ allocated: credentialStatusLists.allocated, size: credentialStatusLists.size })
    if (taken) return { listId, index: positionOf(taken.allocated - 1, taken.size) }
    // Filled by someone else between the read and the update: look again.
  }
  throw new Error('could not allocate a status list position')
}

/**
 * Takes `count` consecutive counter values of the community's status lists at once (bulk issuance): one
 * update per list touched instead of one per credential. Same rules as allocateStatusPosition: inside the
 * issuing transaction, and positions come back on rollback.
 */
export async function allocateStatusPositions(db: Db, communityId: string, count: number): Promise<Array<{ listId: string; index: number }>> {
  const out: Array<{ listId: string; index: number }> = []
  for (let attempt = 0; out.length < count && attempt < count + 3; attempt++) {
    const listId = await openListId(db, communityId)
    // The row is locked until the transaction ends, so the counter read here is the one the update moves.
    const [row] = await db
      .select({ allocated: credentialStatusLists.allocated, size: credentialStatusLists.size })
      .from(credentialStatusLists)
      .where(eq(credentialStatusLists.id, listId))
      .for('update')
    if (!row || row.allocated >= row.size) continue
    // Takes what is left of this list, at most what is still wanted; the rest comes from the next list.
    const take = Math.min(count - out.length, row.size - row.allocated)
    await db
      .update(credentialStatusLists)
      .set({ allocated: row.allocated + take })
      .where(eq(credentialStatusLists.id, listId))
    for (let n = row.allocated; n < row.allocated + take; n++) out.push({ listId, index: positionOf(n, row.size) })
  }
  if (out.length < count) throw new Error('could not allocate status list positions')
  return out
}
