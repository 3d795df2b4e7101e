import { and, eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { describeDb } from '../../../tests/support/db.ts'
import { makeSelectionCohort } from '../../../tests/support/selection.ts'
import { auditLog } from '../audit/schema.ts'
import { cohortDecisions, findSelection, lockSelection, promoteNextWaitlisted } from './decisions.ts'
import { describeInfeasibility } from './explain.ts'
import { grantException, overrideDecision } from './override-decision.ts'
import { runSelection } from './run-selection.ts'
import { selectionDecisions } from './schema.ts'

const outcomes = (rows: Awaited<ReturnType<typeof cohortDecisions>>) => Object.fromEntries(rows.map((d) => [d.displayName, d.outcome]))
const texts = (rows: Awaited<ReturnType<typeof cohortDecisions>>) => Object.fromEntries(rows.map((d) => [d.displayName, d.explanationText.en]))

describeDb('selection', (ctx) => {
  it('selects the best under a region cap, keeps a waitlist, explains every decision, and a dry run writes nothing', async () => {
    const { db } = ctx()
    const { cohortId } = await makeSelectionCohort(db, 3, [
      { name: 'Ai', region: 'Asia', score: 5 },
      { name: 'Bo', region: 'Asia', score: 5 },
      { name: 'Chen', region: 'Asia', score: 4 },
      { name: 'Dana', region: 'Europe', score: 3 },
      { name: 'Eve', region: 'Europe', score: 2 },
      { name: 'Femi', region: 'Africa', score: 1 },
      { name: 'Gil', region: 'Europe', score: 5, eligibility: 'not_eligible' },
      { name: 'Hana', region: 'Asia', score: null },
      { name: 'Ivo', region: 'Europe', score: 5, status: 'draft' },
    ])
    const constraints = { seats: 3, maxPerRegion: 2, waitlistLength: 2 }
    const dry = await runSelection(db, cohortId, constraints, 'tester', { dryRun: true })
    expect(dry.saved).toBe(false)
    expect(dry.decisions.filter((d) => d.outcome === 'selected').map((d) => d.displayName)).toEqual(['Ai', 'Bo', 'Dana'])
    expect(await findSelection(db, cohortId)).toBeUndefined()
    expect(await cohortDecisions(db, cohortId)).toEqual([])

    await runSelection(db, cohortId, constraints, 'tester')
    const rows = await cohortDecisions(db, cohortId)
    expect(rows.map((d) => d.displayName)).toEqual(['Ai', 'Bo', 'Dana', 'Chen', 'Eve', 'Femi', 'Gil', 'Hana'])
    expect(texts(rows)).toEqual({
      Ai: 'selected: ranked 1st',
      Bo: 'selected: ranked 2nd',
      Dana: 'selected: ranked 4th',
      Chen: 'waitlisted 1st (ranked 3rd); region cap reached (Asia: 2 of 2)',
      Eve: 'waitlisted 2nd (ranked 5th)',
      Femi: 'ranked 6th; seats filled',
      Gil: 'not eligible: You meet 0 of the 2; you need 1.',
      Hana: 'not scored yet (0 of 2 reviews)',
    })
    expect(rows.find((d) => d.displayName === 'Chen')!.explanationText['zh-CN']).toBe('候补第1位（排名第3）；已达地区上限（Asia：2/2）')
    expect(rows.find((d) => d.displayName === 'Chen')!.waitlistPosition).toBe(1)
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'selection.run'))
    expect(audit!.after).toMatchObject({ selected: 3, waitlisted: 2, not_selected: 3 })
  })

  it('refuses an override without a reason, keeps one with a reason (audited) across runs, and lets an exception in', async () => {
    const { db } = ctx()
    const { cohortId, ids } = await makeSelectionCohort(db, 2, [
      { name: 'Ana', region: 'Asia', score: 5 },
      { name: 'Ben', region: 'Europe', score: 4 },
      { name: 'Cai', region: 'Asia', score: 3 },
      { name: 'Dev', region: 'Asia', score: 5, eligibility: 'not_eligible' },
    ])
    await runSelection(db, cohortId, { seats: 2 }, 'tester')
    for (const reason of ['', '   ', 'ok']) {
      await expect(overrideDecision(db, cohortId, ids.Cai!.applicationId, { outcome: 'selected', reason }, 'chair')).rejects.toMatchObject({
        code: 'validation',
        fields: { reason: expect.stringContaining('Write the reason') },
      })
    }
    expect(outcomes(await cohortDecisions(db, cohortId)).Cai).toBe('waitlisted')
    // Both seats are taken: "selected" is refused (nothing changes, nothing audited) until someone makes room.
    await expect(overrideDecision(db, cohortId, ids.Cai!.applicationId, { outcome: 'selected', reason: 'Runs the only user group in Vietnam.' }, 'chair')).rejects.toMatchObject({
      code: 'validation',
      fields: { outcome: expect.stringContaining('All 2 seats are taken') },
    })
    expect(outcomes(await cohortDecisions(db, cohortId))).toEqual({ Ana: 'selected', Ben: 'selected', Cai: 'waitlisted', Dev: 'not_selected' })
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, 'selection.override'), eq(auditLog.entityId, ids.Cai!.applicationId)))).toEqual([])

    await overrideDecision(db, cohortId, ids.Ben!.applicationId, { outcome: 'waitlisted', reason: 'Asked to join next year instead.' }, 'chair')
    await overrideDecision(db, cohortId, ids.Cai!.applicationId, { outcome: 'selected', reason: 'Runs the only user group in Vietnam.' }, 'chair')
    expect((await cohortDecisions(db, cohortId)).filter((d) => d.outcome === 'selected')).toHaveLength(2)
    const after = await cohortDecisions(db, cohortId)
    expect(texts(after).Cai).toBe('selected by the committee: Runs the only user group in Vietnam.')
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'selection.override'), eq(auditLog.entityId, ids.Cai!.applicationId)))
    expect(audit).toMatchObject({ actor: 'chair', before: { outcome: 'waitlisted' }, after: { outcome: 'selected', reason: 'Runs the only user group in Vietnam.' } })

    // The override holds a seat in the next run: one seat is left for the others.
    await runSelection(db, cohortId, { seats: 2 }, 'tester')
    expect(outcomes(await cohortDecisions(db, cohortId))).toEqual({ Ana: 'selected', Cai: 'selected', Ben: 'waitlisted', Dev: 'not_selected' })

    await expect(grantException(db, cohortId, ids.Dev!.applicationId, '', 'chair')).rejects.toMatchObject({ code: 'validation' })
    await grantException(db, cohortId, ids.Dev!.applicationId, 'Organised KubeCon China; the bar is about content.', 'chair')
    await runSelection(db, cohortId, { seats: 3 }, 'tester')
    expect(outcomes(await cohortDecisions(db, cohortId))).toEqual({ Ana: 'selected', Dev: 'selected', Cai: 'selected', Ben: 'waitlisted' })
  })

  it('locks: runs, overrides and a second lock are refused with a clear message', async () => {
    const { db } = ctx()
    const { cohortId, ids } = await makeSelectionCohort(db, 1, [
      { name: 'Ann', score: 5 },
      { name: 'Bob', score: 4 },
    ])
    await expect(db.transaction((tx) => lockSelection(tx, cohortId, 'manager'))).rejects.toThrow('Selection has not been run for this cohort')
    await runSelection(db, cohortId, { seats: 1 }, 'tester')
    await db.transaction((tx) => lockSelection(tx, cohortId, 'manager'))
    expect(await findSelection(db, cohortId)).toMatchObject({ status: 'locked', lockedBy: 'manager' })
    const locked = /The selection of Ambassadors 2025 is locked since .* UTC: the announcement has been scheduled/
    await expect(runSelection(db, cohortId, { seats: 1 }, 'tester')).rejects.toThrow(locked)
    await expect(runSelection(db, cohortId, { seats: 1 }, 'tester', { dryRun: true })).rejects.toThrow(locked)
    await expect(overrideDecision(db, cohortId, ids.Bob!.applicationId, { outcome: 'selected', reason: 'We want both of them.' }, 'chair')).rejects.toThrow(locked)
    await expect(db.transaction((tx) => lockSelection(tx, cohortId, 'manager'))).rejects.toThrow(locked)
    expect(outcomes(await cohortDecisions(db, cohortId))).toEqual({ Ann: 'selected', Bob: 'waitlisted' })
  })

  it('promotes the next waitlisted applicant who fits the caps when a seat is released, and nobody when seats are full', async () => {
    const { db } = ctx()
    const { cohortId, ids } = await makeSelectionCohort(db, 2, [
      { name: 'Ada', region: 'Asia', score: 5, employer: 'Acme' },
      { name: 'Bea', region: 'Europe', score: 5 },
      { name: 'Cyd', region: 'Asia', score: 4, employer: 'ACME' },
      { name: 'Dov', region: 'Europe', score: 3 },
      { name: 'Eli', region: 'Asia', score: 2 },
    ])
    await runSelection(db, cohortId, { seats: 2, maxPerEmployer: 1, maxPerRegion: 1 }, 'tester')
    expect(outcomes(await cohortDecisions(db, cohortId))).toEqual({ Ada: 'selected', Bea: 'selected', Cyd: 'waitlisted', Dov: 'waitlisted', Eli: 'not_selected' })
    await db.transaction((tx) => lockSelection(tx, cohortId, 'manager'))
    expect(await db.transaction((tx) => promoteNextWaitlisted(tx, cohortId))).toBeNull()

    // Bea (Europe) declines: Cyd is first on the waitlist but Asia and Acme are full; Dov takes the seat.
    const promoted = await db.transaction((tx) => promoteNextWaitlisted(tx, cohortId, { releasedApplicationId: ids.Bea!.applicationId }))
    expect(promoted).toEqual(ids.Dov)
    const rows = await cohortDecisions(db, cohortId)
    expect(texts(rows).Dov).toBe('selected from the waitlist (was 2nd): ranked 4th')
    expect(rows.find((d) => d.displayName === 'Bea')!.releasedAt).toBeInstanceOf(Date)
    // Ada declines: her seat goes to Cyd now that Asia and Acme have room.
    expect(await db.transaction((tx) => promoteNextWaitlisted(tx, cohortId, { releasedApplicationId: ids.Ada!.applicationId }))).toEqual(ids.Cyd)
    expect(await db.transaction((tx) => promoteNextWaitlisted(tx, cohortId))).toBeNull()
    const promotions = await db.select().from(auditLog).where(eq(auditLog.action, 'selection.promote'))
    expect(promotions.map((a) => a.entityId).filter((id) => id === ids.Dov!.applicationId || id === ids.Cyd!.applicationId)).toHaveLength(2)
  })

  it('keeps the waitlist numbered 1, 2, 3… without gaps after a promotion and after an override takes someone off it', async () => {
    const { db } = ctx()
    const { cohortId, ids } = await makeSelectionCohort(db, 1, [
      { name: 'Abe', score: 5 },
      { name: 'Bex', score: 4 },
      { name: 'Cal', score: 3 },
      { name: 'Dot', score: 2 },
      { name: 'Eve', score: 1 },
    ])
    const waitlist = async () => (await cohortDecisions(db, cohortId)).filter((d) => d.outcome === 'waitlisted').map((d) => [d.displayName, d.waitlistPosition, d.explanationText.en])
    await runSelection(db, cohortId, { seats: 1, waitlistLength: 4 }, 'tester')
    // Before the run is locked, the committee takes Cal off the waitlist: Dot and Eve move up.
    await overrideDecision(db, cohortId, ids.Cal!.applicationId, { outcome: 'not_selected', reason: 'Asked to apply next year instead.' }, 'chair')
    expect(await waitlist()).toEqual([
      ['Bex', 1, 'waitlisted 1st (ranked 2nd)'],
      ['Dot', 2, 'waitlisted 2nd (ranked 4th)'],
      ['Eve', 3, 'waitlisted 3rd (ranked 5th)'],
    ])
    // Putting her back puts her at the end.
    await overrideDecision(db, cohortId, ids.Cal!.applicationId, { outcome: 'waitlisted', reason: 'Changed her mind.' }, 'chair')
    expect((await waitlist()).map(([name, position]) => [name, position])).toEqual([['Bex', 1], ['Dot', 2], ['Eve', 3], ['Cal', 4]])
    await db.transaction((tx) => lockSelection(tx, cohortId, 'manager'))
    // Abe declines: Bex (first) takes the seat and everyone behind moves up a place, in every language.
    expect(await db.transaction((tx) => promoteNextWaitlisted(tx, cohortId, { releasedApplicationId: ids.Abe!.applicationId }))).toEqual(ids.Bex)
    expect(await waitlist()).toEqual([
      ['Dot', 1, 'waitlisted 1st (ranked 4th)'],
      ['Eve', 2, 'waitlisted 2nd (ranked 5th)'],
      ['Cal', 3, 'waitlisted by the committee: Changed her mind.'],
    ])
    expect((await cohortDecisions(db, cohortId)).find((d) => d.displayName === 'Dot')!.explanationText['zh-CN']).toBe('候补第1位（排名第4）')
    expect(texts(await cohortDecisions(db, cohortId)).Bex).toBe('selected from the waitlist (was 1st): ranked 2nd')
  })

  it('says which constraints cannot be met and stores the result under the best relaxation', async () => {
    const { db } = ctx()
    const { cohortId } = await makeSelectionCohort(db, 3, [
      { name: 'Amy', region: 'Asia', score: 5 },
      { name: 'Bao', region: 'Asia', score: 4 },
      { name: 'Cem', region: 'Europe', score: 3 },
      { name: 'Dag', region: 'Europe', score: 2 },
      { name: 'Efe', region: 'Africa', score: 1 },
    ])
    const run = await runSelection(db, cohortId, { seats: 3, minPerRegion: { Asia: 2, Europe: 2, Africa: 3 } }, 'tester')
    expect(describeInfeasibility('en', run.result.infeasibility, run.result.loweredMinimums)).toEqual([
      'The minimum for Africa was lowered from 3 to 1: only 1 qualified candidates.',
      'The regional minimums add up to 5 seats, but there are only 3.',
      'Best relaxation, applied to this result: minimums Africa 1, Asia 1, Europe 1.',
    ])
    expect(outcomes(await cohortDecisions(db, cohortId))).toMatchObject({ Amy: 'selected', Cem: 'selected', Efe: 'selected', Bao: 'waitlisted' })
    expect((await findSelection(db, cohortId))!.infeasibility).toEqual(run.result.infeasibility)
    const stored = await db.select().from(selectionDecisions).where(eq(selectionDecisions.outcome, 'selected'))
    expect(stored.length).toBeGreaterThanOrEqual(3)
  })
})
