import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { rateLimits } from './schema.ts'

/**
 * Counts one attempt under `key` in a fixed window shared by every process (the counter lives in the
 * database) and says whether it is within `limit`.
 */
export async function allowAttempt(db: Db, key: string, limit: number, windowSeconds: number, now: Date): Promise<boolean> {
  const windowFloor = new Date(now.getTime() - windowSeconds * 1000)
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStart} <= ${windowFloor} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${rateLimits.windowStart} <= ${windowFloor} then ${now} else ${rateLimits.windowStart} end`,
      },
    })
    .returning({ count: rateLimits.count })
  return (row?.count ?? 1) <= limit
}
