import type { Db } from '../../db/client.ts'
import { auditLog } from './schema.ts'

/** One audit entry: who did what to which record. */
export interface AuditEntry {
  actor: string
  action: string
  entity: string
  entityId?: string | null
  before?: unknown
  after?: unknown
}

/** Appends entries to the audit log (inside the caller's transaction when given one). */
export async function recordAudit(db: Db, ...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return
  await db.insert(auditLog).values(
    entries.map((e) => ({
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId ?? null,
      before: e.before ?? null,
      after: e.after ?? null,
    })),
  )
}
