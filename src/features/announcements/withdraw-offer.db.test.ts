import { and, eq, like } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { makeSelectedCohort, makeSelectionCohort } from '../../../tests/support/selection.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { createApp } from '../../app.tsx'
import type { Db } from '../../db/client.ts'
import { runJobsUntilIdle } from '../../jobs/run-jobs.ts'
import { applications } from '../applications/schema.ts'
import { withdrawApplication } from '../applications/withdraw-application.ts'
import { auditLog } from '../audit/schema.ts'
import { outboxMessages } from '../communications/schema.ts'
import { memberships } from '../memberships/schema.ts'
import { people } from '../people/schema.ts'
import { cohortDecisions } from '../selection/decisions.ts'
import { runSelection } from '../selection/run-selection.ts'
import { respondToOffer } from './respond-to-offer.ts'
import { scheduleAnnouncement } from './schedule-announcement.ts'
import { acceptanceOffers } from './schema.ts'

const mailsTo = (db: Db, key: string) => db.select().from(outboxMessages).where(like(outboxMessages.idempotencyKey, key))
const offerOf = async (db: Db, applicationId: string) => (await db.select().from(acceptanceOffers).where(eq(acceptanceOffers.applicationId, applicationId)))[0]
const emailOf = async (db: Db, personId: string) => (await db.select({ email: people.email }).from(people).where(eq(people.id, personId)))[0]!.email!
const waitlistOf = async (db: Db, cohortId: string) =>
  (await cohortDecisions(db, cohortId)).filter((d) => d.outcome === 'waitlisted').map((d) => [d.displayName, d.waitlistPosition, d.explanationText.en])

