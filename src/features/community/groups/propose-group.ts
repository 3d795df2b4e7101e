import { and, eq } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { AppError } from '../../../lib/errors.ts'
import { searchKey } from '../../../lib/text.ts'
import { isUuid } from '../../../lib/ids.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { groupForm, issueKeys, type RawForm } from '../forms.ts'
import { canReport, type ProgramStanding } from '../policy.ts'
import { userGroupLiaisons, userGroups } from '../schema.ts'
import { activeMembersAmong } from '../standing.ts'

/** An ambassador proposes a user group; they become its first liaison once a manager approves it. */
export async function proposeGroup(db: Db, options: { programId: string; standing: ProgramStanding; form: RawForm }): Promise<{ id: string }> {
  const { standing, programId } = options
  if (!canReport(standing)) throw new AppError('forbidden', 'Only ambassadors of this program can propose user groups.')
  const parsed = groupForm.safeParse(options.form)
  if (!parsed.success) throw new AppError('validation', 'Please check the user group.', issueKeys(parsed.error))
  const input = parsed.data
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db
    const [row] = await t
      .insert(userGroups)
      .values({ programId, name: input.name, nameKey: searchKey(input.name), city: input.city, country: input.country, region: input.region, links: input.links, organisers: input.organisers, cadence: input.cadence, lastMeetupOn: input.lastMeetupOn ?? null, proposedBy: standing.personId })
      .onConflictDoNothing()
      .returning({ id: userGroups.id })
    if (!row) throw new AppError('validation', 'A user group of that name exists.', { name: 'community.field.duplicateGroup' })
    await t.insert(userGroupLiaisons).values({ groupId: row.id, personId: standing.personId })
    await recordAudit(t, { actor: standing.personId, action: 'user_group.propose', entity: 'user_group', entityId: row.id, after: input })
    return row
  })
}

/** A manager approves or rejects a proposed group (a decided group keeps its first decision unless decided again). */
export async function decideGroup(db: Db, options: { programId: string; groupId: string; standing: ProgramStanding; decision: 'approved' | 'rejected'; now: Date }): Promise<void> {
  if (!options.standing.isManager) throw new AppError('forbidden', 'Only program managers approve user groups.')
  if (!isUuid(options.groupId)) throw new AppError('not_found', 'There is no such user group.')
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db
    const [before] = await t.select({ status: userGroups.status }).from(userGroups).where(and(eq(userGroups.id, options.groupId), eq(userGroups.programId, options.programId))).for('update')
    if (!before) throw new AppError('not_found', 'There is no such user group.')
    if (before.status === options.decision) return
    await t.update(userGroups).set({ status: options.decision, decidedBy: options.standing.personId, decidedAt: options.now }).where(eq(userGroups.id, options.groupId))
    await recordAudit(t, { actor: options.standing.personId, action: `user_group.${options.decision === 'approved' ? 'approve' : 'reject'}`, entity: 'user_group', entityId: options.groupId, before, after: { status: options.decision } })
  })
}

/** A manager sets a group's liaisons (program members only); replaces the list. */
export async function setLiaisons(db: Db, options: { programId: string; groupId: string; standing: ProgramStanding; personIds: string[] }): Promise<void> {
  if (!options.standing.isManager) throw new AppError('forbidden', 'Only program managers assign liaisons.')
  if (!isUuid(options.groupId) || options.personIds.some((id) => !isUuid(id))) throw new AppError('not_found', 'There is no such user group or person.')
  const wanted = [...new Set(options.personIds)]
  const members = await activeMembersAmong(db, options.programId, wanted)
  if (members.length !== wanted.length) throw new AppError('validation', 'Liaisons must be ambassadors of the program.', { liaisons: 'community.field.notMember' })
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db
    const [group] = await t.select({ id: userGroups.id }).from(userGroups).where(and(eq(userGroups.id, options.groupId), eq(userGroups.programId, options.programId))).for('update')
    if (!group) throw new AppError('not_found', 'There is no such user group.')
    await t.delete(userGroupLiaisons).where(eq(userGroupLiaisons.groupId, group.id))
    if (wanted.length) await t.insert(userGroupLiaisons).values(wanted.map((personId) => ({ groupId: group.id, personId })))
    await recordAudit(t, { actor: options.standing.personId, action: 'user_group.liaisons', entity: 'user_group', entityId: group.id, after: { liaisons: wanted } })
  })
}
