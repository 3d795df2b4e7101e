import { beforeAll, expect, it } from 'vitest'
import { and, asc, eq } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { makeCommunity } from '../../../tests/support/factories.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { people } from '../people/schema.ts'
import { cohortPhases, cohorts, programs, requirements } from '../programs/schema.ts'
import { auditLog } from '../audit/schema.ts'

describeDb('program configuration', (ctx) => {
  let app: ReturnType<typeof createApp>
  let c: Awaited<ReturnType<typeof makeCommunity>>
  let base: string

  beforeAll(async () => {
    const deps = ctx()
    c = await makeCommunity(deps.db)
    base = `/admin/c/${c.slug}/programs/ambassadors`
    app = createApp(deps)
  })

  async function manager() {
    const client = await signedInClient(app, ctx().db, 'manager@example.org')
    const [person] = await ctx().db.select().from(people).where(eq(people.email, 'manager@example.org'))
    await grantRole(ctx().db, person!.id, 'program_manager', c.communityId, 'test')
    return client
  }

  it('is for the program managers of the community only', async () => {
    const stranger = await signedInClient(app, ctx().db, 'stranger@example.org')
    expect((await stranger.get(base)).status).toBe(403)
    expect((await stranger.get('/admin')).status).toBe(403)
    const other = await makeCommunity(ctx().db)
    const m = await manager()
    expect((await m.get(`/admin/c/${other.slug}/programs/ambassadors`)).status).toBe(403)
    expect((await m.get('/admin/outbox')).status).toBe(403)
    const home = await m.get('/admin')
    expect(home.text).toContain(base)
  })

  it('edits settings, with messages next to bad fields and nothing saved on error', async () => {
    const m = await manager()
    await m.get(base)
    const bad = await m.post(`${base}/settings`, { name: '', summary: 'S', descriptionMd: '', benefits: 'Gifts', targetSeats: '-3', requirementsAtLeast: '2', requirementsNoteMd: '', status: 'active' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('Give the program a name.')
    expect(bad.text).toContain('must be at least 1')
    // "At least N" counts over the 2 non-mandatory requirements of the catalogue: 3 or 0 is refused next to the field.
    for (const [atLeast, message] of [
      ['3', 'The catalogue has only 2 non-mandatory requirements: choose a number from 1 to 2, or leave it empty to require all of them.'],
      ['0', 'must be at least 1 (leave it empty to require all the non-mandatory requirements)'],
    ] as const) {
      const refused = await m.post(`${base}/settings`, { name: 'Renamed Program', summary: 'S', descriptionMd: '', benefits: 'Gifts', targetSeats: '25', requirementsAtLeast: atLeast, requirementsNoteMd: '', status: 'active' })
      expect(refused.status).toBe(422)
      expect(refused.text).toContain(message)
      expect(refused.text).toMatch(new RegExp(`name="requirementsAtLeast"[^>]*value="${atLeast}"`))
    }
    expect((await ctx().db.select().from(programs).where(eq(programs.id, c.programId)))[0]).toMatchObject({ name: 'Test Ambassador Program', requirementsAtLeast: 1 })
    const ok = await m.post(`${base}/settings`, { name: 'Renamed Program', summary: 'New summary', descriptionMd: 'Hello', benefits: 'Gifts\nCloud credits\n', targetSeats: '25', requirementsAtLeast: '2', requirementsNoteMd: '', status: 'active' })
    expect(ok.status).toBe(200)
    expect(ok.text).toContain('Settings saved.')
    const [program] = await ctx().db.select().from(programs).where(eq(programs.id, c.programId))
    expect(program).toMatchObject({ name: 'Renamed Program', benefits: ['Gifts', 'Cloud credits'], targetSeats: 25, requirementsAtLeast: 2 })
    const audits = await ctx().db.select().from(auditLog).where(and(eq(auditLog.action, 'program.update'), eq(auditLog.entityId, c.programId)))
    expect(audits[0]!.before).toMatchObject({ name: 'Test Ambassador Program' })
  })

  it('edits the requirement catalogue', async () => {
    const m = await manager()
    await m.get(base)
    const bad = await m.post(`${base}/requirements`, { 'req.0.key': 'Bad Key', 'req.0.title': 'x', 'req.0.kind': 'statement' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('must be lowercase letters, digits and dashes')
    const catalogue = {
      'req.0.key': 'kind',
      'req.0.title': 'Be kind',
      'req.0.kind': 'statement',
      'req.0.mandatory': 'yes',
      'req.1.key': 'talks',
      'req.1.title': 'Two talks',
      'req.1.kind': 'events',
      'req.1.threshold': '2',
      'req.1.windowMonths': '12',
    }
    // The program asks for at least 2 of the non-mandatory requirements (set above): a catalogue with one is refused.
    const short = await m.post(`${base}/requirements`, catalogue)
    expect(short.status).toBe(422)
    expect(short.text).toContain('The program asks for at least 2 of the non-mandatory requirements, but this catalogue has 1')
    expect((await ctx().db.select().from(requirements).where(eq(requirements.programId, c.programId))).map((r) => r.key).sort()).toEqual(['blogs', 'code', 'kind'])
    await ctx().db.update(programs).set({ requirementsAtLeast: 1 }).where(eq(programs.id, c.programId))
    const ok = await m.post(`${base}/requirements`, catalogue)
    expect(ok.status).toBe(200)
    const rows = await ctx().db.select().from(requirements).where(eq(requirements.programId, c.programId)).orderBy(asc(requirements.position))
    expect(rows.map((r) => [r.key, r.kind, r.mandatory, r.threshold])).toEqual([
      ['kind', 'statement', true, null],
      ['talks', 'events', false, 2],
    ])
  })

  it('creates a cohort with its calendar in its time zone, and refuses impossible calendars', async () => {
    const m = await manager()
    await m.get(base)
    const bad = await m.post(`${base}/cohorts`, { slug: '2027', year: '2027', title: 'Ambassadors 2027', seats: '20', timeZone: 'Mars/Olympus', 'phase.0.kind': 'applications', 'phase.0.label': 'Applications', 'phase.0.from': '2027-03-10', 'phase.0.until': '2027-03-01' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('must be an IANA time zone')
    expect(bad.text).toContain('must not be before the first day')
    expect(bad.text).toContain('value="Mars/Olympus"')
    expect(await ctx().db.select().from(cohorts).where(eq(cohorts.slug, '2027'))).toEqual([])

    const ok = await m.post(`${base}/cohorts`, { slug: '2027', year: '2027', title: 'Ambassadors 2027', seats: '20', timeZone: 'Europe/Istanbul', 'phase.0.kind': 'applications', 'phase.0.label': 'Applications', 'phase.0.from': '2027-03-01', 'phase.0.until': '2027-03-31' })
    expect(ok.status).toBe(200)
    const [cohort] = await ctx().db.select().from(cohorts).where(and(eq(cohorts.programId, c.programId), eq(cohorts.slug, '2027')))
    const [phase] = await ctx().db.select().from(cohortPhases).where(eq(cohortPhases.cohortId, cohort!.id))
    // Istanbul is UTC+3: March 1 begins at 21:00 UTC the day before; March 31 ends at 21:00 UTC.
    expect(phase!.startsAt.toISOString()).toBe('2027-02-28T21:00:00.000Z')
    expect(phase!.endsAt!.toISOString()).toBe('2027-03-31T21:00:00.000Z')
    const apps = await m.get(`${base}/cohorts/2027/applications`)
    expect(apps.text).toContain('No application yet.')

    // The new-cohort form with an identifier in use is refused: the cohort and its calendar stay as they were.
    await m.get(base)
    const taken = await m.post(`${base}/cohorts`, { new: 'yes', slug: '2027', year: '2030', title: 'Oops new', seats: '1', timeZone: 'UTC' })
    expect(taken.status).toBe(422)
    expect(taken.text).toContain('A cohort with the identifier “2027” exists already')
    expect(taken.text).toContain('value="Oops new"')
    const [after] = await ctx().db.select().from(cohorts).where(eq(cohorts.id, cohort!.id))
    expect(after).toMatchObject({ title: 'Ambassadors 2027', year: 2027, seats: 20, timeZone: 'Europe/Istanbul' })
    expect(await ctx().db.select().from(cohortPhases).where(eq(cohortPhases.cohortId, cohort!.id))).toHaveLength(1)
    // More seats than any program has is refused next to the field, not a database error.
    await m.get(base)
    const huge = await m.post(`${base}/cohorts`, { slug: '2027', year: '2027', title: 'Ambassadors 2027', seats: '99999999999999', timeZone: 'Europe/Istanbul' })
    expect(huge.status).toBe(422)
  })
})
