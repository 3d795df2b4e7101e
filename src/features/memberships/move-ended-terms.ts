import { and, eq, isNull, lte } from 'drizzle-orm'
import type { AppDeps } from '../../deps.ts'
import type { Db } from '../../db/client.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { memberships } from './schema.ts'

/**
 * Moves every active ambassador term that has ended without being renewed to alumni, in one statement (so running it
 * twice, or in two processes, changes each membership once), and audits the change. A renewed term keeps its
 * status: the person continues as an ambassador in the next year's membership.
 */
export async function moveEndedTermsToAlumni(deps: AppDeps): Promise<string[]> {
  const now = deps.clock()
  return deps.db.transaction(async (tx) => {
    const moved = await tx
      .update(memberships)
      .set({ status: 'alumni' })
      .where(and(eq(memberships.status, 'active'), lte(memberships.termEnd, now), isNull(memberships.renewedById), eq(memberships.role, 'ambassador')))
      .returning({ id: memberships.id, personId: memberships.personId, cohortId: memberships.cohortId })
    if (moved.length) {
      await recordAudit(
        tx as unknown as Db,
        ...moved.map((m) => ({ actor: 'system', action: 'membership.alumni', entity: 'membership', entityId: m.id, before: { status: 'active' }, after: { status: 'alumni' } })),
      )
    }
    return moved.map((m) => m.id)
  })
}

/** The term-end job (one per membership, due at its end): moves every ended, unrenewed term to alumni. */
export async function moveEndedTermsJob(deps: AppDeps): Promise<void> {
  const moved = await moveEndedTermsToAlumni(deps)
  if (moved.length) deps.logger.info({ moved: moved.length }, 'memberships moved to alumni')
}
