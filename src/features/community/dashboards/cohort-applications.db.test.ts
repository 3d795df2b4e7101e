import { beforeAll, expect, it } from 'vitest'
import { describeDb } from '../../../../tests/support/db.ts'
import { signedInClient } from '../../../../tests/support/sign-in.ts'
import { createApp } from '../../../app.tsx'
import { applications } from '../../applications/schema.ts'
import { createPeople } from '../../people/create-people.ts'
import { makeTermWorld } from '../test-support.ts'
import { applicationsPerCohort } from './cohort-applications.ts'
import { eq } from 'drizzle-orm'
import { releaseSeat } from '../../selection/decisions.ts'
import { selectionDecisions, selections } from '../../selection/schema.ts'

const NOW = new Date('2025-10-01T08:00:00Z')

describeDb('applications per cohort', (ctx) => {
  let world: Awaited<ReturnType<typeof makeTermWorld>>
  let others: Awaited<ReturnType<typeof createPeople>>
  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(NOW)
    world = await makeTermWorld(deps.db, 2)
    others = await createPeople(deps.db, ['a', 'b', 'c', 'd'].map((x) => ({ displayName: `Applicant ${x} ${world.tag}` })))
    const cohortId = world.cohort!.cohortId
    const submitted = { cohortId, status: 'submitted' as const, submittedAt: new Date('2025-03-20T00:00:00Z') }
    // Two ambassadors of the cohort and two others submitted; one withdrew; one never submitted.
    await deps.db.insert(applications).values([
      ...world.ambassadors.map((a) => ({ ...submitted, personId: a.id })),
      { ...submitted, personId: others[0]!.id },
      { ...submitted, personId: others[1]!.id },
      { cohortId, personId: others[2]!.id, status: 'withdrawn' as const },
      { cohortId, personId: others[3]!.id },
    ])
  })

  it('counts submitted and selected applications per cohort', async () => {
    expect(await applicationsPerCohort(ctx().db, world.programId)).toEqual([{ cohortId: world.cohort!.cohortId, year: 2025, title: 'Ambassadors 2025', submitted: 4, selected: 2 }])
  })

  it('draws them on the manager dashboard as SVG with a data table', async () => {
    const deps = ctx()
    const manager = await signedInClient(createApp(deps), deps.db, world.manager.email)
    const page = (await manager.get(`${world.base}/dashboard`)).text
    expect(page).toContain('Applications per cohort')
    expect(page).toMatch(/<g data-cohort="Ambassadors 2025"><rect[^>]*data-series="submitted"/)
    const table = /<table id="cohort-applications">([\s\S]*?)<\/table>/.exec(page)![1]!
    expect(table.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')).toContain('Ambassadors 2025 4 2 50%')
    expect(page).not.toContain('<script')
  })

  it('counts an applicant selected by the selection, but not one who declined the offer (their seat released)', async () => {
    const deps = ctx()
    const cohortId = world.cohort!.cohortId
    const rows = await deps.db.select().from(applications).where(eq(applications.cohortId, cohortId))
    const [kept, declined] = [others[0]!, others[1]!].map((p) => rows.find((a) => a.personId === p.id)!)
    const [selection] = await deps.db.insert(selections).values({ cohortId, constraints: { seats: 2 }, seats: 2, runBy: 'test' }).returning()
    await deps.db.insert(selectionDecisions).values(
      [kept!, declined!].map((a, i) => ({ selectionId: selection!.id, applicationId: a.id, personId: a.personId, outcome: 'selected' as const, rank: i + 1, groups: { region: null, country: null, employer: null }, explanation: { code: 'selected' as const, rank: i + 1 } })),
    )
    expect((await applicationsPerCohort(deps.db, world.programId))[0]!.selected).toBe(4)
    await deps.db.transaction((tx) => releaseSeat(tx, cohortId, declined!.id))
    expect((await applicationsPerCohort(deps.db, world.programId))[0]).toMatchObject({ submitted: 4, selected: 3 })
    const manager = await signedInClient(createApp(deps), deps.db, world.manager.email)
    const table = /<table id="cohort-applications">([\s\S]*?)<\/table>/.exec((await manager.get(`${world.base}/dashboard`)).text)![1]!
    expect(table.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')).toContain('Ambassadors 2025 4 3 75%')
  })
})
