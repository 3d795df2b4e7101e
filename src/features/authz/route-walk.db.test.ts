import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { makeCommunity, makeCommunityOpenToday } from '../../../tests/support/factories.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { FormClient } from '../../../tests/support/http.ts'
import { createApp } from '../../app.tsx'
import { createPeople } from '../people/create-people.ts'
import { addMemberships } from '../memberships/add-memberships.ts'
import { grantRole } from '../accounts/grant-role.ts'
import { applications } from '../applications/schema.ts'
import { cohortReviewers, reviewAssignments, reviewConflicts } from '../reviews/schema.ts'
import { routeAccess } from './route-access.ts'
import { allows, type ResourceContext, type Subject } from './policy.ts'

/** The kinds of person every route is tried with. */
const ROLES = ['anonymous', 'applicant', 'otherApplicant', 'reviewer', 'conflictedReviewer', 'ambassador', 'managerA', 'managerB', 'admin'] as const
type Role = (typeof ROLES)[number]

/** `METHOD path` as in routeAccess; the fingerprinted stylesheet has one stable name. */
const routeKey = (method: string, path: string) => `${method} ${path.replace(/^\/assets\/app\.[0-9a-f]+\.css$/, '/assets/app.css')}`

/** Sign-out routes end the walking session: they go last (everywhere, then this browser). */
const lastOnes = (key: string) => (key.endsWith('/sign-out/everywhere') ? 1 : key.endsWith('/sign-out') ? 2 : 0)

