import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client.ts'
import { AppError } from '../../../lib/errors.ts'
import { isUuid } from '../../../lib/ids.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import type { ProgramStanding } from '../policy.ts'
import { benefitFulfilments, benefitKinds, benefits } from '../schema.ts'
import { activeMembersAmong } from '../standing.ts'
import { seal, unseal } from './sealed.ts'

type Status = (typeof benefitFulfilments.$inferSelect)['status']

/** A manager adds a benefit to the program's catalogue with the people who ship it (program members or managers). */
export async function addBenefit(db: Db, options: { programId: string; standing: ProgramStanding; name: string; kind: (typeof benefitKinds)[number]; needsAddress: boolean; shipperIds: string[] }): Promise<{ id: string }> {
  if (!options.standing.isManager) throw new AppError('forbidden', 'Only program managers edit the benefits catalogue.')
  const name = options.name.trim()
  if (name.length < 2 || name.length > 120) throw new AppError('validation', 'Give the benefit a name.', { name: 'community.field.giveName' })
  if (!benefitKinds.includes(options.kind)) throw new AppError('validation', 'Choose a kind.', { kind: 'community.field.chooseKind' })
  if (options.shipperIds.some((id) => !isUuid(id))) throw new AppError('validation', 'Unknown shipper.', { shipperIds: 'community.field.invalid' })
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db
    const [row] = await t.insert(benefits).values({ programId: options.programId, name, kind: options.kind, needsAddress: options.needsAddress, shipperIds: [...new Set(options.shipperIds)] }).onConflictDoNothing().returning({ id: benefits.id })
    if (!row) throw new AppError('validation', 'A benefit of that name exists.', { name: 'community.field.duplicateBenefit' })
    await recordAudit(t, { actor: options.standing.personId, action: 'benefit.add', entity: 'benefit', entityId: row.id, after: { name, kind: options.kind, shippers: options.shipperIds } })
    return row
  })
}

async function benefitOf(db: Db, programId: string, benefitId: string) {
  if (!isUuid(benefitId)) throw new AppError('not_found', 'There is no such benefit.')
  const [row] = await db.select().from(benefits).where(and(eq(benefits.id, benefitId), eq(benefits.programId, programId)))
  if (!row) throw new AppError('not_found', 'There is no such benefit.')
  return row
}

/** An ambassador claims a benefit (once); a physical one needs a shipping address, which is stored sealed. */
export async function claimBenefit(db: Db, secret: string, options: { programId: string; standing: ProgramStanding; benefitId: string; address?: string }): Promise<{ id: string }> {
  const benefit = await benefitOf(db, options.programId, options.benefitId)
  if (!(await activeMembersAmong(db, options.programId, [options.standing.personId])).length) throw new AppError('forbidden', 'Only ambassadors of this program claim benefits.')
  const address = options.address?.trim() ?? ''
  if (benefit.needsAddress && address.length < 10) throw new AppError('validation', 'Give a full shipping address.', { address: 'community.field.giveAddress' })
  if (benefit.needsAddress && address.length > 1000) throw new AppError('validation', 'The shipping address is too long.', { address: 'community.field.tooLong' })
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db
    const [row] = await t
      .insert(benefitFulfilments)
      .values({ benefitId: benefit.id, personId: options.standing.personId, addressSealed: benefit.needsAddress ? seal(secret, address) : null })
      .onConflictDoNothing()
      .returning({ id: benefitFulfilments.id })
    if (!row) throw new AppError('conflict', 'You have claimed this benefit already.')
    // The audit log records that an address was given, never the address.
    await recordAudit(t, { actor: options.standing.personId, action: 'benefit.claim', entity: 'benefit_fulfilment', entityId: row.id, after: { benefitId: benefit.id, address: benefit.needsAddress ? 'sealed' : null } })
    return row
  })
}

/** A shipper of the benefit moves a fulfilment on (sent, delivered, declined) and may attach a credit code (sealed). */
export async function updateFulfilment(db: Db, secret: string, options: { programId: string; standing: ProgramStanding; fulfilmentId: string; status: Status | string; code?: string }): Promise<void> {
  if (!isUuid(options.fulfilmentId)) throw new AppError('not_found', 'There is no such fulfilment.')
  const [row] = await db.select({ f: benefitFulfilments, b: benefits }).from(benefitFulfilments).innerJoin(benefits, eq(benefits.id, benefitFulfilments.benefitId)).where(and(eq(benefitFulfilments.id, options.fulfilmentId), eq(benefits.programId, options.programId)))
  if (!row) throw new AppError('not_found', 'There is no such fulfilment.')
  if (!row.b.shipperIds.includes(options.standing.personId)) throw new AppError('forbidden', 'Only the people who ship this benefit update it.')
  if (!['pending', 'sent', 'delivered', 'declined'].includes(options.status)) throw new AppError('validation', 'Choose a status.', { status: 'community.field.chooseStatus' })
  const code = options.code?.trim()
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db
    await t
      .update(benefitFulfilments)
      .set({ status: options.status as Status, updatedAt: new Date(), ...(code ? { codeSealed: seal(secret, code), codeRevealedAt: null } : {}) })
      .where(eq(benefitFulfilments.id, row.f.id))
    await recordAudit(t, { actor: options.standing.personId, action: 'benefit.update', entity: 'benefit_fulfilment', entityId: row.f.id, before: { status: row.f.status }, after: { status: options.status, code: code ? 'sealed' : undefined } })
  })
}

/** The ambassador's credit code, exactly once: the first call marks it revealed and returns it; later calls return undefined. */
export async function revealCode(db: Db, secret: string, options: { personId: string; fulfilmentId: string; now: Date }): Promise<string | undefined> {
  if (!isUuid(options.fulfilmentId)) throw new AppError('not_found', 'There is no such fulfilment.')
  // One statement claims the reveal, so two tabs opening it at once cannot both see the code.
  const [row] = await db
    .update(benefitFulfilments)
    .set({ codeRevealedAt: options.now })
    .where(and(eq(benefitFulfilments.id, options.fulfilmentId), eq(benefitFulfilments.personId, options.personId), isNull(benefitFulfilments.codeRevealedAt), sql`${benefitFulfilments.codeSealed} is not null`))
    .returning({ codeSealed: benefitFulfilments.codeSealed })
  if (!row?.codeSealed) return undefined
  await recordAudit(db, { actor: options.personId, action: 'benefit.reveal_code', entity: 'benefit_fulfilment', entityId: options.fulfilmentId })
  return unseal(secret, row.codeSealed)
}

/** The fulfilments of a benefit for the people who ship it, with addresses opened; refused to anyone else. One query. */
export async function listShipments(db: Db, secret: string, options: { programId: string; standing: ProgramStanding; benefitId: string }) {
  const benefit = await benefitOf(db, options.programId, options.benefitId)
  if (!benefit.shipperIds.includes(options.standing.personId)) throw new AppError('forbidden', 'Only the people who ship this benefit see its addresses.')
  const rows = await db.select().from(benefitFulfilments).where(eq(benefitFulfilments.benefitId, benefit.id))
  return rows.map((r) => ({ id: r.id, personId: r.personId, status: r.status, address: r.addressSealed ? unseal(secret, r.addressSealed) : null, hasCode: r.codeSealed !== null }))
}
