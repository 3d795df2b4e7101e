import { beforeAll, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../../../tests/support/db.ts'
import { refusal } from '../../../../tests/support/refusal.ts'
import { auditLog } from '../../audit/schema.ts'
import { benefitFulfilments } from '../schema.ts'
import { makeTermWorld } from '../test-support.ts'
import { addBenefit, claimBenefit, listShipments, revealCode, updateFulfilment } from './fulfil-benefit.ts'
import { seal, unseal } from './sealed.ts'

const ADDRESS = 'Jana Novak, Hauptstraße 1, 10115 Berlin, Germany'

describeDb('benefits', (ctx) => {
  let world: Awaited<ReturnType<typeof makeTermWorld>>
  beforeAll(async () => {
    world = await makeTermWorld(ctx().db, 2)
  })

  it('addresses are stored sealed and shown only to the benefit\'s shippers; codes are shown once', async () => {
    const { db, secretKey } = ctx()
    const p = world.programId
    const shipper = world.ambassadors[1]!
    const ambassador = await world.standingOf(world.ambassadors[0]!.id)
    expect((await refusal(addBenefit(db, { programId: p, standing: ambassador, name: 'Hoodie', kind: 'gift', needsAddress: true, shipperIds: [] }))).code).toBe('forbidden')
    const hoodie = await addBenefit(db, { programId: p, standing: world.managerStanding, name: 'Hoodie', kind: 'gift', needsAddress: true, shipperIds: [shipper.id] })
    const credits = await addBenefit(db, { programId: p, standing: world.managerStanding, name: 'Cloud credits', kind: 'cloud_credits', needsAddress: false, shipperIds: [world.manager.id] })

    expect((await refusal(claimBenefit(db, secretKey, { programId: p, standing: ambassador, benefitId: hoodie.id, address: 'short' }))).fields).toEqual({ address: 'community.field.giveAddress' })
    const claim = await claimBenefit(db, secretKey, { programId: p, standing: ambassador, benefitId: hoodie.id, address: ADDRESS })
    expect((await refusal(claimBenefit(db, secretKey, { programId: p, standing: ambassador, benefitId: hoodie.id, address: ADDRESS }))).code).toBe('conflict')
    const [stored] = await db.select().from(benefitFulfilments).where(eq(benefitFulfilments.id, claim.id))
    expect(stored!.addressSealed).not.toContain('Berlin')
    expect(JSON.stringify(await db.select().from(auditLog))).not.toContain('Hauptstraße')

    // The manager does not ship hoodies: no addresses for them, nor for the ambassador.
    expect((await refusal(listShipments(db, secretKey, { programId: p, standing: world.managerStanding, benefitId: hoodie.id }))).code).toBe('forbidden')
    expect((await refusal(listShipments(db, secretKey, { programId: p, standing: ambassador, benefitId: hoodie.id }))).code).toBe('forbidden')
    const shipperStanding = await world.standingOf(shipper.id)
    expect(await listShipments(db, secretKey, { programId: p, standing: shipperStanding, benefitId: hoodie.id })).toEqual([{ id: claim.id, personId: world.ambassadors[0]!.id, status: 'pending', address: ADDRESS, hasCode: false }])
    await updateFulfilment(db, secretKey, { programId: p, standing: shipperStanding, fulfilmentId: claim.id, status: 'sent' })
    expect((await refusal(updateFulfilment(db, secretKey, { programId: p, standing: world.managerStanding, fulfilmentId: claim.id, status: 'delivered' }))).code).toBe('forbidden')

    const creditClaim = await claimBenefit(db, secretKey, { programId: p, standing: ambassador, benefitId: credits.id })
    await updateFulfilment(db, secretKey, { programId: p, standing: world.managerStanding, fulfilmentId: creditClaim.id, status: 'sent', code: 'KSC-1234-ABCD' })
    const [sealedCode] = await db.select({ c: benefitFulfilments.codeSealed }).from(benefitFulfilments).where(eq(benefitFulfilments.id, creditClaim.id))
    expect(sealedCode!.c).not.toContain('KSC')
    expect(await revealCode(db, secretKey, { personId: world.ambassadors[1]!.id, fulfilmentId: creditClaim.id, now: new Date() })).toBeUndefined()
    expect(await revealCode(db, secretKey, { personId: world.ambassadors[0]!.id, fulfilmentId: creditClaim.id, now: new Date() })).toBe('KSC-1234-ABCD')
    expect(await revealCode(db, secretKey, { personId: world.ambassadors[0]!.id, fulfilmentId: creditClaim.id, now: new Date() })).toBeUndefined()
  })

  it('a sealed value opens only under the same key and untampered', () => {
    const sealed = seal('key-one-0123456789-0123456789-0123', 'secret')
    expect(unseal('key-one-0123456789-0123456789-0123', sealed)).toBe('secret')
    expect(() => unseal('key-two-0123456789-0123456789-0123', sealed)).toThrow()
    const parts = sealed.split('.')
    parts[3] = Buffer.from('tampered').toString('base64url')
    expect(() => unseal('key-one-0123456789-0123456789-0123', parts.join('.'))).toThrow()
  })
})