describeDb('every route answers every kind of person as routeAccess declares', (ctx) => {
  let app: ReturnType<typeof createApp>
  const clients = {} as Record<Role, FormClient>
  const subjects = {} as Record<Role, Subject>
  let resource: ResourceContext
  let params: Record<string, string>
  let ids: { xApplication: string; yApplication: string }
  let routes: { method: string; path: string; key: string }[]

  beforeAll(async () => {
    const deps = ctx()
    app = createApp(deps)
    const a = await makeCommunityOpenToday(deps.db)
    const b = await makeCommunity(deps.db)
    const cohortId = a.cohort!.cohortId
    const tag = `${deps.engine}-${Date.now().toString(36)}`
    const emails = Object.fromEntries(ROLES.filter((r) => r !== 'anonymous').map((r) => [r, `${r.toLowerCase()}-${tag}@example.org`])) as Record<Exclude<Role, 'anonymous'>, string>
    const made = await createPeople(
      deps.db,
      Object.entries(emails).map(([role, email]) => ({ displayName: `Walker ${role}`, email })),
    )
    const person = Object.fromEntries(Object.keys(emails).map((role, i) => [role, made[i]!.id])) as Record<Exclude<Role, 'anonymous'>, string>
    const [x, y] = await deps.db
      .insert(applications)
      .values([
        { cohortId, personId: person.applicant, status: 'submitted', answers: { why: 'walk' } },
        { cohortId, personId: person.otherApplicant, status: 'submitted', answers: { why: 'walk' } },
      ])
      .returning({ id: applications.id })
    ids = { xApplication: x!.id, yApplication: y!.id }
    for (const role of ['reviewer', 'conflictedReviewer'] as const) {
      await grantRole(deps.db, person[role], 'reviewer', a.communityId, 'test')
      await deps.db.insert(cohortReviewers).values({ cohortId, personId: person[role], languages: ['en'], invitedBy: 'test', invitedAt: deps.clock() })
    }
    await deps.db.insert(reviewAssignments).values({ cohortId, applicationId: x!.id, reviewerPersonId: person.reviewer, source: 'manual' } as typeof reviewAssignments.$inferInsert)
    await deps.db.insert(reviewConflicts).values({ applicationId: x!.id, reviewerPersonId: person.conflictedReviewer, reason: 'close_collaborator' } as typeof reviewConflicts.$inferInsert)
    await addMemberships(deps.db, [{ personId: person.ambassador, cohortId, termStart: new Date('2026-01-01T00:00:00Z'), termEnd: new Date('2027-01-01T00:00:00Z') }])
    await grantRole(deps.db, person.ambassador, 'ambassador', a.communityId, 'test')
    await grantRole(deps.db, person.applicant, 'applicant', a.communityId, 'test')
    await grantRole(deps.db, person.otherApplicant, 'applicant', a.communityId, 'test')
    await grantRole(deps.db, person.managerA, 'program_manager', a.communityId, 'test')
    await grantRole(deps.db, person.managerB, 'program_manager', b.communityId, 'test')
    await grantRole(deps.db, person.admin, 'admin', null, 'test')

    clients.anonymous = new FormClient(app)
    await clients.anonymous.get('/sign-in')
    subjects.anonymous = { roles: [] }
    for (const role of Object.keys(emails) as Exclude<Role, 'anonymous'>[]) {
      clients[role] = await signedInClient(app, deps.db, emails[role])
    }
    const grants: Record<Exclude<Role, 'anonymous'>, Subject['roles']> = {
      applicant: [{ role: 'applicant', communityId: a.communityId }],
      otherApplicant: [{ role: 'applicant', communityId: a.communityId }],
      reviewer: [{ role: 'reviewer', communityId: a.communityId }],
      conflictedReviewer: [{ role: 'reviewer', communityId: a.communityId }],
      ambassador: [{ role: 'ambassador', communityId: a.communityId }],
      managerA: [{ role: 'program_manager', communityId: a.communityId }],
      managerB: [{ role: 'program_manager', communityId: b.communityId }],
      admin: [{ role: 'admin', communityId: null }],
    }
    for (const role of Object.keys(grants) as Exclude<Role, 'anonymous'>[]) subjects[role] = { personId: person[role], roles: grants[role] }
    resource = { communityId: a.communityId, ownerPersonId: person.applicant, conflictedPersonIds: [person.conflictedReviewer] }
    params = { community: a.slug, program: a.programSlug, cohort: 'now', handle: 'walker-applicant', template: 'application-received', locale: 'en', provider: 'github', file: 'calendar.ics', list: '00000000-0000-4000-8000-000000000000', key: 'x' }

    const seen = new Set<string>()
    routes = app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => ({ method: r.method, path: r.path, key: routeKey(r.method, r.path) }))
      .filter((r) => (seen.has(r.key) ? false : (seen.add(r.key), true)))
      .sort((p, q) => lastOnes(p.key) - lastOnes(q.key))
  }, 180_000)

  /** A concrete URL for a route: the scenario's community, program and cohort; X's application for `:id` of applications and reviews. */
  function urlOf(path: string): string {
    return path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => {
      if (name === 'id') return /^\/(applications|reviews|api\/v1\/applications)\//.test(path) ? ids.xApplication : '00000000-0000-4000-8000-000000000000'
      if (name === 'file' && path.startsWith('/credentials/')) return '00000000-0000-4000-8000-000000000000.json'
      return params[name] ?? 'x'
    })
  }

  it('has an access rule for every route', () => {
    const missing = routes.filter((r) => !(r.key in routeAccess)).map((r) => r.key)
    expect(missing, 'add these routes to src/features/authz/route-access.ts').toEqual([])
    const stale = Object.keys(routeAccess).filter((k) => !routes.some((r) => r.key === k))
    expect(stale, 'routes in route-access.ts that no longer exist').toEqual([])
  })

  it('lets in exactly who the matrix allows, and never answers 500', async () => {
    const wrong: string[] = []
    for (const route of routes) {
      const access = routeAccess[route.key]
      if (!access) continue
      const url = urlOf(route.path)
      for (const role of ROLES) {
        const client = clients[role]
        const res =
          route.method === 'GET'
            ? await client.get(url, { accept: 'text/html' })
            : await client.request(route.method, url, { body: route.path.startsWith('/api/') ? '{}' : '', headers: { 'content-type': route.path.startsWith('/api/') ? 'application/json' : 'application/x-www-form-urlencoded' } })
        const location = res.headers.get('location') ?? ''
        const toSignIn = res.status === 303 && location.startsWith('/sign-in')
        const denied = toSignIn || [401, 403, 404].includes(res.status)
        if (res.status >= 500) wrong.push(`${route.key} as ${role}: ${res.status}`)
        else if (access === 'public') {
          if (toSignIn || res.status === 401 || res.status === 403) wrong.push(`${route.key} as ${role}: ${res.status} but public`)
        } else if (access !== 'capability') {
          // Capability routes refuse a missing secret however they like (401, 403, 404, a sign-in page); the
          // JSON API checks a body's shape (public in the OpenAPI document) before the caller's rights on the
          // resource, and the walk sends "{}", so a signed-in caller's 400/422 there counts as a refusal.
          const shapeFirst = route.path.startsWith('/api/') && role !== 'anonymous' && [400, 422].includes(res.status)
          const allowed = allows(access, subjects[role], resource)
          if (allowed && (toSignIn || res.status === 401 || res.status === 403)) wrong.push(`${route.key} as ${role}: refused (${res.status}) but ${access} allows`)
          if (!allowed && !denied && !shapeFirst) wrong.push(`${route.key} as ${role}: ${res.status} but ${access} refuses`)
        }
      }
    }
    expect(wrong).toEqual([])
  }, 600_000)
})
