import type { Db } from '../../db/client.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { memberships } from './schema.ts'

/** A term to record for a person in a cohort. */
export interface NewMembership {
  personId: string
  cohortId: string
  role?: 'ambassador' | 'organizer'
  termStart: Date
  termEnd: Date
  status?: 'active' | 'alumni' | 'revoked'
}

/** Records memberships in one statement and audits them; a person holds one role per cohort once. */
export async function addMemberships(db: Db, input: NewMembership[], actor = 'system'): Promise<string[]> {
  if (input.length === 0) return []
  const rows = await db
    .insert(memberships)
    .values(input.map((m) => ({ ...m, role: m.role ?? 'ambassador', status: m.status ?? 'active' })))
    .returning({ id: memberships.id })
  await recordAudit(db, {
    actor,
    action: 'membership.add',
    entity: 'cohort',
    entityId: input[0]!.cohortId,
    after: { count: rows.length, memberships: rows.map((r) => r.id) },
  })
  return rows.map((r) => r.id)
}
