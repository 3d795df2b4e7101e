import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, expect, it } from 'vitest'
import { describeDb } from '../../../../tests/support/db.ts'
import { makeAmbassadors, makeCommunity } from '../../../../tests/support/factories.ts'
import { createApp } from '../../../app.tsx'
import { memberships } from '../../memberships/schema.ts'
import { unbakePng } from '../baking/png.ts'
import { issueCredential } from '../issue-credential.ts'
import { createSigningKey } from '../keys.ts'
import { findCredential } from '../queries.ts'
import { revokeCredential } from '../revoke-credential.ts'
import { sharedRenderPool } from './render-pool.ts'

const dirs: string[] = []
afterAll(async () => {
  await sharedRenderPool().close()
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

function files(dir: string, ext: string): string[] {
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(ext)) : []
}

describeDb('certificate downloads', (ctx) => {
  const names = ['Onur Canog\u0306lu', '尹敏']
  let ids: string[] = []
  let dataDir = ''
  let app: ReturnType<typeof createApp>

  it('serves the PNG with the credential baked in, a file name from the person’s name, an ETag, and caches it on disk', { timeout: 120_000 }, async () => {
    const base = ctx()
    base.setNow(new Date('2025-08-01T00:00:00Z'))
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embassy-certificates-'))
    dirs.push(dataDir)
    const deps = { ...base, config: { ...base.config, dataDir } }
    app = createApp(deps)
    await createSigningKey(deps.db, deps.secretKey, 'test')
    const community = await makeCommunity(deps.db)
    const people = await makeAmbassadors(deps.db, community.cohort!, names)
    const rows = await deps.db.select({ id: memberships.id, personId: memberships.personId }).from(memberships).where(eq(memberships.cohortId, community.cohort!.cohortId))
    ids = []
    for (const p of people) ids.push((await issueCredential(deps, rows.find((r) => r.personId === p.id)!.id)).id)

    const res = await app.request(`/credentials/${ids[0]}/certificate.png`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('content-disposition')).toBe(
      `inline; filename="Certificate - Onur Canoglu.png"; filename*=UTF-8''Certificate%20-%20Onur%20Cano%C4%9Flu.png`,
    )
    const png = Buffer.from(await res.arrayBuffer())
    const record = (await findCredential(deps.db, ids[0]!))!
    expect(unbakePng(png)).toBe(record.credentialJson)
    const etag = res.headers.get('etag')!
    expect(etag).toMatch(/^".+"$/)
    expect(files(path.join(dataDir, 'certificates'), '.png')).toHaveLength(1)

    const again = await app.request(`/credentials/${ids[0]}/certificate.png?download`, { headers: { 'If-None-Match': etag } })
    expect(again.status).toBe(304)
    expect(again.headers.get('content-disposition')).toMatch(/^attachment; /)
    const repeat = await app.request(`/credentials/${ids[0]}/certificate.png`)
    expect(Buffer.from(await repeat.arrayBuffer()).equals(png)).toBe(true)
    expect(files(path.join(dataDir, 'certificates'), '.png')).toHaveLength(1)
  })

  it('serves the PDF; a name with no ASCII letters falls back to the certificate id in filename', { timeout: 120_000 }, async () => {
    const res = await app.request(`/credentials/${ids[1]}/certificate.pdf`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toBe(
      `inline; filename="Certificate ${ids[1]!.slice(0, 8)}.pdf"; filename*=UTF-8''Certificate%20-%20%E5%B0%B9%E6%95%8F.pdf`,
    )
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
  })

  it('answers 404 for unknown ids and 410 once the credential is revoked', { timeout: 60_000 }, async () => {
    expect((await app.request('/credentials/00000000-0000-4000-8000-000000000000/certificate.png')).status).toBe(404)
    expect((await app.request('/credentials/not-an-id/certificate.pdf')).status).toBe(404)
    await revokeCredential(ctx(), ids[1]!, 'Left the program')
    expect((await app.request(`/credentials/${ids[1]}/certificate.png`)).status).toBe(410)
  })
})
