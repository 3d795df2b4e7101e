import { and, eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { FACTORY_QUESTIONS, FACTORY_WINDOW, makeCommunity, uniqueSlug } from '../../../tests/support/factories.ts'
import type { Db } from '../../db/client.ts'
import { runJobsUntilIdle } from '../../jobs/run-jobs.ts'
import { chooseCohort, findApplication, getApplyContext } from '../applications/queries.ts'
import { applications, evidenceItems } from '../applications/schema.ts'
import { createPeople } from '../people/create-people.ts'
import { cohortPhases, cohorts } from '../programs/schema.ts'
import { moveEndedTermsToAlumni } from './move-ended-terms.ts'
import { renewApplication } from './renew-application.ts'
import { memberships } from './schema.ts'
import { startTerm } from './start-term.ts'

/** Earlier cohorts of the factory program (2025 is the factory's), each with a one-year term phase. */
async function addCohorts(db: Db, programId: string, years: number[]) {
  const ids: Record<number, string> = {}
  for (const year of years) {
    const [row] = await db.insert(cohorts).values({ programId, slug: String(year), year, title: `Ambassadors ${year}`, seats: 5 }).returning({ id: cohorts.id })
    await db.insert(cohortPhases).values({ cohortId: row!.id, kind: 'term', label: 'Term', position: 1, startsAt: new Date(`${year}-05-01T00:00:00Z`), endsAt: new Date(`${year + 1}-05-01T00:00:00Z`) })
    ids[year] = row!.id
  }
  return ids
}

describeDb('memberships: terms, years in a row, alumni, renewal', (ctx) => {
  it('counts consecutive years, links last year’s term to its renewal, and starts a term once', async () => {
    const deps = ctx()
    const made = await makeCommunity(deps.db)
    const ids = await addCohorts(deps.db, made.programId, [2022, 2023, 2024])
    const [again, gap] = await createPeople(deps.db, [{ displayName: `Re-elected ${uniqueSlug()}` }, { displayName: `Gap year ${uniqueSlug()}` }])
    const now = deps.clock()
    const start = (personId: string, cohortId: string) => startTerm(deps.db, { personId, cohortId, now, actor: 'test' })
    expect((await start(again!.id, ids[2023]!)).consecutiveYears).toBe(1)
    const second = await start(again!.id, ids[2024]!)
    expect(second.consecutiveYears).toBe(2)
    const third = await start(again!.id, made.cohort!.cohortId)
    expect(third.consecutiveYears).toBe(3)
    expect(await start(again!.id, made.cohort!.cohortId)).toEqual({ ...third, created: false })
    await start(gap!.id, ids[2022]!)
    expect((await start(gap!.id, ids[2024]!)).consecutiveYears).toBe(1)
    const [term2024] = await deps.db.select().from(memberships).where(eq(memberships.id, second.membershipId))
    expect(term2024!.renewedById).toBe(third.membershipId)
    // The 2025 factory cohort's calendar term (May 1, 2025 – April 30, 2026 in Asia/Shanghai).
    const [term2025] = await deps.db.select().from(memberships).where(eq(memberships.id, third.membershipId))
    expect([term2025!.termStart.toISOString(), term2025!.termEnd.toISOString()]).toEqual(['2025-04-30T16:00:00.000Z', '2026-04-30T16:00:00.000Z'])
  })

  it('moves an ended term to alumni through its term-end job, unless it was renewed; running again changes nothing', async () => {
    const deps = ctx()
    const made = await makeCommunity(deps.db)
    const ids = await addCohorts(deps.db, made.programId, [2024])
    const [leaves, stays] = await createPeople(deps.db, [{ displayName: `Leaves ${uniqueSlug()}` }, { displayName: `Stays ${uniqueSlug()}` }])
    const now = deps.clock()
    const left = await startTerm(deps.db, { personId: leaves!.id, cohortId: ids[2024]!, now, actor: 'test' })
    const kept = await startTerm(deps.db, { personId: stays!.id, cohortId: ids[2024]!, now, actor: 'test' })
    const renewed = await startTerm(deps.db, { personId: stays!.id, cohortId: made.cohort!.cohortId, now, actor: 'test' })
    const status = async (id: string) => (await deps.db.select({ s: memberships.status }).from(memberships).where(eq(memberships.id, id)))[0]!.s
    await runJobsUntilIdle(deps)
    expect(await status(left.membershipId)).toBe('active')
    deps.setNow(new Date('2025-05-02T00:00:00Z'))
    try {
      await runJobsUntilIdle(deps)
      expect([await status(left.membershipId), await status(kept.membershipId), await status(renewed.membershipId)]).toEqual(['alumni', 'active', 'active'])
      expect(await moveEndedTermsToAlumni(deps)).toEqual([])
    } finally {
      deps.setNow(new Date('2023-08-15T12:00:00Z'))
    }
  })

  it('a current ambassador re-applying gets last year’s answers, links and evidence as a draft; others are refused', async () => {
    const deps = ctx()
    const made = await makeCommunity(deps.db, { program: { questions: FACTORY_QUESTIONS } })
    const ids = await addCohorts(deps.db, made.programId, [2024])
    const [ambassador, stranger] = await createPeople(deps.db, [{ displayName: `Ambassador ${uniqueSlug()}`, email: `${uniqueSlug()}@example.org` }, { displayName: `Stranger ${uniqueSlug()}` }])
    const [previous] = await deps.db
      .insert(applications)
      .values({ cohortId: ids[2024]!, personId: ambassador!.id, status: 'submitted', answers: { why: 'I organise the Istanbul meetup.', ideas: 'Workshops' }, region: 'Europe', country: 'TR', links: { blog: 'https://blog.example.org' }, submittedAt: new Date('2024-03-10T00:00:00Z') })
      .returning({ id: applications.id })
    await deps.db.insert(evidenceItems).values({ applicationId: previous!.id, type: 'talk', title: 'KubeSphere at KCD Istanbul', url: 'https://example.org/talk', occurredOn: '2024-02-01', position: 0 })
    await startTerm(deps.db, { personId: ambassador!.id, cohortId: ids[2024]!, now: deps.clock(), actor: 'test' })

    deps.setNow(FACTORY_WINDOW.open)
    try {
      const ctxApply = (await getApplyContext(deps.db, made.slug, made.programSlug))!
      const { entry } = chooseCohort(ctxApply.cohortWindows, deps.clock())
      const target = { community: ctxApply.community, program: ctxApply.program, requirements: ctxApply.requirements, questions: ctxApply.questions, cohort: entry!.cohort, window: entry!.window }
      const renewed = await renewApplication(deps, target, ambassador!.id, 'en')
      expect(renewed).toMatchObject({ fromApplicationId: previous!.id, consecutiveYears: 2 })
      const draft = (await findApplication(deps.db, entry!.cohort.id, ambassador!.id))!
      expect(draft.application).toMatchObject({ status: 'draft', answers: { why: 'I organise the Istanbul meetup.', ideas: 'Workshops' }, region: 'Europe', country: 'TR', links: { blog: 'https://blog.example.org' } })
      expect(draft.evidence.filter((e) => e.source === 'self').map((e) => [e.type, e.title, e.occurredOn])).toEqual([['talk', 'KubeSphere at KCD Istanbul', '2024-02-01']])
      await expect(renewApplication(deps, target, ambassador!.id, 'en')).rejects.toThrow(/already started/)
      await expect(renewApplication(deps, target, stranger!.id, 'en')).rejects.toThrow(/Renewal is for ambassadors/)
      expect(await deps.db.select().from(applications).where(and(eq(applications.cohortId, entry!.cohort.id), eq(applications.personId, stranger!.id)))).toEqual([])
    } finally {
      deps.setNow(new Date('2023-08-15T12:00:00Z'))
    }
  })
})
