import { eq, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { communityVersions } from '../schema.ts'

/**
 * Marks a program's feedback as changed (call in the transaction of every feedback write: submit, vote, merge),
 * so aggregates cached under the previous version are not used again.
 */
export async function bumpFeedbackVersion(tx: Db, programId: string): Promise<void> {
  await tx
    .insert(communityVersions)
    .values({ programId, feedback: 1 })
    .onConflictDoUpdate({ target: communityVersions.programId, set: { feedback: sql`${communityVersions.feedback} + 1` } })
}

/** The program's feedback version (0 before any feedback write). */
export async function feedbackVersion(db: Db, programId: string): Promise<number> {
  const [row] = await db.select({ feedback: communityVersions.feedback }).from(communityVersions).where(eq(communityVersions.programId, programId))
  return row?.feedback ?? 0
}

/** Per database, per program: the last value computed and the version it was computed at. */
const caches = new WeakMap<object, Map<string, { version: number; value: unknown }>>()

/**
 * `compute()` for the program's current feedback version, computed once per version and process. The version is
 * read first, so a value is never older than the version it is filed under (a write committing meanwhile bumps
 * the version, and the next request recomputes). One query when cached, plus compute's otherwise.
 */
export async function cachedByFeedbackVersion<T>(db: Db, key: string, programId: string, compute: () => Promise<T>): Promise<T> {
  const version = await feedbackVersion(db, programId)
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = new Map()))
  const slot = `${key}:${programId}`
  const hit = cache.get(slot)
  if (hit && hit.version === version) return hit.value as T
  const value = await compute()
  cache.set(slot, { version, value })
  return value
}
