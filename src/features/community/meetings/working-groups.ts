import { and, eq } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { AppError } from '../../../lib/errors.ts'
import { isUuid } from '../../../lib/ids.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import type { ProgramStanding } from '../policy.ts'
import { workingGroupMembers, workingGroups } from '../schema.ts'
import { activeMembersAmong } from '../standing.ts'

/** A manager creates a working group with its first members (ambassadors of the program). */
export async function createWorkingGroup(db: Db, options: { programId: string; standing: ProgramStanding; name: string; description?: string; memberIds?: string[] }): Promise<{ id: string }> {
  if (!options.standing.isManager) throw new AppError('forbidden', 'Only program managers create working groups.')
  const name = options.name.trim()
  if (name.length < 2 || name.length > 120) throw new AppError('validation', 'Give the working group a name.', { name: 'community.field.giveName' })
  const wanted = [...new Set(options.memberIds ?? [])]
  if (wanted.some((id) => !isUuid(id)) || (await activeMembersAmong(db, options.programId, wanted)).length !== wanted.length) {
    throw new AppError('validation', 'Members must be ambassadors of the program.', { members: 'community.field.notMember' })
  }
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db
    const [row] = await t.insert(workingGroups).values({ programId: options.programId, name, description: options.description?.trim() ?? '' }).onConflictDoNothing().returning({ id: workingGroups.id })
    if (!row) throw new AppError('validation', 'A working group of that name exists.', { name: 'community.field.duplicateGroup' })
    if (wanted.length) await t.insert(workingGroupMembers).values(wanted.map((personId) => ({ workingGroupId: row.id, personId })))
    await recordAudit(t, { actor: options.standing.personId, action: 'working_group.create', entity: 'working_group', entityId: row.id, after: { name, members: wanted } })
    return row
  })
}

/** A manager adds or removes one member of a working group (idempotent). */
export async function setWorkingGroupMember(db: Db, options: { programId: string; standing: ProgramStanding; workingGroupId: string; personId: string; member: boolean }): Promise<void> {
  if (!options.standing.isManager) throw new AppError('forbidden', 'Only program managers change working groups.')
  if (!isUuid(options.workingGroupId) || !isUuid(options.personId)) throw new AppError('not_found', 'There is no such working group or person.')
  const [group] = await db.select({ id: workingGroups.id }).from(workingGroups).where(and(eq(workingGroups.id, options.workingGroupId), eq(workingGroups.programId, options.programId)))
  if (!group) throw new AppError('not_found', 'There is no such working group.')
  if (options.member && !(await activeMembersAmong(db, options.programId, [options.personId])).length) throw new AppError('validation', 'Members must be ambassadors of the program.', { members: 'community.field.notMember' })
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db
    const changed = options.member
      ? await t.insert(workingGroupMembers).values({ workingGroupId: group.id, personId: options.personId }).onConflictDoNothing().returning({ id: workingGroupMembers.personId })
      : await t.delete(workingGroupMembers).where(and(eq(workingGroupMembers.workingGroupId, group.id), eq(workingGroupMembers.personId, options.personId))).returning({ id: workingGroupMembers.personId })
    if (changed.length) await recordAudit(t, { actor: options.standing.personId, action: options.member ? 'working_group.add' : 'working_group.remove', entity: 'working_group', entityId: group.id, after: { personId: options.personId } })
  })
}
