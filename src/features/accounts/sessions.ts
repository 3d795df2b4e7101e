import { and, eq, gt } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { randomToken, sha256 } from '../../lib/secrets.ts'
import { people } from '../people/schema.ts'
import { roleGrants, sessions, type RoleName } from './schema.ts'

/** How long a session lasts without use. */
export const SESSION_DAYS = 30

/** The signed-in person as pages and policies see them. */
export interface Viewer {
  personId: string
  displayName: string
  handle: string
  email: string | null
  /** Roles by community id; deployment-wide roles under "*". */
  roles: { communityId: string | null; role: RoleName }[]
  sessionHash: string
}

/** Starts a session; returns the cookie token (only its hash is stored). Rotation: call on every sign-in. */
export async function startSession(db: Db, personId: string, now: Date, userAgent?: string): Promise<string> {
  const token = randomToken()
  await db.insert(sessions).values({
    tokenHash: sha256(token),
    personId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
    userAgent: userAgent?.slice(0, 300) ?? null,
  })
  return token
}

/** The viewer behind a session cookie, or undefined when it is unknown or expired. */
export async function findViewer(db: Db, token: string, now: Date): Promise<Viewer | undefined> {
  const hash = sha256(token)
  const [row] = await db
    .select({ personId: people.id, displayName: people.displayName, handle: people.handle, email: people.email })
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .where(and(eq(sessions.tokenHash, hash), gt(sessions.expiresAt, now)))
    .limit(1)
  if (!row) return undefined
  const roles = await db.select({ communityId: roleGrants.communityId, role: roleGrants.role }).from(roleGrants).where(eq(roleGrants.personId, row.personId))
  return { ...row, roles, sessionHash: hash }
}

/** Ends one session. */
export async function endSession(db: Db, sessionHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sessionHash))
}

/** Ends every session of a person ("sign out everywhere"). */
export async function endAllSessions(db: Db, personId: string): Promise<number> {
  const ended = await db.delete(sessions).where(eq(sessions.personId, personId)).returning({ h: sessions.tokenHash })
  return ended.length
}

/** Whether the viewer holds `role` in the community (admins hold every role everywhere). */
export function hasRole(viewer: Viewer | undefined, role: RoleName, communityId?: string): boolean {
  if (!viewer) return false
  return viewer.roles.some((r) => r.role === 'admin' || (r.role === role && (r.communityId === null || r.communityId === communityId)))
}
