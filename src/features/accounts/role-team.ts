import { and, asc, desc, eq, inArray, isNull, or } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { isUuid } from '../../lib/ids.ts'
import { auditLog } from '../audit/schema.ts'
import { people } from '../people/schema.ts'
import { communities } from '../programs/schema.ts'
import { roleGrants } from './schema.ts'

/** One admin or program-manager grant as the roles pages and `embassy role list` show it. */
export interface TeamGrant {
  grantId: string
  personId: string
  name: string
  email: string | null
  role: 'admin' | 'program_manager'
  communityId: string | null
  communitySlug: string | null
  communityName: string | null
  grantedAt: Date
  /** Who granted it, from the audit log: a person's name, "cli", or null when no entry records it. */
  grantedBy: string | null
}

/**
 * The site's admins and the program managers of every community (or of one), oldest grant first. Who
 * granted each is read from the grant's audit entry (role_grants does not record it): three queries in all.
 */
export async function listTeamGrants(db: Db, onlyCommunityId?: string): Promise<TeamGrant[]> {
  const rows = await db
    .select({
      grantId: roleGrants.id,
      personId: roleGrants.personId,
      name: people.displayName,
      email: people.email,
      role: roleGrants.role,
      communityId: roleGrants.communityId,
      communitySlug: communities.slug,
      communityName: communities.name,
      grantedAt: roleGrants.grantedAt,
    })
    .from(roleGrants)
    .innerJoin(people, eq(people.id, roleGrants.personId))
    .leftJoin(communities, eq(communities.id, roleGrants.communityId))
    .where(
      onlyCommunityId
        ? and(eq(roleGrants.role, 'program_manager'), eq(roleGrants.communityId, onlyCommunityId))
        : or(and(eq(roleGrants.role, 'admin'), isNull(roleGrants.communityId)), eq(roleGrants.role, 'program_manager')),
    )
    .orderBy(asc(communities.name), asc(roleGrants.grantedAt), asc(people.displayName))
  if (!rows.length) return []
  const audits = await db
    .select({ actor: auditLog.actor, entityId: auditLog.entityId, after: auditLog.after, at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'role.grant'), eq(auditLog.entity, 'person'), inArray(auditLog.entityId, [...new Set(rows.map((r) => r.personId))])))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
  const actorIds = [...new Set(audits.map((a) => a.actor).filter(isUuid))]
  const actors = actorIds.length ? await db.select({ id: people.id, name: people.displayName }).from(people).where(inArray(people.id, actorIds)) : []
  const nameOf = new Map(actors.map((a) => [a.id, a.name]))
  return rows.map((row) => {
    // The newest grant entry of this role for this person at or before the grant (a role given, taken, given again).
    const entry = audits.find((a) => {
      const after = (a.after ?? {}) as { role?: string; communityId?: string | null }
      return a.entityId === row.personId && after.role === row.role && (after.communityId ?? null) === row.communityId && a.at.getTime() <= row.grantedAt.getTime() + 5_000
    })
    const grantedBy = !entry ? null : isUuid(entry.actor) ? (nameOf.get(entry.actor) ?? null) : entry.actor
    return { ...row, role: row.role as TeamGrant['role'], grantedBy }
  })
}
