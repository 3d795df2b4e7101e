import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { makeSelectionCohort } from '../../../tests/support/selection.ts'
import { createApp } from '../../app.tsx'
import { announceCommand } from '../../commands/announce.ts'
import { runJobsUntilIdle } from '../../jobs/run-jobs.ts'
import { grantRole } from '../accounts/grant-role.ts'
import { createApiToken } from '../api/tokens.ts'
import { outboxMessages } from '../communications/schema.ts'
import { createPeople } from '../people/create-people.ts'
import { runSelection } from '../selection/run-selection.ts'
import { acceptanceOffers, announcements } from './schema.ts'

describeDb('announcement API and CLI', (ctx) => {
  it('a manager schedules through the API once (201, then a 409 problem); strangers get 403; the selected person confirms through the API', async () => {
    const deps = ctx()
    const made = await makeSelectionCohort(deps.db, 1, [{ name: 'Api One', score: 5 }, { name: 'Api Two', score: 3 }])
    await runSelection(deps.db, made.cohortId, { seats: 1 }, 'tester')
    const [manager, stranger] = await createPeople(deps.db, [{ displayName: 'Manager' }, { displayName: 'Stranger' }])
    await grantRole(deps.db, manager!.id, 'program_manager', made.communityId, 'test')
    const token = async (personId: string) => `Bearer ${(await createApiToken(deps, personId, 'test', 30)).token}`
    const app = createApp(deps)
    const url = `/api/v1/communities/${made.slug}/programs/${made.programSlug}/cohorts/2025/announcement`
    const post = async (auth: string, body: unknown) => app.request(url, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) })

    expect((await post(await token(stranger!.id), {})).status).toBe(403)
    const bad = await post(await token(manager!.id), { at: 'tomorrow' })
    expect(bad.status).toBe(422)
    expect(bad.headers.get('content-type')).toContain('application/problem+json')
    const managerAuth = await token(manager!.id)
    const created = await post(managerAuth, { at: deps.clock().toISOString(), title: 'Hello' })
    expect(created.status).toBe(201)
    expect(await created.json()).toMatchObject({ scheduled: true, publishedAt: null, title: 'Hello' })
    const twice = await post(managerAuth, {})
    expect(twice.status).toBe(409)
    expect((await twice.json()).detail).toMatch(/already scheduled/)

    await runJobsUntilIdle(deps)
    const status = await (await app.request(url, { headers: { authorization: managerAuth } })).json()
    expect(status).toMatchObject({ scheduled: true, offers: { pending: 1, confirmed: 0 } })
    expect(status.publishedAt).not.toBeNull()

    const one = made.ids['Api One']!
    const oneAuth = await token(one.personId)
    const listed = await (await app.request('/api/v1/offers', { headers: { authorization: oneAuth } })).json()
    expect(listed.offers).toHaveLength(1)
    const [offer] = await deps.db.select().from(acceptanceOffers).where(eq(acceptanceOffers.applicationId, one.applicationId))
    expect((await app.request(`/api/v1/offers/${offer!.id}/confirm`, { method: 'POST', headers: { authorization: managerAuth } })).status).toBe(404)
    const confirmed = await app.request(`/api/v1/offers/${offer!.id}/confirm`, { method: 'POST', headers: { authorization: oneAuth } })
    expect(confirmed.status).toBe(200)
    expect(await confirmed.json()).toMatchObject({ status: 'confirmed' })
    expect((await app.request(`/api/v1/offers/${offer!.id}/decline`, { method: 'POST', headers: { authorization: oneAuth } })).status).toBe(409)
  })

  it('embassy announce --now schedules and runs at once; a second run is refused with exit code 3', async () => {
    const deps = ctx()
    const made = await makeSelectionCohort(deps.db, 1, [{ name: 'Cli One', score: 5 }, { name: 'Cli Two', score: 2 }])
    await runSelection(deps.db, made.cohortId, { seats: 1 }, 'tester')
    const out: string[] = []
    const err: string[] = []
    const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) }
    const cohort = `${made.slug}/${made.programSlug}/2025`
    expect(await announceCommand.run(deps, { cohort, now: true }, io)).toBe(0)
    expect(out.join('\n')).toMatch(/Announced: decision emails queued, 1 offers waiting/)
    const [row] = await deps.db.select().from(announcements).where(eq(announcements.cohortId, made.cohortId))
    expect(row!.publishedAt).not.toBeNull()
    const mails = await deps.db.select({ key: outboxMessages.idempotencyKey }).from(outboxMessages)
    expect(Object.values(made.ids).every((id) => mails.some((m) => m.key === `decision:${id.applicationId}`))).toBe(true)
    expect(await announceCommand.run(deps, { cohort, now: true }, io)).toBe(3)
    expect(err.at(-1)).toMatch(/already scheduled/)
    expect(await announceCommand.run(deps, { cohort: 'nope' }, io)).toBe(2)
  })
})
