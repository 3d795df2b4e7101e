import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import type { Viewer } from '../accounts/sessions.ts'
import { hasRole } from '../accounts/sessions.ts'
import { memberships } from '../memberships/schema.ts'
import { cohorts } from '../programs/schema.ts'
import type { ProgramStanding } from './policy.ts'

/** A person's standing in a program: manager, member (active term), and the approved groups they are liaison of. One query. */
export async function loadStanding(db: Db, program: { id: string; communityId: string }, viewer: Pick<Viewer, 'personId' | 'roles'>): Promise<ProgramStanding> {
  const result = await db.execute(sql`
    select exists (select 1 from memberships m join cohorts co on co.id = m.cohort_id
                    where m.person_id = ${viewer.personId} and co.program_id = ${program.id} and m.status = 'active') as is_member,
           (select array_agg(l.group_id::text) from user_group_liaisons l join user_groups g on g.id = l.group_id
             where l.person_id = ${viewer.personId} and g.program_id = ${program.id} and g.status = 'approved') as liaison_group_ids`)
  const row = (result as unknown as { rows: { is_member: boolean; liaison_group_ids: string[] | null }[] }).rows[0]
  return {
    personId: viewer.personId,
    isManager: hasRole(viewer as Viewer, 'program_manager', program.communityId),
    isMember: Boolean(row?.is_member),
    liaisonGroupIds: row?.liaison_group_ids ?? [],
  }
}

/** Person ids among `personIds` that hold an active term in the program (liaisons must be members). */
export async function activeMembersAmong(db: Db, programId: string, personIds: string[]): Promise<string[]> {
  if (!personIds.length) return []
  const rows = await db
    .selectDistinct({ personId: memberships.personId })
    .from(memberships)
    .innerJoin(cohorts, eq(cohorts.id, memberships.cohortId))
    .where(and(eq(cohorts.programId, programId), eq(memberships.status, 'active'), inArray(memberships.personId, personIds)))
  return rows.map((r) => r.personId)
}
