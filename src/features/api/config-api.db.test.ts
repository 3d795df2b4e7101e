import { beforeAll, expect, it } from 'vitest'
import { and, asc, eq } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { makeCommunity } from '../../../tests/support/factories.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import type { FormClient } from '../../../tests/support/http.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { auditLog } from '../audit/schema.ts'
import { createPeople } from '../people/create-people.ts'
import { people } from '../people/schema.ts'
import { cohortPhases, cohorts, programs, requirements } from '../programs/schema.ts'
import { createApiToken } from './tokens.ts'

type Json = Record<string, any>

describeDb('JSON API: program configuration', (ctx) => {
  let app: ReturnType<typeof createApp>
  let c: Awaited<ReturnType<typeof makeCommunity>>
  let programPath: string
  let managerId: string
  let manager: string
  let stranger: string
  let otherManager: string
  let browser: FormClient

  beforeAll(async () => {
    const deps = ctx()
    c = await makeCommunity(deps.db)
    programPath = `/api/v1/communities/${c.slug}/programs/ambassadors`
    app = createApp(deps)

    browser = await signedInClient(app, deps.db, 'config-manager@example.org')
    const [person] = await deps.db.select().from(people).where(eq(people.email, 'config-manager@example.org'))
    managerId = person!.id
    await grantRole(deps.db, managerId, 'program_manager', c.communityId, 'test')
    manager = (await createApiToken(deps, managerId, 'config script', 30)).token

    const other = await makeCommunity(deps.db)
    const [s, o] = await createPeople(deps.db, [{ displayName: 'Stranger' }, { displayName: 'Other Manager' }])
    await grantRole(deps.db, o!.id, 'program_manager', other.communityId, 'test')
    stranger = (await createApiToken(deps, s!.id, 'stranger', 30)).token
    otherManager = (await createApiToken(deps, o!.id, 'other', 30)).token
  })

  async function call(method: string, path: string, options: { auth?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
    if (options.auth === 'session') headers.cookie = (browser as any).cookieHeader()
    else if (options.auth) headers.authorization = `Bearer ${options.auth}`
    if (options.body !== undefined) headers['content-type'] ??= 'application/json'
    const res = await app.request(path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) })
    const text = await res.text()
    return { status: res.status, headers: res.headers, text, json: (text ? JSON.parse(text) : undefined) as Json }
  }

  const expectProblem = (res: { status: number; headers: Headers; json: Json }, status: number) => {
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(res.json).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), type: expect.stringContaining('/api/docs#problem-') })
  }

  const storedProgram = async () => (await ctx().db.select().from(programs).where(eq(programs.id, c.programId)))[0]!
  const storedKeys = async () => (await ctx().db.select().from(requirements).where(eq(requirements.programId, c.programId)).orderBy(asc(requirements.position))).map((r) => r.key)
  const auditsOf = async (action: string) => ctx().db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(asc(auditLog.id))

  const catalogue = [
    { key: 'kind', title: 'Be kind', kind: 'statement', mandatory: true },
    { key: 'age', title: 'Sixteen or older', kind: 'age_attestation', mandatory: true, settings: { minimumAge: 16 } },
    { key: 'talks', title: 'Two talks', descriptionMd: 'At meetups or conferences.', kind: 'events', threshold: 2, windowMonths: 12 },
  ]

  const cohort2027 = {
    year: 2027,
    title: 'Ambassadors 2027',
    seats: 20,
    timeZone: 'Europe/Istanbul',
    phases: [
      { kind: 'applications', label: 'Applications', from: '2027-03-01', until: '2027-03-31' },
      { kind: 'announcement', label: 'Announcement', from: '2027-04-15' },
    ],
  }

  it('refuses anonymous callers with 401, strangers and other communities’ managers with 403, unknown programs with 404', async () => {
    const writes = [
      ['PATCH', programPath, { name: 'Hijacked' }],
      ['PUT', `${programPath}/requirements`, { requirements: [] }],
      ['PUT', `${programPath}/cohorts/2027`, cohort2027],
    ] as const
    for (const [method, path, body] of writes) {
      const anonymous = await call(method, path, { body })
      expectProblem(anonymous, 401)
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer realm="Embassy API"/)
      const refused = await call(method, path, { auth: stranger, body })
      expectProblem(refused, 403)
      expect(refused.json.detail).toContain('You do not manage the programs of')
      expectProblem(await call(method, path, { auth: otherManager, body }), 403)
      // Strangers hear 403 whatever they send, before the body is read.
      expectProblem(await call(method, path, { auth: stranger, body: { nonsense: true } }), 403)
    }
    expectProblem(await call('PATCH', `/api/v1/communities/${c.slug}/programs/nope`, { auth: manager, body: { name: 'X' } }), 404)
    expectProblem(await call('PUT', `/api/v1/communities/nope/programs/ambassadors/requirements`, { auth: manager, body: { requirements: [] } }), 404)
    expectProblem(await call('PUT', `/api/v1/communities/${c.slug}/programs/nope/cohorts/2027`, { auth: manager, body: cohort2027 }), 404)

    // Nothing of it was stored.
    expect((await storedProgram()).name).toBe('Test Ambassador Program')
    expect(await storedKeys()).toEqual(['kind', 'blogs', 'code'])
    expect(await ctx().db.select().from(cohorts).where(and(eq(cohorts.programId, c.programId), eq(cohorts.slug, '2027')))).toEqual([])
  })

  it('changes the settings sent, keeps the others, audits the change, and GET shows it', async () => {
    const res = await call('PATCH', programPath, { auth: manager, body: { name: 'Renamed Program', benefits: ['Swag', 'Cloud credits'], targetSeats: 25 } })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      name: 'Renamed Program',
      summary: 'A program made by a test.',
      descriptionMd: '',
      benefits: ['Swag', 'Cloud credits'],
      targetSeats: 25,
      requirementsAtLeast: 1,
      requirementsNoteMd: '',
      status: 'active',
    })
    expect(await storedProgram()).toMatchObject({ name: 'Renamed Program', summary: 'A program made by a test.', benefits: ['Swag', 'Cloud credits'], targetSeats: 25, requirementsAtLeast: 1 })
    const [audit] = (await auditsOf('program.update')).filter((a) => a.entityId === c.programId)
    expect(audit).toMatchObject({ actor: managerId, before: { name: 'Test Ambassador Program', targetSeats: 10 }, after: { name: 'Renamed Program', targetSeats: 25 } })

    const cleared = await call('PATCH', programPath, { auth: manager, body: { targetSeats: null, requirementsAtLeast: null, summary: '  Trimmed.  ' } })
    expect(cleared.status).toBe(200)
    expect(cleared.json).toMatchObject({ name: 'Renamed Program', summary: 'Trimmed.', targetSeats: null, requirementsAtLeast: null })

    const read = await call('GET', programPath)
    expect(read.json).toMatchObject({ name: 'Renamed Program', summary: 'Trimmed.', targetSeats: null, requirementsAtLeast: null })
    await call('PATCH', programPath, { auth: manager, body: { requirementsAtLeast: 1 } })
  })

  it('refuses invalid settings with 422 and field errors, changing nothing', async () => {
    const before = await storedProgram()
    const bad = await call('PATCH', programPath, { auth: manager, body: { name: ' ', targetSeats: -3, status: 'closed', benefits: ['ok', ''] } })
    expectProblem(bad, 422)
    expect(Object.keys(bad.json.errors).sort()).toEqual(['benefits.1', 'name', 'status', 'targetSeats'])
    expect(bad.json.errors.name).toBe('Give the program a name.')
    expect(bad.json.errors.targetSeats).toBe('must be at least 1')
    const unknown = await call('PATCH', programPath, { auth: manager, body: { nmae: 'Typo' } })
    expectProblem(unknown, 422)
    expect(unknown.json.errors.body).toContain('nmae')
    expectProblem(await call('PATCH', programPath, { auth: manager, body: [] }), 422)
    // "At least N" beyond the catalogue's 2 non-mandatory requirements, or below 1.
    const tooMany = await call('PATCH', programPath, { auth: manager, body: { requirementsAtLeast: 3 } })
    expectProblem(tooMany, 422)
    expect(tooMany.json.errors.requirementsAtLeast).toContain('The catalogue has only 2 non-mandatory requirements')
    expectProblem(await call('PATCH', programPath, { auth: manager, body: { requirementsAtLeast: 0 } }), 422)
    expect(await storedProgram()).toEqual(before)
  })

  it('replaces the requirement catalogue, keeps stored settings left out, and GET shows it', async () => {
    const res = await call('PUT', `${programPath}/requirements`, { auth: manager, body: { requirements: catalogue } })
    expect(res.status).toBe(200)
    expect(res.json.requirementsAtLeast).toBe(1)
    expect(res.json.requirementRule).toEqual(expect.any(String))
    expect(res.json.requirements).toEqual([
      { key: 'kind', title: 'Be kind', descriptionMd: '', kind: 'statement', mandatory: true, threshold: null, windowMonths: null, settings: {} },
      { key: 'age', title: 'Sixteen or older', descriptionMd: '', kind: 'age_attestation', mandatory: true, threshold: null, windowMonths: null, settings: { minimumAge: 16 } },
      { key: 'talks', title: 'Two talks', descriptionMd: 'At meetups or conferences.', kind: 'events', mandatory: false, threshold: 2, windowMonths: 12, settings: {} },
    ])
    expect(await storedKeys()).toEqual(['kind', 'age', 'talks'])
    const [audit] = (await auditsOf('program.requirements.save')).filter((a) => a.entityId === c.programId)
    expect(audit).toMatchObject({ actor: managerId })
    expect((audit!.after as Json[]).map((r) => r.key)).toEqual(['kind', 'age', 'talks'])

    // The response's shape goes back as it is (nulls included); settings left out are kept.
    const sentBack = res.json.requirements.map(({ settings: _settings, ...r }: Json) => r).reverse()
    const again = await call('PUT', `${programPath}/requirements`, { auth: manager, body: { requirements: sentBack } })
    expect(again.status).toBe(200)
    expect(again.json.requirements.map((r: Json) => [r.key, r.settings])).toEqual([
      ['talks', {}],
      ['age', { minimumAge: 16 }],
      ['kind', {}],
    ])

    const read = await call('GET', programPath)
    expect(read.json.requirements.map((r: Json) => [r.key, r.kind, r.mandatory, r.threshold])).toEqual([
      ['talks', 'events', false, 2],
      ['age', 'age_attestation', true, null],
      ['kind', 'statement', true, null],
    ])
  })

  it('refuses duplicate keys and bad kinds with 422 and field errors, changing nothing', async () => {
    const before = await storedKeys()
    const duplicate = await call('PUT', `${programPath}/requirements`, {
      auth: manager,
      body: { requirements: [catalogue[0], { ...catalogue[2], key: 'kind' }] },
    })
    expectProblem(duplicate, 422)
    expect(duplicate.json.errors).toEqual({ 'requirements.1.key': expect.stringContaining('each requirement needs its own key') })

    const badKind = await call('PUT', `${programPath}/requirements`, {
      auth: manager,
      body: { requirements: [catalogue[0], { key: 'poems', title: 'Poems', kind: 'poetry' }, { key: 'Bad Key', title: '', kind: 'statement', threshold: 0 }] },
    })
    expectProblem(badKind, 422)
    expect(Object.keys(badKind.json.errors).sort()).toEqual(['requirements.1.kind', 'requirements.2.key', 'requirements.2.threshold', 'requirements.2.title'])
    expect(badKind.json.errors['requirements.2.key']).toBe('must be lowercase letters, digits and dashes')

    expectProblem(await call('PUT', `${programPath}/requirements`, { auth: manager, body: catalogue }), 422)
    expect(await storedKeys()).toEqual(before)
  })

  it('creates a cohort with its calendar in its time zone, answers it as GET shows it, and replaces it on a second PUT', async () => {
    const res = await call('PUT', `${programPath}/cohorts/2027`, { auth: manager, body: cohort2027 })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({
      slug: '2027',
      year: 2027,
      title: 'Ambassadors 2027',
      seats: 20,
      timeZone: 'Europe/Istanbul',
      applications: { opensAt: '2027-03-01T00:00:00+03:00', closesAt: '2027-04-01T00:00:00+03:00', state: 'upcoming' },
    })
    expect(res.json.phases).toEqual([
      expect.objectContaining({ kind: 'applications', label: 'Applications', startsAt: '2027-03-01T00:00:00+03:00', endsAt: '2027-04-01T00:00:00+03:00', firstDay: '2027-03-01', lastDay: '2027-03-31' }),
      expect.objectContaining({ kind: 'announcement', label: 'Announcement', firstDay: '2027-04-15', lastDay: '2027-04-15' }),
    ])

    // Istanbul is UTC+3: March 1 begins at 21:00 UTC the day before; March 31 ends at 21:00 UTC.
    const [stored] = await ctx().db.select().from(cohorts).where(and(eq(cohorts.programId, c.programId), eq(cohorts.slug, '2027')))
    expect(stored).toMatchObject({ year: 2027, seats: 20, timeZone: 'Europe/Istanbul' })
    const phases = await ctx().db.select().from(cohortPhases).where(eq(cohortPhases.cohortId, stored!.id)).orderBy(asc(cohortPhases.position))
    expect(phases[0]!.startsAt.toISOString()).toBe('2027-02-28T21:00:00.000Z')
    expect(phases[0]!.endsAt!.toISOString()).toBe('2027-03-31T21:00:00.000Z')
    const [audit] = (await auditsOf('cohort.save')).filter((a) => a.entityId === stored!.id)
    expect(audit).toMatchObject({ actor: managerId })

    const read = await call('GET', programPath)
    expect(read.json.cohorts.find((k: Json) => k.slug === '2027')).toEqual(res.json)
    expect(read.json.cohorts.map((k: Json) => k.slug).sort()).toEqual(['2025', '2027'])

    const replaced = await call('PUT', `${programPath}/cohorts/2027`, { auth: manager, body: { ...cohort2027, seats: 15, phases: [cohort2027.phases[0]] } })
    expect(replaced.status).toBe(200)
    expect(replaced.json).toMatchObject({ seats: 15, phases: [expect.objectContaining({ kind: 'applications' })] })
    expect(replaced.json.phases).toHaveLength(1)
    expect(await ctx().db.select().from(cohorts).where(eq(cohorts.programId, c.programId))).toHaveLength(2)
    expect(await ctx().db.select().from(cohortPhases).where(eq(cohortPhases.cohortId, stored!.id))).toHaveLength(1)
  })

  it('refuses impossible calendars with 422 and field errors, storing nothing', async () => {
    const bad = await call('PUT', `${programPath}/cohorts/2028`, {
      auth: manager,
      body: { ...cohort2027, year: 2028, timeZone: 'Mars/Olympus', phases: [{ kind: 'applications', label: 'Applications', from: '2028-03-10', until: '2028-03-01' }, { kind: 'party', label: 'x', from: '2028-02-30' }] },
    })
    expectProblem(bad, 422)
    expect(bad.json.errors).toMatchObject({
      timeZone: 'must be an IANA time zone such as Asia/Shanghai',
      'phases.0.until': 'must not be before the first day',
      'phases.1.kind': expect.any(String),
      'phases.1.from': 'must be a real date written YYYY-MM-DD',
    })
    const badSlug = await call('PUT', `${programPath}/cohorts/Not%20A%20Slug`, { auth: manager, body: cohort2027 })
    expectProblem(badSlug, 422)
    expect(Object.keys(badSlug.json.errors)).toEqual(['cohort'])
    const unknownField = await call('PUT', `${programPath}/cohorts/2028`, { auth: manager, body: { ...cohort2027, slug: '2029' } })
    expectProblem(unknownField, 422)
    expect(await ctx().db.select().from(cohorts).where(eq(cohorts.programId, c.programId))).toHaveLength(2)
  })

  it('takes the browser session for changes only with the X-CSRF-Token header; admins may change any program', async () => {
    expectProblem(await call('PATCH', programPath, { auth: 'session', body: { summary: 'By session' } }), 403)
    const me = await call('GET', '/api/v1/me', { auth: 'session' })
    const ok = await call('PATCH', programPath, { auth: 'session', body: { summary: 'By session' }, headers: { 'x-csrf-token': me.headers.get('x-csrf-token')! } })
    expect(ok.status).toBe(200)
    expect(ok.json.summary).toBe('By session')

    const [admin] = await createPeople(ctx().db, [{ displayName: 'Admin' }])
    await grantRole(ctx().db, admin!.id, 'admin', null, 'test')
    const adminToken = (await createApiToken(ctx(), admin!.id, 'admin', 30)).token
    const byAdmin = await call('PATCH', programPath, { auth: adminToken, body: { status: 'archived' } })
    expect(byAdmin.status).toBe(200)
    expect((await storedProgram()).status).toBe('archived')
  })

  it('publishes the operations in the OpenAPI document and on the docs page', async () => {
    const doc = (await call('GET', '/api/openapi.json')).json
    const program = doc.paths['/api/v1/communities/{community}/programs/{program}']
    expect(program.get.security).toBeUndefined()
    expect(program.patch).toMatchObject({ tags: ['Program configuration'], security: [{ bearerAuth: [] }, { sessionCookie: [] }] })
    expect(Object.keys(program.patch.responses).sort()).toEqual(['200', '400', '401', '403', '404', '415', '422'])
    expect(doc.paths['/api/v1/communities/{community}/programs/{program}/requirements'].put.requestBody.required).toBe(true)
    const cohortOp = doc.paths['/api/v1/communities/{community}/programs/{program}/cohorts/{cohort}'].put
    expect(cohortOp.parameters.map((p: Json) => p.name)).toEqual(['community', 'program', 'cohort'])
    expect(doc.tags.map((t: Json) => t.name)).toContain('Program configuration')

    const html = await (await app.request('/api/docs')).text()
    expect(html).toContain('PATCH /api/v1/communities/{community}/programs/{program}')
    expect(html).toContain('PUT /api/v1/communities/{community}/programs/{program}/requirements')
    expect(html).toContain('PUT /api/v1/communities/{community}/programs/{program}/cohorts/{cohort}')
    expect(html).toContain('<code>requirements[].key</code>')
    expect(html).toContain('<code>phases[].until</code>')
    expect(html).toContain('<code>targetSeats</code>')
  })
})
