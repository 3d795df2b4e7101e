import fs from 'node:fs'
import { beforeAll, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { makeCommunity, uniqueSlug } from '../../../tests/support/factories.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { createPeople } from '../people/create-people.ts'
import { communities, programs } from '../programs/schema.ts'
import { createApiToken } from './tokens.ts'

type Json = Record<string, any>
const example = JSON.parse(fs.readFileSync('docs/examples/community.json', 'utf8'))

describeDb('JSON API: onboarding (new community, new program)', (ctx) => {
  let app: ReturnType<typeof createApp>
  let a: Awaited<ReturnType<typeof makeCommunity>>
  const token = {} as Record<'admin' | 'managerA' | 'managerB' | 'stranger' | 'readOnlyAdmin', string>

  beforeAll(async () => {
    const deps = ctx()
    app = createApp(deps)
    a = await makeCommunity(deps.db)
    const b = await makeCommunity(deps.db)
    const [admin, ma, mb, stranger] = await createPeople(deps.db, [{ displayName: 'Admin' }, { displayName: 'Manager A' }, { displayName: 'Manager B' }, { displayName: 'Stranger' }])
    await grantRole(deps.db, admin!.id, 'admin', null, 'test')
    await grantRole(deps.db, ma!.id, 'program_manager', a.communityId, 'test')
    await grantRole(deps.db, mb!.id, 'program_manager', b.communityId, 'test')
    token.admin = (await createApiToken(deps, admin!.id, 'onboarding', 30)).token
    token.managerA = (await createApiToken(deps, ma!.id, 'onboarding', 30)).token
    token.managerB = (await createApiToken(deps, mb!.id, 'onboarding', 30)).token
    token.stranger = (await createApiToken(deps, stranger!.id, 'onboarding', 30)).token
    token.readOnlyAdmin = (await createApiToken(deps, admin!.id, 'read only', 30, 'read')).token
  })

  async function call(method: string, path: string, auth: string | undefined, body?: unknown) {
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' }
    if (auth) headers.authorization = `Bearer ${auth}`
    const res = await app.request(path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) })
    const text = await res.text()
    return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : undefined) as Json }
  }
  const definition = (slug: string) => ({ ...structuredClone(example), community: { ...example.community, slug } })

  it('creates a community with its programs for an admin: 201 with ids and paths, all of it stored', async () => {
    const slug = uniqueSlug('api')
    const res = await call('POST', '/api/v1/communities', token.admin, definition(slug))
    expect(res.status).toBe(201)
    expect(res.headers.get('location')).toBe(`/c/${slug}`)
    expect(res.json).toMatchObject({
      id: expect.any(String),
      slug,
      path: `/c/${slug}`,
      programs: [{ slug: 'ambassadors', path: `/c/${slug}/programs/ambassadors`, adminPath: `/admin/c/${slug}/programs/ambassadors`, cohorts: [{ slug: '2027', id: expect.any(String) }] }],
    })
    const program = await call('GET', res.json.programs[0].apiPath, undefined)
    expect(program.status).toBe(200)
    expect(program.json.requirements).toHaveLength(5)
    // A community alone, its programs added later.
    const bare = await call('POST', '/api/v1/communities', token.admin, { community: { slug: uniqueSlug('bare'), name: 'Bare' } })
    expect([bare.status, bare.json.programs]).toEqual([201, []])
  })

  it('answers 409 for a taken slug and 422 with field paths for invalid input, writing nothing', async () => {
    const taken = await call('POST', '/api/v1/communities', token.admin, definition(a.slug))
    expect(taken.status).toBe(409)
    expect(taken.headers.get('content-type')).toContain('application/problem+json')
    expect(taken.json).toMatchObject({ status: 409, type: expect.stringContaining('#problem-conflict'), errors: { 'community.slug': expect.stringContaining('taken') } })

    const slug = uniqueSlug('api')
    const bad = definition(slug)
    bad.programs[0].requirements[2].threshold = 0
    bad.programs[0].cohorts[0].slug = 'Not A Slug'
    const invalid = await call('POST', '/api/v1/communities', token.admin, bad)
    expect(invalid.status).toBe(422)
    expect(Object.keys(invalid.json.errors).sort()).toEqual(['programs.0.cohorts.0.slug', 'programs.0.requirements.2.threshold'])
    expect(await ctx().db.select().from(communities).where(eq(communities.slug, slug))).toEqual([])
    expect((await call('POST', '/api/v1/communities', token.admin, '{"community": ')).status).toBe(400)

    const dupProgram = await call('POST', `/api/v1/communities/${a.slug}/programs`, token.managerA, { slug: a.programSlug, name: 'Again' })
    expect(dupProgram.status).toBe(409)
    expect(dupProgram.json.errors).toEqual({ slug: expect.stringContaining(a.programSlug) })
  })

  it('adds a program for the community’s manager and an admin; 403 for a manager of another community, a stranger and a read-only token', async () => {
    const created = await call('POST', `/api/v1/communities/${a.slug}/programs`, token.managerA, { slug: 'mentors', name: 'Mentors', cohorts: [{ slug: '2027', year: 2027, title: 'Mentors 2027', seats: 5 }] })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({ slug: 'mentors', path: `/c/${a.slug}/programs/mentors`, cohorts: [{ slug: '2027' }] })
    expect((await call('POST', `/api/v1/communities/${a.slug}/programs`, token.admin, { slug: 'by-admin', name: 'By Admin' })).status).toBe(201)

    for (const who of ['managerB', 'stranger'] as const) {
      const refused = await call('POST', `/api/v1/communities/${a.slug}/programs`, token[who], { slug: `by-${who.toLowerCase()}`, name: 'Intruder' })
      expect(refused.status, who).toBe(403)
    }
    expect((await call('POST', '/api/v1/communities', token.managerA, definition(uniqueSlug('mgr')))).status).toBe(403)
    expect((await call('POST', '/api/v1/communities', token.readOnlyAdmin, definition(uniqueSlug('ro')))).status).toBe(403)
    expect((await call('POST', '/api/v1/communities', undefined, definition(uniqueSlug('anon')))).status).toBe(401)
    expect((await call('POST', '/api/v1/communities/no-such-community/programs', token.admin, { slug: 'x', name: 'X' })).status).toBe(404)
    const stored = await ctx().db.select({ slug: programs.slug }).from(programs).where(eq(programs.communityId, a.communityId))
    expect(stored.map((p) => p.slug).sort()).toEqual(['ambassadors', 'by-admin', 'mentors'])
  })

  it('gives the same 409 to requests racing for one slug (the unique index decides), never a 500', async () => {
    const slug = uniqueSlug('race')
    const answers = await Promise.all(Array.from({ length: 4 }, () => call('POST', '/api/v1/communities', token.admin, { community: { slug, name: 'Race' } })))
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409])
    const programAnswers = await Promise.all(Array.from({ length: 4 }, () => call('POST', `/api/v1/communities/${slug}/programs`, token.admin, { slug: 'same', name: 'Same' })))
    expect(programAnswers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409])
  })

  it('lists both operations in the OpenAPI document and on the docs page', async () => {
    const doc = (await call('GET', '/api/openapi.json', undefined)).json
    const community = doc.paths['/api/v1/communities'].post
    expect(community).toMatchObject({ tags: ['Onboarding'], security: [{ bearerAuth: [] }, { sessionCookie: [] }] })
    expect(Object.keys(community.responses).sort()).toEqual(['201', '400', '401', '403', '409', '415', '422'])
    expect(community.requestBody.required).toBe(true)
    const program = doc.paths['/api/v1/communities/{community}/programs'].post
    expect(program.parameters.map((p: Json) => p.name)).toEqual(['community'])
    expect(Object.keys(program.responses).sort()).toEqual(['201', '400', '401', '403', '404', '409', '415', '422'])
    const html = await (await app.request('/api/docs')).text()
    expect(html).toContain('POST /api/v1/communities')
    expect(html).toContain('POST /api/v1/communities/{community}/programs')
  })
})
