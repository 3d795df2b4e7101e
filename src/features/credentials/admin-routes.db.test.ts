import { and, eq } from 'drizzle-orm'
import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { makeAmbassadors, makeCommunity } from '../../../tests/support/factories.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { FormClient } from '../../../tests/support/http.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { auditLog } from '../audit/schema.ts'
import { addMemberships } from '../memberships/add-memberships.ts'
import { memberships } from '../memberships/schema.ts'
import { createPeople } from '../people/create-people.ts'
import { issueCredential } from './issue-credential.ts'
import { createSigningKey } from './keys.ts'
import { cohortCredentialPage, findCredential } from './queries.ts'
import { revokeCredential } from './revoke-credential.ts'
import { credentials } from './schema.ts'

const DURING_TERM = new Date('2025-08-01T00:00:00Z')

/** The table row of one credential on the page. */
const rowOf = (html: string, id: string) => new RegExp(`<tr id="credential-${id}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? ''

describeDb('the managers’ credential list of a cohort, and revocation', (ctx) => {
  // Names as entered, in several scripts; the first is NFD (a combining breve), and must stay so.
  const names = { onur: 'Onur Canog\u0306lu', yin: '尹敏', sara: 'שרה כהן', dmitri: 'Дмитрий Иванов', amara: 'Amara Okafor', zoe: 'Zoë Müller' }
  const id = {} as Record<keyof typeof names | 'expired' | 'foreign', string>
  let app: ReturnType<typeof createApp>
  let manager: FormClient
  let outsider: FormClient
  let managerId = ''
  let list = ''
  let path = ''

  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(DURING_TERM)
    app = createApp(deps)
    await createSigningKey(deps.db, deps.secretKey, 'test')
    const community = await makeCommunity(deps.db)
    const cohort = community.cohort!
    const made = await makeAmbassadors(deps.db, cohort, Object.values(names))
    const rows = await deps.db.select({ id: memberships.id, personId: memberships.personId }).from(memberships).where(eq(memberships.cohortId, cohort.cohortId))
    for (const [i, key] of (Object.keys(names) as (keyof typeof names)[]).entries()) {
      id[key] = (await issueCredential(deps, rows.find((r) => r.personId === made[i]!.id)!.id)).id
    }
    // A shorter term that ended before "now": its credential has expired.
    const [early] = await createPeople(deps.db, [{ displayName: 'Björn Early' }])
    const [earlyMembership] = await addMemberships(deps.db, [{ personId: early!.id, cohortId: cohort.cohortId, termStart: new Date('2025-05-01T00:00:00Z'), termEnd: new Date('2025-07-01T00:00:00Z') }])
    id.expired = (await issueCredential(deps, earlyMembership!)).id
    await revokeCredential(deps, id.zoe, 'Left the program before the term began', 'test')

    // Another community's credential, for the 404.
    const other = await makeCommunity(deps.db)
    const [stranger] = await makeAmbassadors(deps.db, other.cohort!, ['Someone Else'])
    const [strangerMembership] = await deps.db.select({ id: memberships.id }).from(memberships).where(eq(memberships.personId, stranger!.id))
    id.foreign = (await issueCredential(deps, strangerMembership!.id)).id

    const tag = `${deps.engine}-${Date.now().toString(36)}`
    const [m, o] = await createPeople(deps.db, [
      { displayName: 'Cred Manager', email: `manager-${tag}@example.org` },
      { displayName: 'Cred Outsider', email: `outsider-${tag}@example.org` },
    ])
    managerId = m!.id
    await grantRole(deps.db, m!.id, 'program_manager', community.communityId, 'test')
    // A manager of another community manages nothing here.
    await grantRole(deps.db, o!.id, 'program_manager', other.communityId, 'test')
    manager = await signedInClient(app, deps.db, `manager-${tag}@example.org`)
    outsider = await signedInClient(app, deps.db, `outsider-${tag}@example.org`)
    path = `/admin/c/${community.slug}/programs/${community.programSlug}/cohorts/2025/credentials`
  }, 120_000)

  const revokedAt = async (credentialId: string) => (await findCredential(ctx().db, credentialId))!.revokedAt
  const revocations = async (credentialId: string) => ctx().db.select().from(auditLog).where(and(eq(auditLog.entityId, credentialId), eq(auditLog.action, 'credential.revoke')))

  it('lists every credential by name as entered, with its links, dates, status and the counts', async () => {
    const res = await manager.get(path)
    expect(res.status).toBe(200)
    list = res.text
    for (const name of [...Object.values(names), 'Björn Early']) expect(list).toContain(name)
    expect(list).toContain('Onur Canog\u0306lu')
    expect(list).not.toContain('Onur Canoğlu'.normalize('NFC'))
    expect(list).toContain('7 issued: 5 valid, 1 expired, 1 revoked.')
    for (const key of ['onur', 'yin', 'sara', 'dmitri', 'amara', 'zoe', 'expired'] as const) {
      const row = rowOf(list, id[key])
      expect(row, key).toContain(`href="/credentials/${id[key]}"`)
      expect(row).toContain(`href="/credentials/${id[key]}/certificate.png"`)
      expect(row).toContain(`href="/credentials/${id[key]}/certificate.pdf"`)
      // Issued on the test's "now", shown in the cohort's zone (Asia/Shanghai: 08:00).
      expect(row).toContain('1 Aug 2025, 08:00')
    }
    expect(rowOf(list, id.amara)).toContain('Valid')
    expect(rowOf(list, id.amara)).toContain('April 30, 2026')
    expect(rowOf(list, id.expired)).toContain('Expired on July 1, 2025')
    expect(rowOf(list, id.zoe)).toContain('Revoked on August 1, 2025: Left the program before the term began')
    // A revoke form for each credential not revoked yet.
    expect(rowOf(list, id.zoe)).not.toContain('<form')
    for (const key of ['onur', 'yin', 'sara', 'dmitri', 'amara', 'expired'] as const) expect(rowOf(list, id[key])).toContain(`action="${path}/${id[key]}/revoke"`)
    expect(list).toContain('I understand the credential')
    expect(list).not.toContain(id.foreign)
    // By name: the Latin names in order (other scripts follow the database's collation).
    const at = (name: string) => list.indexOf(`<td>${name}</td>`)
    expect(at(names.amara)).toBeGreaterThan(0)
    expect(at(names.amara)).toBeLessThan(at('Björn Early'))
    expect(at('Björn Early')).toBeLessThan(at(names.onur))
    expect(at(names.onur)).toBeLessThan(at(names.zoe))
  })

  it('is linked from the program’s admin page', async () => {
    const admin = path.replace(/\/cohorts\/2025\/credentials$/, '')
    const page = await manager.get(admin)
    expect(page.text).toContain(`href="${path}"`)
  })

  it('pages by 100 with two queries whatever the size; a page past the end shows the last one', async () => {
    const deps = ctx()
    const [{ cohortId }] = (await deps.db.select({ cohortId: memberships.cohortId }).from(memberships).innerJoin(credentials, eq(credentials.membershipId, memberships.id)).where(eq(credentials.id, id.amara))) as [{ cohortId: string }]
    const first = await cohortCredentialPage(deps.db, cohortId, { now: DURING_TERM, page: 1, pageSize: 3 })
    expect(first.pages).toBe(3)
    expect(first.rows.map((r) => r.id).slice(0, 2)).toEqual([id.amara, id.expired])
    const last = await cohortCredentialPage(deps.db, cohortId, { now: DURING_TERM, page: 99, pageSize: 3 })
    expect(last.page).toBe(3)
    expect(last.rows).toHaveLength(1)
    const all = new Set<string>()
    for (const page of [1, 2, 3]) for (const r of (await cohortCredentialPage(deps.db, cohortId, { now: DURING_TERM, page, pageSize: 3 })).rows) all.add(r.id)
    expect(all.size).toBe(7)
    expect(first.counts).toEqual({ issued: 7, valid: 5, notYetValid: 0, expired: 1, revoked: 1 })
    // Before the term, the counts say so.
    const before = await cohortCredentialPage(deps.db, cohortId, { now: new Date('2025-04-01T00:00:00Z'), page: 1, pageSize: 3 })
    expect(before.counts).toEqual({ issued: 7, valid: 0, notYetValid: 6, expired: 0, revoked: 1 })
    for (const q of ['?page=99', '?page=abc', '?page=-1', '?revoked=not-a-uuid', `?revoked=${id.foreign}`]) {
      const res = await manager.get(`${path}${q}`)
      expect([q, res.status]).toEqual([q, 200])
      expect(res.text).not.toContain('role="status"')
    }
  })

  it('refuses people who do not manage the program: sign in first, 403 for others', async () => {
    const anonymous = new FormClient(app)
    const res = await anonymous.get(path)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/^\/sign-in\?next=/)
    expect((await outsider.get(path)).status).toBe(403)
    await outsider.get('/account')
    const post = await outsider.post(`${path}/${id.amara}/revoke`, { reason: 'Not mine to revoke', confirm: 'yes' })
    expect(post.status).toBe(403)
    expect(await revokedAt(id.amara)).toBeNull()
    // Without the form's token nothing happens either.
    const forged = await manager.post(`${path}/${id.amara}/revoke`, { _csrf: 'forged', reason: 'Forged', confirm: 'yes' })
    expect(forged.status).toBe(403)
    expect(await revokedAt(id.amara)).toBeNull()
  })

  it('needs a reason and the confirmation: 422 with the message next to that credential’s form, nothing changed', async () => {
    await manager.get(path)
    const noReason = await manager.post(`${path}/${id.onur}/revoke`, { reason: '   ', confirm: 'yes' })
    expect(noReason.status).toBe(422)
    const row = rowOf(noReason.text, id.onur)
    expect(row).toContain('class="field-error"')
    expect(row).toContain('Say why the credential is revoked.')
    expect(row).toMatch(/<textarea[^>]*aria-invalid="true"/)
    expect(row).toContain('<details open')
    expect(rowOf(noReason.text, id.amara)).not.toContain('field-error')

    const noConfirm = await manager.post(`${path}/${id.onur}/revoke`, { reason: 'Fabricated contributions' })
    expect(noConfirm.status).toBe(422)
    const again = rowOf(noConfirm.text, id.onur)
    expect(again).toContain('Tick the box to confirm')
    expect(again).toContain('Fabricated contributions</textarea>')
    expect(again).not.toContain('Say why')

    const tooLong = await manager.post(`${path}/${id.onur}/revoke`, { reason: 'x'.repeat(501), confirm: 'yes' })
    expect(tooLong.status).toBe(422)
    expect(rowOf(tooLong.text, id.onur)).toContain('At most 500 characters')

    const nul = await manager.post(`${path}/${id.onur}/revoke`, { reason: 'a\u0000b', confirm: 'yes' })
    expect(nul.status).toBe(422)
    expect(rowOf(nul.text, id.onur)).toContain('NUL')

    expect(await revokedAt(id.onur)).toBeNull()
    expect(await revocations(id.onur)).toEqual([])
  })

  it('answers 404 for a credential of another cohort or a malformed id', async () => {
    await manager.get(path)
    const foreign = await manager.post(`${path}/${id.foreign}/revoke`, { reason: 'Not in this cohort', confirm: 'yes' })
    expect(foreign.status).toBe(404)
    expect(await revokedAt(id.foreign)).toBeNull()
    expect((await manager.post(`${path}/not-a-uuid/revoke`, { reason: 'x', confirm: 'yes' })).status).toBe(404)
    expect((await manager.post(`${path}/00000000-0000-4000-8000-000000000000/revoke`, { reason: 'x', confirm: 'yes' })).status).toBe(404)
  })

  it('revokes with the reason, audited as the manager; the credential then fails verification while others still pass', async () => {
    const deps = ctx()
    const before = await manager.get(path)
    expect(before.status).toBe(200)
    const res = await manager.post(`${path}/${id.yin}/revoke`, { reason: 'Plagiarised blog posts 抄袭', confirm: 'yes' })
    expect(res.status).toBe(303)
    expect(res.location).toBe(`${path}?revoked=${id.yin}#credential-${id.yin}`)
    const after = await manager.get(res.location!.split('#')[0]!)
    expect(after.text).toContain(`The credential of ${names.yin} (${id.yin}) was revoked.`)
    expect(after.text).toContain('7 issued: 4 valid, 1 expired, 2 revoked.')
    expect(rowOf(after.text, id.yin)).toContain('Revoked on August 1, 2025: Plagiarised blog posts 抄袭')
    expect(rowOf(after.text, id.yin)).not.toContain('<form')

    const record = (await findCredential(deps.db, id.yin))!
    expect(record.revokedAt).toEqual(DURING_TERM)
    expect(record.revocationReason).toBe('Plagiarised blog posts 抄袭')
    const audit = await revocations(id.yin)
    expect(audit).toHaveLength(1)
    expect(audit[0]!.actor).toBe(managerId)
    expect(audit[0]!.after).toMatchObject({ reason: 'Plagiarised blog posts 抄袭' })

    const verify = async (credentialJson: string) => {
      const r = await app.request('/credentials/verify', { method: 'POST', body: credentialJson, headers: { 'content-type': 'application/json' } })
      return { status: r.status, body: (await r.json()) as { verified: boolean; status: string } }
    }
    const revoked = await verify(record.credentialJson)
    expect(revoked.body).toMatchObject({ verified: false, status: 'revoked' })
    expect(revoked.status).toBe(400)
    const other = await verify((await findCredential(deps.db, id.amara))!.credentialJson)
    expect(other).toMatchObject({ status: 200, body: { verified: true, status: 'valid' } })
  })

  it('revoking twice changes nothing and says so', async () => {
    const deps = ctx()
    const first = (await findCredential(deps.db, id.yin))!
    deps.setNow(new Date('2025-08-02T00:00:00Z'))
    try {
      await manager.get(path)
      const res = await manager.post(`${path}/${id.yin}/revoke`, { reason: 'Another reason', confirm: 'yes' })
      expect(res.status).toBe(303)
      expect(res.location).toContain(`unchanged=${id.yin}`)
      const page = await manager.get(res.location!.split('#')[0]!)
      expect(page.text).toContain(`was already revoked on August 1, 2025; nothing changed.`)
      // A stale form without a reason is no error either: there is nothing left to do.
      expect((await manager.post(`${path}/${id.yin}/revoke`, { reason: '' })).status).toBe(303)
      const now = (await findCredential(deps.db, id.yin))!
      expect(now.revokedAt).toEqual(first.revokedAt)
      expect(now.revocationReason).toBe('Plagiarised blog posts 抄袭')
      expect(await revocations(id.yin)).toHaveLength(1)
    } finally {
      deps.setNow(DURING_TERM)
    }
  })

  it('takes hostile input without a 5xx and shows a stored reason escaped', async () => {
    await manager.get(path)
    const huge = await manager.post(`${path}/${id.dmitri}/revoke`, { reason: 'x'.repeat(100_000), confirm: 'yes', page: '99999999999' })
    expect(huge.status).toBe(422)
    expect(huge.text).toContain('At most 500 characters')
    expect((await manager.post(`${path}/${id.dmitri}/revoke`, { reason: 'Fine reason', confirm: 'on' })).status).toBe(422)
    expect(await revokedAt(id.dmitri)).toBeNull()
    const res = await manager.post(`${path}/${id.dmitri}/revoke`, { reason: '<script>window.__x=1</script> "quoted"', confirm: 'yes', page: '<b>' })
    expect(res.status).toBe(303)
    const page = await manager.get(path)
    expect(page.text).not.toContain('<script>window.__x')
    expect(rowOf(page.text, id.dmitri)).toContain('&lt;script&gt;window.__x=1&lt;/script&gt;')
  })
})