describeDb('withdrawing an application that holds an offer or a place on the waitlist', (ctx) => {
  it('withdrawing with an open offer declines it: the seat goes to the first on the waitlist (offer, email), audited, and the waitlist closes up', async () => {
    const deps = ctx()
    const { cohortId, ids, slug, programSlug } = await makeSelectedCohort(deps.db)
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null })
    await runJobsUntilIdle(deps)
    const app = createApp(deps)
    const news = `/c/${slug}/programs/${programSlug}/news/2025`
    expect(await (await app.request(news)).text()).toContain('Ben')
    const benOffer = (await offerOf(deps.db, ids.Ben!.applicationId))!
    const ben = await signedInClient(app, deps.db, await emailOf(deps.db, ids.Ben!.personId))
    const question = await ben.get(`/applications/${ids.Ben!.applicationId}/withdraw`)
    expect(question.text).toContain('You have been offered a place in this cohort: withdrawing declines it')
    const done = await ben.post(`/applications/${ids.Ben!.applicationId}/withdraw`, { confirm: 'yes' })
    expect(done.status).toBe(303)

    expect(await offerOf(deps.db, ids.Ben!.applicationId)).toMatchObject({ status: 'declined', respondedAt: deps.clock() })
    // Cai, first on the waitlist, is offered the seat and emailed, as after a decline; Dee moves up to first.
    expect(await offerOf(deps.db, ids.Cai!.applicationId)).toMatchObject({ status: 'pending', origin: 'waitlist' })
    await runJobsUntilIdle(deps)
    const caiMail = await mailsTo(deps.db, `offer:${ids.Cai!.applicationId}`)
    expect(caiMail.map((m) => m.subject)).toEqual([expect.stringMatching(/^Decision: accepted from the waitlist/)])
    expect(await waitlistOf(deps.db, cohortId)).toEqual([['Dee', 1, 'waitlisted 1st (ranked 4th)']])
    const [decline] = await deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'offer.decline'), eq(auditLog.entityId, benOffer.id)))
    expect(decline).toMatchObject({ actor: ids.Ben!.personId, after: { via: 'withdrawal', promotedApplicationId: ids.Cai!.applicationId } })
    const [withdrawal] = await deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'application.withdraw'), eq(auditLog.entityId, ids.Ben!.applicationId)))
    expect(withdrawal!.after).toEqual({ declinedOfferId: benOffer.id, leftWaitlistAt: null })
    // The public announcement (cached before) no longer lists Ben, and lists Cai.
    const page = await (await app.request(news)).text()
    expect(page).not.toContain('Ben')
    expect(page).toContain('Cai')

    // Withdrawing again changes nothing: no second decline, nobody else promoted.
    expect(await withdrawApplication(deps, ids.Ben!.applicationId, ids.Ben!.personId)).toEqual({ changed: false, declinedOfferId: null })
    expect(await deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'offer.decline'), eq(auditLog.entityId, benOffer.id)))).toHaveLength(1)
    expect(await offerOf(deps.db, ids.Dee!.applicationId)).toBeUndefined()
  })

  it('a waitlisted applicant who withdraws leaves the waitlist and those behind move up, in the decision emails too', async () => {
    const deps = ctx()
    const { cohortId, ids } = await makeSelectionCohort(deps.db, 1, [
      { name: 'Ann', score: 5 },
      { name: 'Bob', score: 4 },
      { name: 'Cy', score: 3 },
      { name: 'Di', score: 2 },
    ])
    await runSelection(deps.db, cohortId, { seats: 1, waitlistLength: 3 }, 'tester')
    await deps.db.update(applications).set({ locale: 'zh-CN' }).where(eq(applications.id, ids.Di!.applicationId))
    expect(await withdrawApplication(deps, ids.Bob!.applicationId, ids.Bob!.personId)).toEqual({ changed: true, declinedOfferId: null })
    expect(await waitlistOf(deps.db, cohortId)).toEqual([
      ['Cy', 1, 'waitlisted 1st (ranked 3rd)'],
      ['Di', 2, 'waitlisted 2nd (ranked 4th)'],
      ['Bob', null, 'withdrew the application; was 1st on the waitlist'],
    ])
    const [withdrawal] = await deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'application.withdraw'), eq(auditLog.entityId, ids.Bob!.applicationId)))
    expect(withdrawal!.after).toEqual({ declinedOfferId: null, leftWaitlistAt: 1 })
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null })
    await runJobsUntilIdle(deps)
    expect((await mailsTo(deps.db, `decision:${ids.Cy!.applicationId}`))[0]!.textBody).toContain('you are number 1 on the waitlist')
    expect((await mailsTo(deps.db, `decision:${ids.Di!.applicationId}`))[0]!.textBody).toContain('排第 2 位')
    expect(await mailsTo(deps.db, `decision:${ids.Bob!.applicationId}`)).toEqual([])
    // Ann declines: Cy takes the seat, Di is first.
    const annOffer = (await offerOf(deps.db, ids.Ann!.applicationId))!
    expect((await respondToOffer(deps, annOffer.id, 'decline', { actor: 'email-link' })).promoted?.applicationId).toBe(ids.Cy!.applicationId)
    expect((await waitlistOf(deps.db, cohortId)).map(([name, position]) => [name, position])).toEqual([
      ['Di', 1],
      ['Bob', null],
    ])
  })

  it('a waitlist with a gap left by a withdrawal recorded before withdrawals closed it is numbered without it on announcement day', async () => {
    const deps = ctx()
    const { cohortId, ids } = await makeSelectionCohort(deps.db, 1, [
      { name: 'Ann', score: 5 },
      { name: 'Bob', score: 4 },
      { name: 'Cy', score: 3 },
    ])
    await runSelection(deps.db, cohortId, { seats: 1, waitlistLength: 2 }, 'tester')
    await deps.db.update(applications).set({ status: 'withdrawn', withdrawnAt: deps.clock() }).where(eq(applications.id, ids.Bob!.applicationId))
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null })
    await runJobsUntilIdle(deps)
    expect((await mailsTo(deps.db, `decision:${ids.Cy!.applicationId}`))[0]!.textBody).toContain('you are number 1 on the waitlist')
    expect((await waitlistOf(deps.db, cohortId)).map(([name, position]) => [name, position])).toEqual([
      ['Cy', 1],
      ['Bob', null],
    ])
  })

  it('withdrawing after confirming the place is refused (409, on the page in its language) and the term stays', async () => {
    const deps = ctx()
    const { cohortId, ids } = await makeSelectedCohort(deps.db)
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null })
    await runJobsUntilIdle(deps)
    const offer = (await offerOf(deps.db, ids.Ana!.applicationId))!
    await respondToOffer(deps, offer.id, 'confirm', { personId: ids.Ana!.personId, actor: ids.Ana!.personId })
    const ana = await signedInClient(createApp(deps), deps.db, await emailOf(deps.db, ids.Ana!.personId))
    ana.setCookie('lang', 'zh-CN')
    const path = `/applications/${ids.Ana!.applicationId}/withdraw`
    const question = await ana.get(path)
    expect(question.status).toBe(200)
    expect(question.text).toContain('您已确认本期的席位，因此无法再撤回申请。')
    expect(question.text).not.toContain(`<form method="post" action="${path}">`)
    // A confirmation posted anyway (a form opened before confirming, in another tab) is refused where it was asked.
    const refused = await ana.post(path, { confirm: 'yes' })
    expect(refused.status).toBe(409)
    expect(refused.text).toContain('您已确认本期的席位，因此无法再撤回申请。')
    const [application] = await deps.db.select().from(applications).where(eq(applications.id, ids.Ana!.applicationId))
    expect([application!.status, application!.withdrawnAt]).toEqual(['submitted', null])
    expect(await deps.db.select().from(memberships).where(eq(memberships.personId, ids.Ana!.personId))).toHaveLength(1)
    expect(await deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'application.withdraw'), eq(auditLog.entityId, ids.Ana!.applicationId)))).toEqual([])
  })

  it('an offer past its deadline is left to its expiry job, which expires it and promotes the next, as before', async () => {
    const deps = ctx()
    const { cohortId, ids } = await makeSelectedCohort(deps.db)
    await scheduleAnnouncement(deps, { cohortId, actorPersonId: null })
    await runJobsUntilIdle(deps)
    const now = deps.clock()
    const offer = (await offerOf(deps.db, ids.Ben!.applicationId))!
    try {
      deps.setNow(new Date(offer.respondBy.getTime() + 1000))
      expect(await withdrawApplication(deps, ids.Ben!.applicationId, ids.Ben!.personId)).toEqual({ changed: true, declinedOfferId: null })
      expect((await offerOf(deps.db, ids.Ben!.applicationId))!.status).toBe('pending')
      await runJobsUntilIdle(deps)
      expect((await offerOf(deps.db, ids.Ben!.applicationId))!.status).toBe('expired')
    } finally {
      deps.setNow(now)
    }
  })
})
