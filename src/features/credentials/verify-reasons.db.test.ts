import { eq } from 'drizzle-orm'
import { beforeAll, expect, it } from 'vitest'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { describeDb } from '../../../tests/support/db.ts'
import { makeAmbassadors, makeCommunity } from '../../../tests/support/factories.ts'
import { createApp } from '../../app.tsx'
import { memberships } from '../memberships/schema.ts'
import { bakePng } from './baking/png.ts'
import { offlineDocumentLoader } from './document-loader.ts'
import { deploymentDid, didKeyOf } from './issuer.ts'
import { issueCredential } from './issue-credential.ts'
import { createSigningKey } from './keys.ts'
import { findCredential } from './queries.ts'
import { revokeCredential } from './revoke-credential.ts'
import { signCredential } from './sign-credential.ts'
import { tinyPng } from '../../../tests/support/png.ts'

const DURING_TERM = new Date('2025-08-01T00:00:00Z')
const AFTER_TERM = new Date('2026-06-01T00:00:00Z')

interface Reason {
  code: string
  message: string
  detail?: string
}

describeDb('credential verification reasons', (ctx) => {
  let valid: Record<string, unknown>
  let revokedId = ''
  let validId = ''
  let app: ReturnType<typeof createApp>

  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(DURING_TERM)
    await createSigningKey(deps.db, deps.secretKey, 'test')
    const community = await makeCommunity(deps.db)
    const people = await makeAmbassadors(deps.db, community.cohort!, ['Onur Canoğlu', '尹敏'])
    const issued = []
    for (const p of people) {
      const [m] = await deps.db.select({ id: memberships.id }).from(memberships).where(eq(memberships.personId, p.id))
      issued.push(await issueCredential(deps, m!.id))
    }
    validId = issued[0]!.id
    revokedId = issued[1]!.id
    await revokeCredential(deps, revokedId, 'Left the program')
    valid = (await findCredential(deps.db, validId))!.credential
    app = createApp(deps)
  })

  /** Credentials failing each way a verifier can find, with the reason code each must give. */
  async function failures(): Promise<[string, unknown][]> {
    const tampered = structuredClone(valid) as { credentialSubject: { name: string } }
    tampered.credentialSubject.name = 'Onur Canoglu'
    // Signed with a did:key whose holder is not the deployment the credential names as issuer.
    const pair = await Ed25519Multikey.generate()
    const exported = await pair.export({ publicKey: true, secretKey: true })
    const { proof: _proof, ...unsigned } = valid
    const otherIssuer = await signCredential(unsigned, {
      key: { id: 'key-other', publicKeyMultibase: exported.publicKeyMultibase!, secretKeyMultibase: exported.secretKeyMultibase!, createdAt: new Date() },
      issuerDid: didKeyOf(exported.publicKeyMultibase!),
      created: DURING_TERM,
      documentLoader: offlineDocumentLoader(),
    })
    // Signed with a key the deployment never published, claiming to be one of its keys.
    const forged = await signCredential(unsigned, {
      key: { id: 'key-forged', publicKeyMultibase: exported.publicKeyMultibase!, secretKeyMultibase: exported.secretKeyMultibase!, createdAt: new Date() },
      issuerDid: deploymentDid(ctx().config),
      created: DURING_TERM,
      documentLoader: offlineDocumentLoader(),
    })
    return [
      ['signature_mismatch', tampered],
      ['unknown_key', forged],
      ['wrong_issuer', otherIssuer],
      ['revoked', (await findCredential(ctx().db, revokedId))!.credential],
      ['not_object', [1, 2]],
      ['wrong_context', { ...valid, '@context': ['https://example.org/unknown'] }],
      ['no_proof', unsigned],
    ]
  }

  it('the JSON verify endpoint gives each failure a stable code with its English text, next to the English errors', async () => {
    for (const [code, credential] of await failures()) {
      const res = await app.request('/credentials/verify', { method: 'POST', body: JSON.stringify(credential), headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN' } })
      const body = (await res.json()) as { verified: boolean; errors: string[]; reasons: Reason[] }
      expect(body.verified, code).toBe(false)
      expect(body.reasons.map((r) => r.code), code).toContain(code)
      expect(body.errors).toEqual(body.reasons.map((r) => r.message))
      // English whatever the request's language.
      expect(body.errors.join(' ')).not.toMatch(/\p{Script=Han}/u)
    }
    const messages = async (credential: unknown) => ((await (await app.request('/credentials/verify', { method: 'POST', body: JSON.stringify(credential), headers: { 'content-type': 'application/json' } })).json()) as { reasons: Reason[] }).reasons
    const [tampered, forged, otherIssuer, revoked] = await failures()
    expect(await messages(tampered![1])).toEqual([{ code: 'signature_mismatch', message: 'The signature does not verify: the credential was changed after it was signed.' }])
    expect(await messages(forged![1])).toEqual([
      {
        code: 'unknown_key',
        message: 'The signature does not verify: its key did:web:embassy.test#key-forged is not among the keys its issuer publishes, or cannot be looked up here.',
        detail: 'did:web:embassy.test#key-forged',
      },
    ])
    expect((await messages(otherIssuer![1]))[0]).toMatchObject({ code: 'wrong_issuer', detail: 'Credential issuer must match the verification method controller.' })
    expect(await messages(revoked![1])).toEqual([{ code: 'revoked', message: 'The issuer has revoked this credential.' }])
    ctx().setNow(AFTER_TERM)
    try {
      expect(await messages(valid)).toEqual([{ code: 'expired', message: `The credential expired on ${valid.validUntil as string}.` }])
    } finally {
      ctx().setNow(DURING_TERM)
    }
  })

  it('the verify page gives every reason in Chinese when it is read in Chinese, and in English otherwise', async () => {
    const session = async (lang: string) => {
      const form = await app.request(`/credentials/verify?lang=${lang}`)
      return { cookie: form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]! }
    }
    const zh = await session('zh-CN')
    const en = await session('en')
    const upload = async (s: { cookie: string; csrf: string }, bytes: Buffer, name: string) => {
      const body = new FormData()
      body.set('_csrf', s.csrf)
      body.set('file', new File([new Uint8Array(bytes)], name))
      return (await app.request('/credentials/verify/upload', { method: 'POST', body, headers: { cookie: s.cookie } })).text()
    }
    const zhText: Record<string, string> = {
      signature_mismatch: '签名验证未通过：该凭证在签名之后被改动过。',
      wrong_issuer: '签名验证未通过：签名所用的密钥不属于凭证中写明的签发方。',
      unknown_key: '签名验证未通过：签名所用的密钥 did:web:embassy.test#key-forged 不在签发方公布的密钥之中，或无法在此查询。',
      revoked: '签发方已撤销该凭证。',
      not_object: '凭证必须是一个 JSON 对象。',
      wrong_context: '第一个 @context 必须是 https://www.w3.org/ns/credentials/v2（可验证凭证数据模型 2.0）。',
      no_proof: '该凭证没有签名证明（proof）。',
    }
    for (const [code, credential] of await failures()) {
      if (code === 'not_object') continue // an upload must be a JSON object, PNG or SVG to reach the verifier
      const json = Buffer.from(JSON.stringify(credential))
      const html = await upload(zh, json, 'credential.json')
      expect(html, code).toContain(zhText[code])
      expect(html, code).not.toContain('The signature does not verify')
      expect(await upload(en, json, 'credential.json'), code).not.toContain(zhText[code])
    }
    // The stored credential's own page too.
    expect(await (await app.request(`/credentials/${revokedId}`, { headers: { cookie: zh.cookie } })).text()).toContain('签发方已撤销该凭证。')
    expect(await (await app.request(`/credentials/${revokedId}`)).text()).toContain('The issuer has revoked this credential.')

    // Files that hold no readable credential are refused in the page's language too.
    expect(await upload(zh, tinyPng(), 'plain.png')).toContain('该图片中没有开放徽章凭证。')
    expect(await upload(en, tinyPng(), 'plain.png')).toContain('This image carries no Open Badges credential.')
    const broken = bakePng(tinyPng(), JSON.stringify(valid)).subarray(0, 60)
    expect(await upload(zh, broken, 'broken.png')).toContain('该 PNG 文件已损坏或不完整。')
    expect(await upload(zh, Buffer.from('<svg><g></svg>'), 'bad.svg')).toContain('该文件不是格式正确的 SVG 图片。')
  })
})
