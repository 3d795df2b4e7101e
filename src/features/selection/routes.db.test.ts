import { eq } from 'drizzle-orm'
import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { makeSelectionCohort } from '../../../tests/support/selection.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { auditLog } from '../audit/schema.ts'
import { people } from '../people/schema.ts'
import { withdrawApplication } from '../applications/withdraw-application.ts'
import { cohortDecisions, lockSelection } from './decisions.ts'
import { runSelection } from './run-selection.ts'

describeDb('selection pages and API', (ctx) => {
  let app: ReturnType<typeof createApp>
  let made: Awaited<ReturnType<typeof makeSelectionCohort>>
  let page: string
  let api: string

  beforeAll(async () => {
    const deps = ctx()
    made = await makeSelectionCohort(deps.db, 2, [
      { name: 'Ayla', region: 'Asia', score: 5 },
      { name: 'Bram', region: 'Europe', score: 4 },
      { name: 'Chidi', region: 'Africa', score: 3 },
      { name: 'Dong', region: 'Asia', score: 4 },
      { name: 'Ezra', region: 'Europe', score: 5, eligibility: 'not_eligible' },
    ])
    page = `/admin/c/${made.slug}/programs/${made.programSlug}/cohorts/2025/selection`
    api = `/api/v1/communities/${made.slug}/programs/${made.programSlug}/cohorts/2025/selection`
    app = createApp(deps)
  })

  async function manager(email: string) {
    const client = await signedInClient(app, ctx().db, email)
    const [person] = await ctx().db.select().from(people).where(eq(people.email, email))
    await grantRole(ctx().db, person!.id, 'program_manager', made.communityId, 'test')
    return { client, personId: person!.id }
  }

  it('is for program managers: a stranger is refused on the page and the API', async () => {
    const stranger = await signedInClient(app, ctx().db, 'stranger@example.org')
    expect((await stranger.get(page)).status).toBe(403)
    expect((await stranger.request('GET', api)).status).toBe(403)
    expect((await app.request(api)).status).toBe(401)
  })

  it('runs a dry run and a saved run, shows explanations, refuses an override without a reason, keeps one with a reason, then locks', async () => {
    const { client } = await manager(`m-${ctx().engine}@example.org`)
    const first = await client.get(page)
    expect(first.status).toBe(200)
    expect(first.text).toContain('Selection has not been run yet.')

    const bad = await client.post(`${page}/run`, { seats: '2', maxRegionShare: '1.5', minPerRegion: 'Africa two', mode: 'dry' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('must be between 0 and 1')
    expect(bad.text).toContain('“Africa two” is not “Region=number”')

    const dry = await client.post(`${page}/run`, { seats: '2', maxPerRegion: '1', minPerRegion: 'Africa=1', mode: 'dry' })
    expect(dry.status).toBe(200)
    expect(dry.text).toContain('Dry run: nothing was saved.')
    expect(dry.text).toContain('selected: ranked 1st')
    expect(dry.text).toContain('<td>Dong</td><td>0.750</td><td>waitlisted 2nd (ranked 3rd); region cap reached (Asia: 1 of 1)</td>')
    expect(await cohortDecisions(ctx().db, made.cohortId)).toEqual([])

    const saved = await client.post(`${page}/run`, { seats: '2', maxPerRegion: '1', minPerRegion: 'Africa=1', mode: 'save' })
    expect(saved.text).toContain('Selection saved as a draft.')
    expect(saved.text).toContain('not eligible: You meet 0 of the 2; you need 1.')
    expect((await cohortDecisions(ctx().db, made.cohortId)).filter((d) => d.outcome === 'selected').map((d) => d.displayName)).toEqual(['Ayla', 'Chidi'])

    const chinese = await client.get(`${page}?lang=zh-CN`)
    expect(chinese.text).toContain('候补第2位（排名第3）；已达地区上限（Asia：1/1）')
    await client.get(`${page}?lang=en`)

    const dong = made.ids.Dong!.applicationId
    const refused = await client.post(`${page}/override`, { applicationId: dong, outcome: 'selected', reason: ' ' })
    expect(refused.status).toBe(422)
    expect(refused.text).toContain('Write the reason for this decision')
    expect((await cohortDecisions(ctx().db, made.cohortId)).find((d) => d.applicationId === dong)!.outcome).toBe('waitlisted')

    // An application id that is not one (a hand-made form) is a 404, not a database error.
    expect((await client.post(`${page}/override`, { applicationId: 'nope', outcome: 'selected', reason: 'A long enough reason here.' })).status).toBe(404)
    expect((await client.post(`${page}/exception`, { applicationId: 'nope', reason: 'A long enough reason here.' })).status).toBe(404)

    // Both seats are taken (Ayla, Chidi): "selected" is refused next to the form, the values kept, nothing changed.
    const full = await client.post(`${page}/override`, { applicationId: dong, outcome: 'selected', reason: 'Leads the Seoul meetup.' })
    expect(full.status).toBe(422)
    expect(full.text).toContain('<p class="field-error">All 2 seats are taken: first move a selected applicant to the waitlist or to not selected')
    expect(full.text).toContain('value="Leads the Seoul meetup."')
    expect((await cohortDecisions(ctx().db, made.cohortId)).filter((d) => d.outcome === 'selected').map((d) => d.displayName)).toEqual(['Ayla', 'Chidi'])
    const fullApi = await client.request('POST', `${api}/decisions/${dong}/override`, { body: JSON.stringify({ outcome: 'selected', reason: 'Leads the Seoul meetup.' }), headers: { 'content-type': 'application/json' } })
    expect(fullApi.status).toBe(422)
    expect(JSON.parse(fullApi.text)).toMatchObject({ status: 422, errors: { outcome: expect.stringContaining('All 2 seats are taken') } })

    expect((await client.post(`${page}/override`, { applicationId: made.ids.Chidi!.applicationId, outcome: 'waitlisted', reason: 'Prefers to join next year.' })).status).toBe(200)
    const done = await client.post(`${page}/override`, { applicationId: dong, outcome: 'selected', reason: 'Leads the Seoul meetup.' })
    expect(done.text).toContain('selected by the committee: Leads the Seoul meetup.')
    const [audit] = await ctx().db.select().from(auditLog).where(eq(auditLog.entityId, dong))
    expect(audit).toMatchObject({ action: 'selection.override', after: { outcome: 'selected', reason: 'Leads the Seoul meetup.' } })

    // Two applicants are now selected by override: a run with one seat is refused next to the seats field.
    expect((await client.post(`${page}/override`, { applicationId: made.ids.Ayla!.applicationId, outcome: 'selected', reason: 'Keeps her seat whatever the run.' })).status).toBe(200)
    const oneSeat = await client.post(`${page}/run`, { seats: '1', mode: 'save' })
    expect(oneSeat.status).toBe(422)
    expect(oneSeat.text).toContain('2 applicants are selected by the committee’s overrides: give at least 2 seats, or change some of those overrides first.')
    expect(oneSeat.text).toMatch(/name="seats"[^>]*value="1"/)
    expect((await cohortDecisions(ctx().db, made.cohortId)).filter((d) => d.outcome === 'selected').map((d) => d.displayName).sort()).toEqual(['Ayla', 'Dong'])
    const oneSeatApi = await client.request('POST', `${api}/runs`, { body: JSON.stringify({ seats: 1, dryRun: true }), headers: { 'content-type': 'application/json' } })
    expect(oneSeatApi.status).toBe(422)
    expect(JSON.parse(oneSeatApi.text)).toMatchObject({ errors: { seats: expect.stringContaining('give at least 2 seats') } })

    // The API shows the same; an override without a reason is a 422 problem.
    const got = await client.request('GET', api)
    expect(got.status).toBe(200)
    const body = JSON.parse(got.text)
    expect(body).toMatchObject({ status: 'draft', constraints: { seats: 2, maxPerRegion: 1 } })
    expect(body.decisions.find((d: { name: string }) => d.name === 'Dong')).toMatchObject({ outcome: 'selected', overrideReason: 'Leads the Seoul meetup.' })
    const noReason = await client.request('POST', `${api}/decisions/${made.ids.Bram!.applicationId}/override`, { body: JSON.stringify({ outcome: 'selected', reason: '' }), headers: { 'content-type': 'application/json' } })
    expect(noReason.status).toBe(422)
    expect(JSON.parse(noReason.text)).toMatchObject({ status: 422, errors: { reason: expect.stringContaining('Write the reason') } })
    const dryApi = await client.request('POST', `${api}/runs`, { body: JSON.stringify({ dryRun: true, maxPerRegion: 5 }), headers: { 'content-type': 'application/json' } })
    expect(JSON.parse(dryApi.text)).toMatchObject({ saved: false, constraints: { seats: 2, maxPerRegion: 5 } })

    await ctx().db.transaction((tx) => lockSelection(tx, made.cohortId, 'announcer'))
    const locked = await client.get(page)
    expect(locked.text).toContain('the announcement has been scheduled')
    expect(locked.text).not.toContain(`${page}/override`)
    const late = await client.post(`${page}/run`, { seats: '2', mode: 'save' })
    expect(late.status).toBe(409)
    expect(late.text).toContain('is locked since')
    // On the selection page, as an alert; a form that would not even parse is refused the same way (the locked
    // page has no form to show field errors in).
    expect(late.text).toMatch(/<div class="error-box" role="alert">[^<]*is locked since/)
    const lateBad = await client.post(`${page}/run`, { seats: 'many', mode: 'save' })
    expect(lateBad.status).toBe(409)
    expect(lateBad.text).toMatch(/role="alert">[^<]*is locked since/)
    const lateApi = await client.request('POST', `${api}/runs`, { body: JSON.stringify({}), headers: { 'content-type': 'application/json' } })
    expect(lateApi.status).toBe(409)
  })

  it('shows an applicant who withdrew from the waitlist as withdrawn: no place, not counted in the waitlist, no override, in both languages', async () => {
    const deps = ctx()
    const cohort = await makeSelectionCohort(deps.db, 1, [
      { name: 'Ann', score: 5 },
      { name: 'Bob', score: 4 },
      { name: 'Cy', score: 3 },
      { name: 'Di', score: 2 },
    ])
    await runSelection(deps.db, cohort.cohortId, { seats: 1, waitlistLength: 3 }, 'tester')
    await withdrawApplication(deps, cohort.ids.Bob!.applicationId, cohort.ids.Bob!.personId)
    const { client, personId } = await manager(`withdrawn-view-${deps.engine}@example.org`)
    await grantRole(deps.db, personId, 'program_manager', cohort.communityId, 'test')
    const path = `/admin/c/${cohort.slug}/programs/${cohort.programSlug}/cohorts/2025/selection`
    /** The page's tables, each as its caption and its rows' cells. */
    const tables = (html: string) =>
      [...html.matchAll(/<table[^>]*><caption>([^<]*)<\/caption>.*?<tbody>(.*?)<\/tbody><\/table>/gs)].map(([, caption, body]) => [
        caption,
        [...body!.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map(([, row]) => [...row!.matchAll(/<td>([^<]*)<\/td>/g)].map(([, cell]) => cell).filter((cell) => cell !== '')),
      ])
    const en = await client.get(`${path}?lang=en`)
    expect(en.status).toBe(200)
    expect(tables(en.text)).toEqual([
      ['Selected (1)', [['Ann', '1.000', 'selected: ranked 1st']]],
      ['Waitlist (2)', [['Cy', '0.500', 'waitlisted 1st (ranked 3rd)'], ['Di', '0.250', 'waitlisted 2nd (ranked 4th)']]],
      ['Withdrawn since the selection (1)', [['Bob', '0.750', 'withdrew the application; was 1st on the waitlist']]],
    ])
    // Nothing to override for Bob: his row has no form.
    expect(en.text).toMatch(/<table id="selection-withdrawn">(?:(?!<\/table>).)*<td>Bob<\/td>(?:(?!<\/table>).)*<\/table>/s)
    expect(en.text.match(/<table id="selection-withdrawn">.*?<\/table>/s)![0]).not.toContain('<form')
    const zh = await client.get(`${path}?lang=zh-CN`)
    expect(tables(zh.text).map(([caption, rows]) => [caption, (rows as string[][]).map((r) => r[0])])).toEqual([
      ['入选（1）', ['Ann']],
      ['候补名单（2）', ['Cy', 'Di']],
      ['遴选后已撤回申请（1）', ['Bob']],
    ])
    expect(zh.text).toContain('已撤回申请；原候补第1位')
  })
})
