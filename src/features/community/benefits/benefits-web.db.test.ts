import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../../../../tests/support/db.ts'
import { signedInClient } from '../../../../tests/support/sign-in.ts'
import { createApp } from '../../../app.tsx'
import { people } from '../../people/schema.ts'
import { eq } from 'drizzle-orm'
import { makeTermWorld } from '../test-support.ts'
import { benefitFulfilments, benefits } from '../schema.ts'
import { createPeople } from '../../people/create-people.ts'

const ADDRESS = 'Jana Novak, Hauptstraße 1, 10115 Berlin'

describeDb('benefits pages', (ctx) => {
  let world: Awaited<ReturnType<typeof makeTermWorld>>
  beforeAll(async () => {
    world = await makeTermWorld(ctx().db, 2)
  })

  it('a manager adds benefits, an ambassador claims one with an address that only its shipper sees, and a code shows once', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const path = `${world.base}/benefits`
    const [shipper] = await deps.db.select({ handle: people.handle }).from(people).where(eq(people.id, world.ambassadors[1]!.id))
    const manager = await signedInClient(app, deps.db, world.manager.email)
    await manager.get(path)
    expect((await manager.post(path, { name: 'Hoodie', kind: 'gift', needsAddress: 'yes', shippers: shipper!.handle })).status).toBe(303)
    expect((await manager.post(path, { name: 'Cloud credits', kind: 'cloud_credits', shippers: '' })).status).toBe(303)
    expect((await manager.post(path, { name: 'x', kind: 'gift' })).status).toBe(422)

    const ambassador = await signedInClient(app, deps.db, world.ambassadors[0]!.email)
    const page = await ambassador.get(path)
    const claimPaths = [...page.text.matchAll(/action="([^"]+\/claims)"/g)].map((m) => m[1]!)
    expect(claimPaths).toHaveLength(2)
    const [credits, hoodie] = claimPaths // ordered by name
    // No address, or too short: the message stands under this benefit's address field, the text kept, nothing claimed.
    const missing = await ambassador.post(hoodie!, {})
    expect(missing.status).toBe(422)
    const hoodieId = /\/benefits\/([0-9a-f-]+)\/claims/.exec(hoodie!)![1]!
    expect(missing.text).toContain(`<p class="field-error" id="address-${hoodieId}-error">Give your full shipping address (name, street, postcode, city and country) so the parcel can reach you.</p>`)
    expect(missing.text.match(/aria-invalid="true"/g)).toHaveLength(1)
    const short = await ambassador.post(hoodie!, { address: 'Berlin' })
    expect(short.status).toBe(422)
    expect(short.text).toMatch(new RegExp(`aria-describedby="address-${hoodieId}-error"[^>]*>Berlin</textarea>`))
    expect(await deps.db.select().from(benefitFulfilments)).toEqual([])
    expect((await ambassador.post(hoodie!, { address: ADDRESS })).status).toBe(303)
    expect((await ambassador.post(credits!, {})).status).toBe(303)

    expect((await manager.get(path)).text).not.toContain('Hauptstraße')
    const shipperClient = await signedInClient(app, deps.db, world.ambassadors[1]!.email)
    expect((await shipperClient.get(path)).text).toContain('Hauptstraße 1')

    const managerPage = (await manager.get(path)).text
    const creditClaim = /action="([^"]+\/benefits\/claims\/[0-9a-f-]+)"/.exec(managerPage)![1]!
    // A status that is none of the four is refused next to that shipment's status, and changes nothing.
    const bogus = await manager.post(creditClaim, { status: 'shipped-ish', code: '' })
    expect(bogus.status).toBe(422)
    const fulfilmentId = creditClaim.split('/').at(-1)!
    expect(bogus.text).toContain(`<p class="field-error" id="status-${fulfilmentId}-error">Choose pending, sent, delivered or declined.</p>`)
    expect((await deps.db.select({ status: benefitFulfilments.status }).from(benefitFulfilments).where(eq(benefitFulfilments.id, fulfilmentId)))[0]!.status).toBe('pending')
    await deps.db.update(benefitFulfilments).set({ status: 'sent' }).where(eq(benefitFulfilments.id, fulfilmentId))
    expect((await manager.post(creditClaim, { status: 'delivered!', code: '' })).status).toBe(422)
    expect((await deps.db.select({ status: benefitFulfilments.status }).from(benefitFulfilments).where(eq(benefitFulfilments.id, fulfilmentId)))[0]!.status).toBe('sent')
    expect((await manager.post(creditClaim, { status: 'sent', code: 'KSC-9876' })).status).toBe(303)
    const stored = await deps.db.select({ code: benefitFulfilments.codeSealed }).from(benefitFulfilments)
    expect(JSON.stringify(stored)).not.toContain('KSC-9876')
    const reveal = /action="([^"]+\/code)"/.exec((await ambassador.get(path)).text)![1]!
    expect((await ambassador.post(reveal, {})).text).toContain('KSC-9876')
    const again = await ambassador.post(reveal, {})
    expect(again.text).not.toContain('KSC-9876')
    expect(again.text).toContain('The code was already shown')
  })

  it('the add form refuses a shipper handle of nobody in the program and a kind not in the list, next to the field, values kept, nothing added', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const path = `${world.base}/benefits`
    const [outsider] = await createPeople(deps.db, [{ displayName: `Outsider ${world.tag}`, email: `outsider-${world.tag}@example.org` }])
    const [shipper] = await deps.db.select({ handle: people.handle }).from(people).where(eq(people.id, world.ambassadors[1]!.id))
    const manager = await signedInClient(app, deps.db, world.manager.email)
    await manager.get(path)
    const before = await deps.db.select({ id: benefits.id }).from(benefits)
    for (const shippers of [`${shipper!.handle}, nobody-${world.tag}`, outsider!.handle]) {
      const refused = await manager.post(path, { name: 'Sticker pack', kind: 'gift', needsAddress: 'yes', shippers })
      expect(refused.status).toBe(422)
      expect(refused.text).toContain('<p class="field-error" id="shippers-error">Give the handles of ambassadors or managers of this program')
      expect(refused.text).toContain(`value="${shippers}" aria-invalid="true" aria-describedby="shippers-error"`)
      expect(refused.text).toContain('value="Sticker pack"')
      expect(refused.text).toMatch(/name="needsAddress" value="yes" checked/)
    }
    const badKind = await manager.post(`${path}?lang=zh-CN`, { name: 'Sticker pack', kind: 'bogus', shippers: shipper!.handle })
    expect(badKind.status).toBe(422)
    expect(badKind.text).toContain('<p class="field-error" id="kind-error">请选择类别。</p>')
    expect(await deps.db.select({ id: benefits.id }).from(benefits)).toEqual(before)

    // Handles as typed (upper case, @, commas and spaces) name the shipper; a second benefit of that name is told as such.
    expect((await manager.post(`${path}?lang=en`, { name: 'Sticker pack', kind: 'gift', shippers: ` @${shipper!.handle.toUpperCase()} ,` })).status).toBe(303)
    const [added] = await deps.db.select({ shipperIds: benefits.shipperIds, kind: benefits.kind }).from(benefits).where(eq(benefits.name, 'Sticker pack'))
    expect(added).toEqual({ shipperIds: [world.ambassadors[1]!.id], kind: 'gift' })
    const again = await manager.post(`${path}?lang=en`, { name: 'Sticker pack', kind: 'gift', shippers: '' })
    expect(again.status).toBe(422)
    expect(again.text).toContain('<p class="field-error" id="name-error">A benefit of that name exists already.</p>')
  })
})
