import { and, eq, like } from 'drizzle-orm'
import { XMLParser } from 'fast-xml-parser'
import { expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { FormClient } from '../../../tests/support/http.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { people } from '../people/schema.ts'
import { makeSelectedCohort, makeSelectionCohort } from '../../../tests/support/selection.ts'
import { createApp } from '../../app.tsx'
import type { Db } from '../../db/client.ts'
import { runJobsUntilIdle } from '../../jobs/run-jobs.ts'
import { roleGrants } from '../accounts/schema.ts'
import { applications } from '../applications/schema.ts'
import { outboxMessages } from '../communications/schema.ts'
import { memberships } from '../memberships/schema.ts'
import { cohortPhases, cohorts } from '../programs/schema.ts'
import { ANYWHERE_ON_EARTH } from '../../lib/dates.ts'
import { reviews } from '../reviews/schema.ts'
import { cohortDecisions } from '../selection/decisions.ts'
import { runSelection } from '../selection/run-selection.ts'
import { offerToken } from './offer-links.ts'
import { runAnnouncement } from './run-announcement.ts'
import { respondToOffer } from './respond-to-offer.ts'
import { scheduleAnnouncement } from './schedule-announcement.ts'
import { acceptanceOffers, announcements } from './schema.ts'
import { getAnnouncementPage, getAnnouncementStatus, listProgramNews } from './queries.ts'
import { findSelection } from '../selection/decisions.ts'
import { grantRole } from '../accounts/grant-role.ts'
import { withdrawApplication } from '../applications/withdraw-application.ts'


const decisionMails = (db: Db, prefix = 'decision:') => db.select().from(outboxMessages).where(like(outboxMessages.idempotencyKey, `${prefix}%`))
const offerOf = async (db: Db, applicationId: string) => (await db.select().from(acceptanceOffers).where(eq(acceptanceOffers.applicationId, applicationId)))[0]

describeDb('announcements', (ctx) => {
  it('schedules once (locking the selection, enqueueing the job); a second scheduling is refused and changes nothing', async () => {
    const deps = ctx()
    const { cohortId } = await makeSelectedCohort(deps.db)
    const at = new Date(deps.clock().getTime() + 86_400_000)
    await scheduleAnnouncement(deps, { cohortId, at, actorPersonId: null, title: 'Welcome!' })
    await expect(scheduleAnnouncement(deps, { cohortId, actorPersonId: null, title: 'Again' })).rejects.toThrow(/already scheduled.*announced once/)
    const rows = await deps.db.select().from(announcements).where(eq(announcements.cohortId, cohortId))
    expect(rows.map((r) => [r.title, r.scheduledFor.toISOString()])).toEqual([['Welcome!', at.toISOString()]])
    // Not due yet: nothing is sent.
    await runJobsUntilIdle(deps)
    const [after] = await deps.db.select().from(announcements).where(eq(announcements.cohortId, cohortId))
    expect(after!.publishedAt).toBeNull()
    expect(await deps.db.select().from(acceptanceOffers).where(eq(acceptanceOffers.cohortId, cohortId))).toEqual([])
  })

  it('refuses to schedule before selection ran, and a deadline before the announcement', async () => {
    const deps = ctx()
    const { cohortId } = await makeSelectionCohort(deps.db, 1, [{ name: 'Solo', score: 5 }])
    await expect(scheduleAnnouncement(deps, { cohortId, actorPersonId: null })).rejects.toThrow(/Selection has not been run/)
    await runSelection(deps.db, cohortId, { seats: 1 }, 'tester')
    const at = deps.clock()
    await expect(scheduleAnnouncement(deps, { cohortId, at, respondBy: new Date(at.getTime() - 1), actorPersonId: null })).rejects.toThrow(/deadline must come after/)
    expect(await deps.db.select().from(announcements).where(eq(announcements.cohortId, cohortId))).toEqual([])
  })

  it('refuses a moment or a deadline that has passed (inline on the page, 422 on the API), and a calendar date that has passed means now', async () => {
    const deps = ctx()
    const made = await makeSelectedCohort(deps.db)
    const app = createApp(deps)
    const email = `announcer-${deps.engine}@example.org`
    const client = await signedInClient(app, deps.db, email)
    const [manager] = await deps.db.select().from(people).where(eq(people.email, email))
    await grantRole(deps.db, manager!.id, 'program_manager', made.communityId, 'test')
    const page = `/admin/c/${made.slug}/programs/${made.programSlug}/cohorts/2025/announcement`
    // Now is 20:00 on 15 August in Shanghai (the cohort's zone): 19:00 has passed.
    const past = await client.post(page, { at: '2023-08-15T19:00', respondBy: '', title: 'Welcome!', introMd: '' })
    expect(past.status).toBe(422)
    expect(past.text).toContain('<p class="field-error" id="at-error">This moment has already passed.')
    expect(past.text).toContain('value="2023-08-15T19:00"')
    expect(past.text).toContain('value="Welcome!"')
    const lateDeadline = await client.post(page, { at: '', respondBy: '2023-08-15T19:59', title: '', introMd: '' })
    expect(lateDeadline.status).toBe(422)
    expect(lateDeadline.text).toContain('<p class="field-error" id="respondBy-error">Choose a moment after the announcement.')
    // Within the grace minute a moment typed as "now" is taken, but its deadline must still lie ahead.
    const now = deps.clock()
    await expect(scheduleAnnouncement(deps, { cohortId: made.cohortId, at: new Date(now.getTime() - 30_000), respondBy: new Date(now.getTime() - 10_000), actorPersonId: null })).rejects.toMatchObject({
      code: 'validation',
      fields: { respondBy: expect.stringContaining('already passed') },
    })
    const api = await client.request('POST', `/api/v1/communities/${made.slug}/programs/${made.programSlug}/cohorts/2025/announcement`, {
      body: JSON.stringify({ at: '2023-08-15T11:00:00Z' }),
      headers: { 'content-type': 'application/json' },
    })
    expect(api.status).toBe(422)
    expect(JSON.parse(api.text)).toMatchObject({ status: 422, errors: { at: expect.stringContaining('already passed') } })
    expect(await deps.db.select().from(announcements).where(eq(announcements.cohortId, made.cohortId))).toEqual([])
    expect((await findSelection(deps.db, made.cohortId))!.status).toBe('draft')

    // The calendar's announcement date passed yesterday: leaving the field empty announces now, with two weeks to answer.
    await deps.db.insert(cohortPhases).values({ cohortId: made.cohortId, kind: 'announcement', label: 'Announcement', position: 5, startsAt: new Date('2023-08-14T12:00:00Z'), endsAt: null })
    const scheduled = await client.post(page, { at: '', respondBy: '', title: '', introMd: '' })
    expect(scheduled.status).toBe(303)
    const [row] = await deps.db.select().from(announcements).where(eq(announcements.cohortId, made.cohortId))
    expect([row!.scheduledFor.toISOString(), row!.respondBy.toISOString()]).toEqual(['2023-08-15T12:00:00.000Z', '2023-08-29T12:00:00.000Z'])
  })

  it('when the job runs after the deadline (the server was down), the offers get a day and the managers see that deadline', async () => {
    const deps = ctx()
    const { cohortId, ids } = await makeSelectedCohort(deps.db)
    const now = deps.clock()
    await scheduleAnnouncement(deps, { cohortId, at: now, respondBy: new Date(now.getTime() + 3_600_000), actorPersonId: null })
    try {
      deps.setNow(new Date(now.getTime() + 2 * 3_600_000))
      await runJobsUntilIdle(deps)
      const offer = (await offerOf(deps.db, ids.Ana!.applicationId))!
      expect(offer.respondBy.toISOString()).toBe('2023-08-16T14:00:00.000Z')
      const { announcement } = await getAnnouncementStatus(deps.db, cohortId)
      expect(announcement!.respondBy.toISOString()).toBe(offer.respondBy.toISOString())
    } finally {
      deps.setNow(now)
    }
  })

  it('the job sends one decision email per applicant in their language with feedback, publishes, and a re-run sends nothing twice', async () => {
    const deps = ctx()
    const { cohortId, ids } = await makeSelectedCohort(deps.db)
    await deps.db.update(applications).set({ locale: 'zh-CN' }).where(eq(applications.id, ids.Cai!.applicationId))
    await deps.db.update(reviews).set({ feedbackToApplicant: 'Great talks; more blog posts next year.' }).where(eq(reviews.applicationId, ids.Eli!.applicationId))
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null })
    await runJobsUntilIdle(deps)
    const mails = await decisionMails(deps.db)
    const mine = new Map(Object.entries(ids).map(([name, id]) => [mails.find((m) => m.idempotencyKey === `decision:${id.applicationId}`), name]))
    const subjects = Object.fromEntries([...mine].map(([m, name]) => [name, m?.subject]))
    expect(subjects).toEqual({
      Ana: 'Decision: accepted — Test Ambassador Program (Ambassadors 2025)',
      Ben: 'Decision: accepted — Test Ambassador Program (Ambassadors 2025)',
      Cai: '决定：候补 — Test Ambassador Program（Ambassadors 2025）',
      Dee: 'Decision: waitlisted — Test Ambassador Program (Ambassadors 2025)',
      Eli: 'Decision: not selected — Test Ambassador Program (Ambassadors 2025)',
    })
    const ana = mails.find((m) => m.idempotencyKey === `decision:${ids.Ana!.applicationId}`)!
    const anaOffer = (await offerOf(deps.db, ids.Ana!.applicationId))!
    expect(ana.textBody).toContain(`/offers/${anaOffer.id}?token=${offerToken(deps.secretKey, anaOffer.id)}`)
    expect(mails.find((m) => m.idempotencyKey === `decision:${ids.Eli!.applicationId}`)!.textBody).toContain('Great talks; more blog posts next year.')
    expect(mails.find((m) => m.idempotencyKey === `decision:${ids.Cai!.applicationId}`)!.textBody).toContain('排第 1 位')
    const [published] = await deps.db.select().from(announcements).where(eq(announcements.cohortId, cohortId))
    expect(published!.publishedAt).not.toBeNull()

    // A crash after the work (the lease expires, another process runs it again): nothing is repeated.
    const again = await runAnnouncement(deps, cohortId)
    expect(again).toEqual({ emailsQueued: 0, offers: 2, published: false })
    const keys = new Set(Object.values(ids).map((id) => `decision:${id.applicationId}`))
    expect((await decisionMails(deps.db)).filter((m) => keys.has(m.idempotencyKey))).toHaveLength(5)
    expect(await deps.db.select().from(acceptanceOffers).where(eq(acceptanceOffers.cohortId, cohortId))).toHaveLength(2)
  })

  it('a confirmation starts the membership with the cohort’s term and the ambassador role; answering again the other way is refused', async () => {
    const deps = ctx()
    const { cohortId, ids, communityId } = await makeSelectedCohort(deps.db)
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null })
    await runJobsUntilIdle(deps)
    const offer = (await offerOf(deps.db, ids.Ana!.applicationId))!
    const confirmed = await respondToOffer(deps, offer.id, 'confirm', { personId: ids.Ana!.personId, actor: ids.Ana!.personId })
    expect(confirmed.offer.status).toBe('confirmed')
    const [membership] = await deps.db.select().from(memberships).where(eq(memberships.id, confirmed.offer.membershipId!))
    expect(membership).toMatchObject({ personId: ids.Ana!.personId, cohortId, role: 'ambassador', status: 'active', consecutiveYears: 1 })
    expect([membership!.termStart.toISOString(), membership!.termEnd.toISOString()]).toEqual(['2023-09-20T12:00:00.000Z', '2024-09-22T12:00:00.000Z'])
    expect(await deps.db.select().from(roleGrants).where(and(eq(roleGrants.personId, ids.Ana!.personId), eq(roleGrants.communityId, communityId), eq(roleGrants.role, 'ambassador')))).toHaveLength(1)
    // A double click changes nothing; changing one's mind is refused.
    expect((await respondToOffer(deps, offer.id, 'confirm', { personId: ids.Ana!.personId, actor: 'x' })).repeated).toBe(true)
    await expect(respondToOffer(deps, offer.id, 'decline', { personId: ids.Ana!.personId, actor: 'x' })).rejects.toThrow(/already confirmed/)
    // Someone else's offer is not found.
    await expect(respondToOffer(deps, offer.id, 'confirm', { personId: ids.Ben!.personId, actor: 'x' })).rejects.toThrow(/no such offer/)
    expect(await deps.db.select().from(memberships).where(eq(memberships.cohortId, cohortId))).toHaveLength(1)
  })

  it('a decline promotes the first on the waitlist, who is offered the seat and emailed; an unanswered offer expires and promotes the next', async () => {
    const deps = ctx()
    const { cohortId, ids } = await makeSelectedCohort(deps.db)
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null })
    await runJobsUntilIdle(deps)
    const benOffer = (await offerOf(deps.db, ids.Ben!.applicationId))!
    const declined = await respondToOffer(deps, benOffer.id, 'decline', { actor: 'email-link' })
    expect(declined.promoted?.applicationId).toBe(ids.Cai!.applicationId)
    const caiOffer = (await offerOf(deps.db, ids.Cai!.applicationId))!
    expect(caiOffer).toMatchObject({ status: 'pending', origin: 'waitlist' })
    await runJobsUntilIdle(deps)
    const caiMail = await decisionMails(deps.db, `offer:${ids.Cai!.applicationId}`)
    expect(caiMail).toHaveLength(1)
    expect(caiMail[0]!.subject).toMatch(/^Decision: accepted from the waitlist/)
    const outcomes = Object.fromEntries((await cohortDecisions(deps.db, cohortId)).map((d) => [d.displayName, [d.outcome, d.releasedAt !== null]]))
    expect(outcomes).toMatchObject({ Ben: ['selected', true], Cai: ['selected', false], Dee: ['waitlisted', false] })

    // Ana never answers: at her deadline the job expires her offer and Dee is promoted.
    const anaOffer = (await offerOf(deps.db, ids.Ana!.applicationId))!
    deps.setNow(new Date(anaOffer.respondBy.getTime() + 1000))
    await runJobsUntilIdle(deps)
    expect((await offerOf(deps.db, ids.Ana!.applicationId))!.status).toBe('expired')
    expect((await offerOf(deps.db, ids.Dee!.applicationId))).toMatchObject({ status: 'pending', origin: 'waitlist' })
    expect(await decisionMails(deps.db, `offer:${ids.Dee!.applicationId}`)).toHaveLength(1)
    await expect(respondToOffer(deps, anaOffer.id, 'confirm', { actor: 'late' })).rejects.toThrow(/time to answer this offer has passed/)
    deps.setNow(new Date('2023-08-15T12:00:00Z'))
  })

  it('a seat freed after the announcement passes over a waitlisted applicant who withdrew their application since', async () => {
    const deps = ctx()
    const { cohortId, ids } = await makeSelectedCohort(deps.db)
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null })
    await runJobsUntilIdle(deps)
    // Cai, first on the waitlist, withdraws; then Ben declines his seat.
    await withdrawApplication(deps, ids.Cai!.applicationId, ids.Cai!.personId)
    const benOffer = (await offerOf(deps.db, ids.Ben!.applicationId))!
    const declined = await respondToOffer(deps, benOffer.id, 'decline', { actor: 'email-link' })
    expect(declined.promoted?.applicationId).toBe(ids.Dee!.applicationId)
    await runJobsUntilIdle(deps)
    expect(await offerOf(deps.db, ids.Cai!.applicationId)).toBeUndefined()
    expect(await decisionMails(deps.db, `offer:${ids.Cai!.applicationId}`)).toHaveLength(0)
    expect(await decisionMails(deps.db, `offer:${ids.Dee!.applicationId}`)).toHaveLength(1)
    const outcomes = Object.fromEntries((await cohortDecisions(deps.db, cohortId)).map((d) => [d.displayName, d.outcome]))
    expect(outcomes).toMatchObject({ Cai: 'waitlisted', Dee: 'selected' })
  })

  it('applicants who withdrew after the selection ran get no decision email and no offer; a withdrawn seat goes to the waitlist on announcement day', async () => {
    const deps = ctx()
    const { cohortId, ids } = await makeSelectedCohort(deps.db)
    await withdrawApplication(deps, ids.Ben!.applicationId, ids.Ben!.personId)
    await withdrawApplication(deps, ids.Dee!.applicationId, ids.Dee!.personId)
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null })
    await runJobsUntilIdle(deps)
    const mails = await decisionMails(deps.db)
    const subjects = Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, mails.find((m) => m.idempotencyKey === `decision:${id.applicationId}`)?.subject ?? null]))
    expect(subjects).toEqual({
      Ana: 'Decision: accepted — Test Ambassador Program (Ambassadors 2025)',
      Ben: null,
      Cai: 'Decision: accepted — Test Ambassador Program (Ambassadors 2025)',
      Dee: null,
      Eli: 'Decision: not selected — Test Ambassador Program (Ambassadors 2025)',
    })
    const offered = await deps.db.select({ applicationId: acceptanceOffers.applicationId }).from(acceptanceOffers).where(eq(acceptanceOffers.cohortId, cohortId))
    expect(new Set(offered.map((o) => o.applicationId))).toEqual(new Set([ids.Ana!.applicationId, ids.Cai!.applicationId]))
    const outcomes = Object.fromEntries((await cohortDecisions(deps.db, cohortId)).map((d) => [d.displayName, [d.outcome, d.releasedAt !== null]]))
    expect(outcomes).toMatchObject({ Ana: ['selected', false], Ben: ['selected', true], Cai: ['selected', false] })
    // A re-run (after a crash) repeats nothing.
    expect(await runAnnouncement(deps, cohortId)).toEqual({ emailsQueued: 0, offers: 2, published: false })
  })

  it('an applicant who withdrew after the offer cannot confirm it (told why, in their language, 409, no membership) but can still decline it', async () => {
    const deps = ctx()
    const { cohortId, ids } = await makeSelectedCohort(deps.db)
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null })
    await runJobsUntilIdle(deps)
    // Withdrawing declines an open offer at once (withdraw-offer.db.test.ts); an offer can still be open for a
    // withdrawn application when the withdrawal came before that rule, or between the announcement's reading of
    // the withdrawals and its offers: its page must still hold.
    await deps.db.update(applications).set({ status: 'withdrawn', withdrawnAt: deps.clock() }).where(eq(applications.id, ids.Ana!.applicationId))
    const offer = (await offerOf(deps.db, ids.Ana!.applicationId))!
    const token = offerToken(deps.secretKey, offer.id)
    const client = new FormClient(createApp(deps))
    client.setCookie('lang', 'zh-CN')
    // The page says so up front and offers only to decline; a confirmation posted anyway is refused.
    const shown = await client.get(`/offers/${offer.id}?token=${token}`)
    expect(shown.text).toContain('您已撤回申请，因此无法确认此席位。')
    expect(shown.text).not.toContain(`action="/offers/${offer.id}/confirm"`)
    expect(shown.text).toContain(`action="/offers/${offer.id}/decline"`)
    const refused = await client.post(`/offers/${offer.id}/confirm`, { token })
    expect(refused.status).toBe(409)
    expect(refused.text).toContain('您已撤回申请，因此无法确认此席位。')
    expect(refused.text.split('您已撤回申请，因此无法确认此席位。')).toHaveLength(2)
    expect(refused.text).not.toContain(`action="/offers/${offer.id}/confirm"`)
    expect((await offerOf(deps.db, ids.Ana!.applicationId))!.status).toBe('pending')
    expect(await deps.db.select().from(memberships).where(eq(memberships.personId, ids.Ana!.personId))).toEqual([])
    expect(await deps.db.select().from(roleGrants).where(and(eq(roleGrants.personId, ids.Ana!.personId), eq(roleGrants.role, 'ambassador')))).toEqual([])
    const declined = await client.post(`/offers/${offer.id}/decline`, { token })
    expect(declined.status).toBe(200)
    expect((await offerOf(deps.db, ids.Cai!.applicationId))!.origin).toBe('waitlist')
  })

  it('publishes the page (accepted people, no emails) in the program news and a valid Atom feed', async () => {
    const deps = ctx()
    const { cohortId, ids, slug, programSlug } = await makeSelectedCohort(deps.db)
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null, title: 'Welcome new ambassadors & friends', introMd: 'We are *happy* to announce them.' })
    const app = createApp(deps)
    const path = `/c/${slug}/programs/${programSlug}/news`
    expect((await app.request(`${path}/2025`)).status).toBe(404)
    await runJobsUntilIdle(deps)
    const page = await (await app.request(`${path}/2025`)).text()
    expect(page).toContain('<em>happy</em>')
    expect(page).toContain('Ana')
    expect(page).toContain('Ben')
    expect(page).not.toContain('Cai')
    expect(page).not.toMatch(/@example\.org/)
    expect(page).toContain('1st year')
    const news = await (await app.request(path)).text()
    expect(news).toContain(`href="${path}/2025"`)
    const feed = await app.request(`${path}.atom`)
    expect(feed.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8')
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => ['entry', 'link'].includes(n) }).parse(await feed.text(), true)
    expect(doc.feed['@xmlns']).toBe('http://www.w3.org/2005/Atom')
    expect(doc.feed.id).toBe(`http://embassy.test${path}.atom`)
    expect(doc.feed.updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(doc.feed.entry).toHaveLength(1)
    expect(doc.feed.entry[0]).toMatchObject({ id: `http://embassy.test${path}/2025` })
    expect(doc.feed.entry[0].title['#text']).toBe('Welcome new ambassadors & friends')
    void ids
  })

  it('the offer page answers through the signed email link (no sign-in), and refuses a forged one', async () => {
    const deps = ctx()
    const { cohortId, ids } = await makeSelectedCohort(deps.db)
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null })
    await runJobsUntilIdle(deps)
    const offer = (await offerOf(deps.db, ids.Ana!.applicationId))!
    const client = new FormClient(createApp(deps))
    expect((await client.get(`/offers/${offer.id}?token=forged`)).status).toBe(404)
    const page = await client.get(`/offers/${offer.id}?token=${offerToken(deps.secretKey, offer.id)}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('Confirm my place')
    const done = await client.post(`/offers/${offer.id}/confirm`, { token: offerToken(deps.secretKey, offer.id) })
    expect(done.status).toBe(200)
    expect(done.text).toContain('You confirmed your place')
    expect((await offerOf(deps.db, ids.Ana!.applicationId))!.status).toBe('confirmed')
  })

  it('a Chinese reader who answers twice (a second tab, the back button) is told in Chinese that the place was already answered', async () => {
    const deps = ctx()
    const { cohortId, ids } = await makeSelectedCohort(deps.db)
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null })
    await runJobsUntilIdle(deps)
    const offer = (await offerOf(deps.db, ids.Ana!.applicationId))!
    const token = offerToken(deps.secretKey, offer.id)
    const client = new FormClient(createApp(deps))
    client.setCookie('lang', 'zh-CN')
    expect((await client.get(`/offers/${offer.id}?token=${token}`)).text).toContain('确认我的席位')
    expect((await client.post(`/offers/${offer.id}/confirm`, { token })).text).toContain('您已确认席位')
    const other = await client.post(`/offers/${offer.id}/decline`, { token })
    expect(other.status).toBe(409)
    expect(other.text).toContain('<p role="status" class="card">您已确认过此席位。</p>')
    expect(other.text).not.toContain('You already')
    expect((await offerOf(deps.db, ids.Ana!.applicationId))!.status).toBe('confirmed')
    // In English the same refusal reads as before.
    client.setCookie('lang', 'en')
    expect((await client.post(`/offers/${offer.id}/decline`, { token })).text).toContain('<p role="status" class="card">You already confirmed this place.</p>')
  })

  it('a Chinese applicant’s email link opens the offer page in Chinese, even in a browser that asks for English, and the answer stays Chinese', async () => {
    const deps = ctx()
    const { cohortId, ids } = await makeSelectedCohort(deps.db)
    await deps.db.update(applications).set({ locale: 'zh-CN' }).where(eq(applications.id, ids.Ana!.applicationId))
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null })
    await runJobsUntilIdle(deps)
    const [mail] = await decisionMails(deps.db, `decision:${ids.Ana!.applicationId}`)
    const link = /http:\/\/embassy\.test(\/offers\/\S+)/.exec(mail!.textBody)![1]!
    const client = new FormClient(createApp(deps))
    const english = { 'accept-language': 'en-US,en;q=0.9' }
    const page = await client.get(link, english)
    expect(page.text).toContain('<html lang="zh-CN"')
    expect(page.text).toContain('确认我的席位')
    const offer = (await offerOf(deps.db, ids.Ana!.applicationId))!
    const done = await client.post(`/offers/${offer.id}/confirm`, { token: offerToken(deps.secretKey, offer.id) }, english)
    expect(done.text).toContain('您已确认席位')
    // An English applicant's link is as before.
    const [ben] = await decisionMails(deps.db, `decision:${ids.Ben!.applicationId}`)
    const benOffer = (await offerOf(deps.db, ids.Ben!.applicationId))!
    expect(ben!.textBody).toContain(`/offers/${benOffer.id}?token=${offerToken(deps.secretKey, benOffer.id)}\n`)
  })

  it('a deadline “anywhere on Earth” is named in Chinese in a Chinese email and on the Chinese offer page', async () => {
    const deps = ctx()
    const { cohortId, ids } = await makeSelectedCohort(deps.db)
    await deps.db.update(cohorts).set({ timeZone: ANYWHERE_ON_EARTH }).where(eq(cohorts.id, cohortId))
    await deps.db.update(applications).set({ locale: 'zh-CN' }).where(eq(applications.id, ids.Ana!.applicationId))
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null })
    await runJobsUntilIdle(deps)
    const [mail] = await decisionMails(deps.db, `decision:${ids.Ana!.applicationId}`)
    expect(mail!.textBody).toContain('全球任意地区 (UTC−12)')
    expect(mail!.textBody).not.toContain('Anywhere on Earth')
    const offer = (await offerOf(deps.db, ids.Ana!.applicationId))!
    const page = await new FormClient(createApp(deps)).get(`/offers/${offer.id}?token=${offerToken(deps.secretKey, offer.id)}&lang=zh-CN`)
    expect(page.text).toContain('全球任意地区 (UTC−12)')
    expect(page.text).not.toContain('Anywhere on Earth')
    const [ben] = await decisionMails(deps.db, `decision:${ids.Ben!.applicationId}`)
    expect(ben!.textBody).toContain('Anywhere on Earth (UTC−12)')
  })

  it('reads the announcement page and the news in the same number of queries for 1 and 3 ambassadors', async () => {
    const deps = ctx()
    const announced = async (seats: number) => {
      const made = await makeSelectionCohort(deps.db, seats, [{ name: 'Q1', score: 5 }, { name: 'Q2', score: 4 }, { name: 'Q3', score: 3 }])
      await runSelection(deps.db, made.cohortId, { seats }, 'tester')
      await scheduleAnnouncement(deps, { cohortId: made.cohortId, actorPersonId: null })
      await runJobsUntilIdle(deps)
      return made
    }
    const [one, three] = [await announced(1), await announced(3)]
    const count = async (made: Awaited<ReturnType<typeof announced>>) => {
      const before = deps.database.queryCount
      const page = await getAnnouncementPage(deps.db, made.slug, made.programSlug, '2025')
      await listProgramNews(deps.db, made.programId)
      return { queries: deps.database.queryCount - before, rows: page!.ambassadors.length }
    }
    const [a, b] = [await count(one), await count(three)]
    expect([a.rows, b.rows]).toEqual([1, 3])
    expect(a.queries).toBe(b.queries)
  })

  it('a signed-in applicant finds the offer in their list and declines it on the page, without the email link', async () => {
    const deps = ctx()
    const { cohortId, ids } = await makeSelectedCohort(deps.db)
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null })
    await runJobsUntilIdle(deps)
    const [ben] = await deps.db.select({ email: people.email }).from(people).where(eq(people.id, ids.Ben!.personId))
    const app = createApp(deps)
    const client = await signedInClient(app, deps.db, ben!.email!)
    const list = await client.get('/offers')
    expect(list.status).toBe(200)
    const offer = (await offerOf(deps.db, ids.Ben!.applicationId))!
    expect(list.text).toContain(`href="/offers/${offer.id}"`)
    await client.get(`/offers/${offer.id}`)
    const declined = await client.post(`/offers/${offer.id}/decline`, { token: '' })
    expect(declined.text).toContain('You declined this place')
    expect((await offerOf(deps.db, ids.Cai!.applicationId))!.origin).toBe('waitlist')
    // Another signed-in person cannot open it.
    const [ana] = await deps.db.select({ email: people.email }).from(people).where(eq(people.id, ids.Ana!.personId))
    expect((await (await signedInClient(app, deps.db, ana!.email!)).get(`/offers/${offer.id}`)).status).toBe(404)
  })
})
