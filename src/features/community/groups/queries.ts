import { and, asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { groupHealth, type GroupHealth } from '../policy.ts'
import { userGroupLiaisons, userGroups } from '../schema.ts'

/** A user group as the registry lists it. */
export interface GroupListing {
  id: string
  name: string
  city: string
  country: string
  region: string
  links: string[]
  organisers: string
  cadence: string
  lastMeetupOn: string | null
  status: 'proposed' | 'approved' | 'rejected'
  health: GroupHealth
  liaisons: { name: string; handle: string }[]
}

/** The groups of a program (approved, or all for managers), with liaisons and health on `today`: one query. */
export async function listGroups(db: Db, options: { programId: string; today: string; includeUnapproved?: boolean }): Promise<GroupListing[]> {
  const rows = await db
    .select({
      id: userGroups.id,
      name: userGroups.name,
      city: userGroups.city,
      country: userGroups.country,
      region: userGroups.region,
      links: userGroups.links,
      organisers: userGroups.organisers,
      cadence: userGroups.cadence,
      lastMeetupOn: userGroups.lastMeetupOn,
      status: userGroups.status,
      liaisons: sql<{ name: string; handle: string }[] | null>`l.liaisons`,
    })
    .from(userGroups)
    // The program's liaisons aggregated once per group in one pass (not a sub-select per listed group).
    .leftJoin(
      sql`(select ll.group_id, json_agg(json_build_object('name', lp.display_name, 'handle', lp.handle) order by lp.display_name) as liaisons
             from user_group_liaisons ll join people lp on lp.id = ll.person_id join user_groups lg on lg.id = ll.group_id
            where lg.program_id = ${options.programId} group by ll.group_id) l`,
      sql`l.group_id = ${userGroups.id}`,
    )
    .where(and(eq(userGroups.programId, options.programId), options.includeUnapproved ? undefined : eq(userGroups.status, 'approved')))
    .orderBy(asc(userGroups.region), asc(userGroups.name))
  return rows.map((r) => ({ ...r, liaisons: r.liaisons ?? [], health: groupHealth(r.lastMeetupOn, options.today) }))
}

/** Approved groups the person is liaison of (for the report forms' group choice). */
export async function liaisonGroups(db: Db, programId: string, personId: string) {
  return db
    .select({ id: userGroups.id, name: userGroups.name, region: userGroups.region })
    .from(userGroups)
    .innerJoin(userGroupLiaisons, eq(userGroupLiaisons.groupId, userGroups.id))
    .where(and(eq(userGroups.programId, programId), eq(userGroups.status, 'approved'), eq(userGroupLiaisons.personId, personId)))
    .orderBy(asc(userGroups.name))
}
