import { eq, sql } from 'drizzle-orm'
import { expect, it } from 'vitest'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list'
import { describeDb } from '../../../tests/support/db.ts'
import { makeAmbassadors, makeCommunity } from '../../../tests/support/factories.ts'
import { cohorts } from '../programs/schema.ts'
import { createApp } from '../../app.tsx'
import type { Db } from '../../db/client.ts'
import { auditLog } from '../audit/schema.ts'
import { memberships } from '../memberships/schema.ts'
import { bakePng } from './baking/png.ts'
import { offlineDocumentLoader } from './document-loader.ts'
import { deploymentDid } from './issuer.ts'
import { issueCredential } from './issue-credential.ts'
import { createSigningKey, currentSigningKey } from './keys.ts'
import { findCredential, listCohortCredentials } from './queries.ts'
import { revokeCredential } from './revoke-credential.ts'
import { credentials } from './schema.ts'
import { signCredential } from './sign-credential.ts'
import { verifyIndependently } from './testing/independent-verifier.ts'
import { validateAgainstObSchema } from './testing/ob-schema.ts'
import { tinyPng } from '../../../tests/support/png.ts'

const DURING_TERM = new Date('2025-08-01T00:00:00Z')
const AFTER_TERM = new Date('2026-06-01T00:00:00Z')
const BEFORE_TERM = new Date('2025-01-01T00:00:00Z')

async function membershipOf(db: Db, personId: string): Promise<string> {
  const [row] = await db.select({ id: memberships.id }).from(memberships).where(eq(memberships.personId, personId))
  return row!.id
}

