import { eq } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { AppError } from '../../lib/errors.ts'
import { roleGrants } from '../accounts/schema.ts'
import { isManager } from '../authz/policy.ts'
import { findCohort } from '../programs/queries.ts'

/** The cohort named by an API path, if the caller manages its community (admins manage all); else 404 or 403. */
export async function managedCohort(db: Db, personId: string, params: { community: string; program: string; cohort: string }) {
  const found = await findCohort(db, params.community, params.program, params.cohort)
  if (!found) throw new AppError('not_found', `There is no cohort “${params.cohort}” of ${params.community}/${params.program}.`)
  const roles = await db.select({ communityId: roleGrants.communityId, role: roleGrants.role }).from(roleGrants).where(eq(roleGrants.personId, personId))
  if (!isManager({ personId, roles }, { communityId: found.community.id })) throw new AppError('forbidden', `You do not manage the programs of ${found.community.name}.`)
  return found
}