describeDb('Open Badges credentials', (ctx) => {
  let ids: string[] = []
  let cohortId = ''
  let certificatesPath = ''
  const names = ['Onur Canog\u0306lu', 'I\u0307remnur O\u0308nder', '尹敏', 'שרה כהן']

  const appFetch = () => {
    const app = createApp(ctx())
    return async (url: string) => app.request(new URL(url).pathname)
  }
  const ours = (url: string) => url.startsWith('http://embassy.test/') || url.startsWith('https://embassy.test/')
  const independent = (credential: unknown, now = DURING_TERM) => verifyIndependently(credential, { fetch: appFetch(), ours, now })

  it('issues one credential per membership and term, which the independent verifier and the 1EdTech schema accept', async () => {
    const deps = ctx()
    deps.setNow(DURING_TERM)
    await expect(issueCredential(deps, '00000000-0000-4000-8000-000000000000')).rejects.toThrow(/No membership/)
    await createSigningKey(deps.db, deps.secretKey, 'test')
    const community = await makeCommunity(deps.db)
    cohortId = community.cohort!.cohortId
    const [cohortRow] = await deps.db.select({ slug: cohorts.slug }).from(cohorts).where(eq(cohorts.id, cohortId))
    certificatesPath = `/c/${community.slug}/programs/${community.programSlug}/cohorts/${cohortRow!.slug}/certificates`
    const people = (await makeAmbassadors(deps.db, community.cohort!, names)).map((p) => p.id)
    const membershipIds = (await deps.db.select({ id: memberships.id, personId: memberships.personId }).from(memberships).where(eq(memberships.cohortId, cohortId)))
      .sort((a, b) => people.indexOf(a.personId) - people.indexOf(b.personId))
      .map((r) => r.id)
    const first = await Promise.all(membershipIds.map((m) => issueCredential(deps, m)))
    expect(first.every((r) => r.created)).toBe(true)
    // Again, and concurrently: the same credentials, no new rows.
    const again = await Promise.all([...membershipIds, ...membershipIds].map((m) => issueCredential(deps, m)))
    expect(again.every((r) => !r.created)).toBe(true)
    expect(new Set(again.map((r) => r.id))).toEqual(new Set(first.map((r) => r.id)))
    const [{ n }] = (await deps.db.select({ n: sql<number>`count(*)::int` }).from(credentials).where(eq(credentials.membershipId, membershipIds[0]!))) as [{ n: number }]
    expect(n).toBe(1)
    ids = first.map((r) => r.id)

    for (const [i, id] of ids.entries()) {
      const record = (await findCredential(deps.db, id))!
      expect(record.recipientName).toBe(names[i])
      expect(record.credential.credentialSubject).toMatchObject({ name: names[i] })
      expect(record.credential.issuer).toMatchObject({ id: deploymentDid(deps.config), name: record.communityName })
      expect(record.credential.validFrom).toMatch(/Z$/)
      const schema = validateAgainstObSchema(record.credential)
      expect(schema.errors).toEqual([])
      expect(schema.warnings).toEqual([])
      const verdict = await independent(record.credential)
      expect(verdict.error).toBeUndefined()
      expect(verdict.verified && !verdict.revoked).toBe(true)
    }
    const statuses = (await listCohortCredentials(deps.db, cohortId)).map((r) => r.credential.credentialStatus as { statusListCredential: string; statusListIndex: string })
    // One list for the community even though the first issuances ran concurrently; distinct positions in it.
    expect(new Set(statuses.map((s) => s.statusListCredential)).size).toBe(1)
    expect(new Set(statuses.map((s) => s.statusListIndex)).size).toBe(names.length)
  })

  it('fails tampered credentials, credentials signed by another key, expired and not-yet-valid ones', async () => {
    const deps = ctx()
    const record = (await findCredential(deps.db, ids[0]!))!
    const tampered = structuredClone(record.credential) as { credentialSubject: { name: string } }
    tampered.credentialSubject.name = 'Onur Canoglu'
    expect((await independent(tampered)).verified).toBe(false)

    // A key that is not in the issuer's DID document, claiming to be the issuer.
    const pair = await Ed25519Multikey.generate()
    const exported = await pair.export({ publicKey: true, secretKey: true })
    const { proof: _proof, ...unsigned } = record.credential
    const forged = await signCredential(unsigned, {
      key: { id: 'key-forged', publicKeyMultibase: exported.publicKeyMultibase!, secretKeyMultibase: exported.secretKeyMultibase!, createdAt: new Date() },
      issuerDid: deploymentDid(deps.config),
      created: DURING_TERM,
      documentLoader: offlineDocumentLoader(),
    })
    expect((await independent(forged)).verified).toBe(false)

    expect((await independent(record.credential, AFTER_TERM)).verified).toBe(false)
    expect((await independent(record.credential, BEFORE_TERM)).verified).toBe(false)
  })

  it('revocation (with a reason, audited) flips the status-list bit; the signature still holds but the credential fails', async () => {
    const deps = ctx()
    const id = ids[1]!
    await expect(revokeCredential(deps, id, '  ')).rejects.toThrow(/reason/)
    expect(await revokeCredential(deps, id, 'Left the program', 'admin@example.org')).toEqual({ changed: true })
    expect(await revokeCredential(deps, id, 'again')).toEqual({ changed: false })
    const record = (await findCredential(deps.db, id))!
    expect(record.revokedAt).not.toBeNull()
    const res = await createApp(deps).request(new URL((record.credential.credentialStatus as { statusListCredential: string }).statusListCredential).pathname)
    const list = (await res.json()) as { credentialSubject: { encodedList: string } }
    const bits = await decodeList({ encodedList: list.credentialSubject.encodedList })
    const index = Number((record.credential.credentialStatus as { statusListIndex: string }).statusListIndex)
    expect(bits.getStatus(index)).toBe(true)
    const other = (await findCredential(deps.db, ids[0]!))!
    expect(bits.getStatus(Number((other.credential.credentialStatus as { statusListIndex: string }).statusListIndex))).toBe(false)

    const verdict = await independent(record.credential)
    expect(verdict.revoked).toBe(true)
    const audit = await deps.db.select().from(auditLog).where(eq(auditLog.entityId, id))
    expect(audit.map((a) => a.action)).toContain('credential.revoke')
    expect(audit.find((a) => a.action === 'credential.revoke')!.actor).toBe('admin@example.org')
  })

  it('rotation: new credentials use the new key, old ones stay verifiable; did:key issuers verify too', async () => {
    const deps = ctx()
    const before = await currentSigningKey(deps.db, deps.secretKey)
    const rotated = await createSigningKey(deps.db, deps.secretKey, 'test', new Date(Date.now() + 1000))
    expect((await currentSigningKey(deps.db, deps.secretKey)).id).toBe(rotated.id)
    const community = await makeCommunity(deps.db)
    const [person] = await makeAmbassadors(deps.db, community.cohort!, ['Zoë Late'])
    const issued = await issueCredential(deps, await membershipOf(deps.db, person!.id))
    const fresh = (await findCredential(deps.db, issued.id))!
    expect(JSON.stringify(fresh.credential.proof)).toContain(rotated.id)
    expect((await independent(fresh.credential)).verified).toBe(true)
    const old = (await findCredential(deps.db, ids[0]!))!
    expect(JSON.stringify(old.credential.proof)).toContain(before.id)
    expect((await independent(old.credential)).verified).toBe(true)

    const [person2] = await makeAmbassadors(deps.db, community.cohort!, ['Kevin Xu'])
    const byKey = (await findCredential(deps.db, (await issueCredential(deps, await membershipOf(deps.db, person2!.id), { didMethod: 'key' })).id))!
    expect((byKey.credential.issuer as { id: string }).id).toMatch(/^did:key:z6Mk/)
    const v = await independent(byKey.credential)
    expect(v.error).toBeUndefined()
    expect(v.verified && !v.revoked).toBe(true)
  })

  it('serves the DID document, status lists with ETags, verification pages and JSON', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const did = (await (await app.request('/.well-known/did.json')).json()) as { id: string; verificationMethod: { type: string }[] }
    expect(did.id).toBe('did:web:embassy.test')
    expect(did.verificationMethod.length).toBe(2)
    expect(did.verificationMethod.every((m) => m.type === 'Multikey')).toBe(true)

    const record = (await findCredential(deps.db, ids[0]!))!
    const listPath = new URL((record.credential.credentialStatus as { statusListCredential: string }).statusListCredential).pathname
    const first = await app.request(listPath)
    expect(first.status).toBe(200)
    expect(first.headers.get('cache-control')).toMatch(/max-age/)
    const etag = first.headers.get('etag')!
    expect((await app.request(listPath, { headers: { 'if-none-match': etag } })).status).toBe(304)
    expect((await app.request('/credentials/status/not-a-list')).status).toBe(404)

    const page = await app.request(`/credentials/${ids[0]}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('data-verdict="valid"')
    expect(html.normalize('NFC')).toContain('Onur Canoğlu')
    expect(html).toContain('linkedin.com/profile/add')
    const revoked = await (await app.request(`/credentials/${ids[1]}`)).text()
    expect(revoked).toContain('data-verdict="revoked"')
    deps.setNow(AFTER_TERM)
    expect(await (await app.request(`/credentials/${ids[0]}`)).text()).toContain('data-verdict="expired"')
    deps.setNow(DURING_TERM)
    expect((await app.request('/credentials/00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect((await app.request('/credentials/nonsense')).status).toBe(404)
    const json = await app.request(`/credentials/${ids[0]}.json`)
    expect(json.status).toBe(200)
    expect(await json.text()).toBe(record.credentialJson)
    const negotiated = await app.request(`/credentials/${ids[0]}`, { headers: { accept: 'application/json' } })
    expect(((await negotiated.json()) as { id: string }).id).toBe(record.credential.id)

    // The cohort's certificate table: a page of the site, the bare table to paste elsewhere, and Markdown.
    const table = await (await app.request(certificatesPath)).text()
    expect(table).toMatch(/^<!DOCTYPE html><html lang="en">/)
    expect(table).toContain('<table class="certificate-table">')
    expect(table).toContain(`href="/credentials/${ids[0]}"`)
    const fragment = await (await app.request(`${certificatesPath}?format=html`)).text()
    expect(fragment).toMatch(/^<table class="certificate-table">/)
    expect(fragment).toContain(`href="http://embassy.test/credentials/${ids[0]}"`)
    expect(await (await app.request(`${certificatesPath}?format=markdown`)).text()).toContain(`(http://embassy.test/credentials/${ids[0]})`)
  })

  it('POST /credentials/verify gives a verdict with the right status for every kind of bad input', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const post = (body: string, type = 'application/json') => app.request('/credentials/verify', { method: 'POST', body, headers: { 'content-type': type } })
    const record = (await findCredential(deps.db, ids[0]!))!
    const ok = await post(JSON.stringify({ verifiableCredential: record.credential }))
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ verified: true, status: 'valid' })

    const tampered = structuredClone(record.credential) as { credentialSubject: { name: string } }
    tampered.credentialSubject.name = 'Onur Canoglu'
    const bad = await post(JSON.stringify(tampered))
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ verified: false, status: 'invalid', checks: { signature: 'failed' } })

    const revoked = await post(JSON.stringify((await findCredential(deps.db, ids[1]!))!.credential))
    expect(revoked.status).toBe(400)
    expect(await revoked.json()).toMatchObject({ verified: false, status: 'revoked', checks: { signature: 'ok', status: 'revoked' } })

    deps.setNow(AFTER_TERM)
    expect(await (await post(JSON.stringify(record.credential))).json()).toMatchObject({ status: 'expired', checks: { signature: 'ok' } })
    deps.setNow(BEFORE_TERM)
    expect(await (await post(JSON.stringify(record.credential))).json()).toMatchObject({ status: 'not_yet_valid' })
    deps.setNow(DURING_TERM)

    expect((await post('{not json')).status).toBe(400)
    expect((await post('hello', 'text/plain')).status).toBe(415)
    expect((await post('[1,2]')).status).toBe(422)
    expect((await post('"x"')).status).toBe(422)
    expect((await post(JSON.stringify({ ...record.credential, '@context': ['https://example.org/unknown'] }))).status).toBe(422)
    const unknownContext = await post(JSON.stringify({ ...record.credential, '@context': [...(record.credential['@context'] as string[]), 'https://example.org/ctx'] }))
    expect(unknownContext.status).toBe(400)
    expect(JSON.stringify(await unknownContext.json())).toContain('https://example.org/ctx')
    expect((await post(JSON.stringify({ big: 'x'.repeat(6 * 1024 * 1024) }))).status).toBe(413)
  })

  it('verifies uploaded baked PNGs and refuses images without a badge, with two, or too large', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const form = await app.request('/credentials/verify')
    const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!
    const upload = (bytes: Buffer, name: string) => {
      const body = new FormData()
      body.set('_csrf', csrf)
      body.set('file', new File([new Uint8Array(bytes)], name))
      return app.request('/credentials/verify/upload', { method: 'POST', body, headers: { cookie } })
    }
    const record = (await findCredential(deps.db, ids[0]!))!
    const baked = bakePng(tinyPng(), record.credentialJson)
    const ok = await upload(baked, 'cert.png')
    expect(ok.status).toBe(200)
    expect(await ok.text()).toContain('data-verdict="valid"')

    const plain = await upload(tinyPng(), 'plain.png')
    expect(plain.status).toBe(422)
    // Two credential chunks: the baked chunk inserted twice.
    const iend = baked.length - 12
    const itxtStart = baked.indexOf(Buffer.from('iTXt')) - 4
    const twice = Buffer.concat([baked.subarray(0, iend), baked.subarray(itxtStart, iend), baked.subarray(iend)])
    const two = await upload(twice, 'two.png')
    expect(two.status).toBe(422)
    expect((await upload(Buffer.from('just text'), 'x.txt')).status).toBe(415)
    expect((await upload(Buffer.alloc(6 * 1024 * 1024, 1), 'huge.png')).status).toBe(413)
  })

  it('a verdict read in Chinese gives its dates as Chinese readers write them, not as raw ISO timestamps', async () => {
    const deps = ctx()
    const app = createApp(deps)
    const form = await app.request('/credentials/verify?lang=zh-CN')
    const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
    expect(cookie).toContain('lang=zh-CN')
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!
    const record = (await findCredential(deps.db, ids[0]!))!
    const { validFrom, validUntil } = record.credential as { validFrom: string; validUntil: string }
    const upload = async () => {
      const body = new FormData()
      body.set('_csrf', csrf)
      body.set('file', new File([new Uint8Array(bakePng(tinyPng(), record.credentialJson))], 'cert.png'))
      return (await app.request('/credentials/verify/upload', { method: 'POST', body, headers: { cookie } })).text()
    }
    const day = (iso: string) => new Intl.DateTimeFormat('zh-CN', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso))
    deps.setNow(AFTER_TERM)
    try {
      const html = await upload()
      expect(html).toContain('<html lang="zh-CN">')
      expect(html).toContain('(已过期)')
      expect(html).toContain(`<time datetime="${validFrom}">${day(validFrom)}`)
      expect(html).toContain(`该凭证已于 ${day(validUntil)}`)
      // The timestamps stay machine-readable in datetime="…" only.
      expect(html.replaceAll(/datetime="[^"]*"/g, '')).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/)
      // The verification page of the same credential says the reason in Chinese too.
      // The language cookie set by ?lang= is enough, as on every other page.
      const page = await (await app.request(`/credentials/${ids[0]}`, { headers: { cookie } })).text()
      expect(page).toContain('<html lang="zh-CN">')
      expect(page).toContain(`该凭证已于 ${day(validUntil)}`)
      expect(page.replaceAll(/datetime="[^"]*"/g, '')).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/)
    } finally {
      deps.setNow(DURING_TERM)
    }
  })

  it('the offline loader refuses URLs it does not bundle', async () => {
    await expect(offlineDocumentLoader()('https://example.org/contexts/unknown.jsonld')).rejects.toThrow(/never fetched/)
  })
})
