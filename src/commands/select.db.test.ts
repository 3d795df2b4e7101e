import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeDb, openTestDatabase } from '../../tests/support/db.ts'
import { runEmbassy } from '../../tests/support/processes.ts'
import { makeSelectionCohort } from '../../tests/support/selection.ts'
import { cohortDecisions } from '../features/selection/decisions.ts'
import { dbCommands } from './index.ts'
import { runCommand } from '../../tests/support/command-io.ts'
import type { AppDeps } from '../deps.ts'

const applicants = [
  { name: 'Amara', region: 'Africa', score: 3 },
  { name: 'Björn', region: 'Europe', score: 5 },
  { name: 'Chloé', region: 'Europe', score: 4 },
  { name: 'Dai', region: 'Asia', score: 4 },
  { name: 'Emre', region: 'Europe', score: 2, eligibility: 'not_eligible' as const },
]

/** Runs `select` in-process and collects what it prints. */
const select = (deps: AppDeps, options: Record<string, unknown>) => runCommand(dbCommands.select!, deps, options)

describeDb('embassy select', (ctx) => {
  it('prints the chosen set, the waitlist and every explanation; --dry-run saves nothing; bad options are refused', async () => {
    const deps = ctx()
    const made = await makeSelectionCohort(deps.db, 2, applicants)
    const cohort = `${made.slug}/${made.programSlug}/2025`

    const dry = await select(deps, { cohort, dryRun: true, maxPerRegion: '1', minRegion: 'Africa=1' })
    expect(dry.code).toBe(0)
    expect(dry.out.join('\n')).toBe(
      [
        'Ambassadors 2025: 2 of 2 seats, total score 1.500',
        'Constraints: 2 seats, at most 1 per region, at least 1 from Africa',
        '',
        'Selected (2)',
        '  Björn  1.000  selected: ranked 1st',
        '  Amara  0.500  selected: ranked 4th',
        '',
        'Waitlist (2)',
        '  Chloé  0.750  waitlisted 1st (ranked 2nd); region cap reached (Europe: 1 of 1)',
        '  Dai    0.750  waitlisted 2nd (ranked 3rd)',
        '',
        'Not selected (1)',
        '  Emre   0.250  not eligible: You meet 0 of the 2; you need 1.',
        '',
        'Dry run: nothing was saved.',
      ].join('\n'),
    )
    expect(await cohortDecisions(deps.db, made.cohortId)).toEqual([])

    const saved = await select(deps, { cohort, json: true, maxPerRegion: '1', minRegion: 'Africa=1' })
    const doc = JSON.parse(saved.out.join(''))
    expect(doc).toMatchObject({ saved: true, totalScore: 1.5, proven: true, constraints: { seats: 2, maxPerRegion: 1, minPerRegion: { Africa: 1 } } })
    expect(doc.decisions.map((d: { name: string; outcome: string }) => `${d.name}:${d.outcome}`)).toEqual(['Amara:selected', 'Björn:selected', 'Chloé:waitlisted', 'Dai:waitlisted', 'Emre:not_selected'])
    expect((await cohortDecisions(deps.db, made.cohortId)).filter((d) => d.outcome === 'selected')).toHaveLength(2)

    // A later run without options keeps the stored constraints.
    const again = await select(deps, { cohort, dryRun: true })
    expect(again.out[1]).toBe('Constraints: 2 seats, at most 1 per region, at least 1 from Africa')

    expect(await select(deps, { cohort, maxRegionShare: '1.5' })).toMatchObject({ code: 2, err: ['select: --max-region-share must be between 0 and 1 (e.g. 0.4 for 40 %).'] })
    expect(await select(deps, { cohort, minRegion: 'Africa two' })).toMatchObject({ code: 2, err: ['select: --min-region: “Africa two” is not “Region=number”, e.g. Asia=2.'] })
    expect(await select(deps, { cohort: 'nope/nada/2025' })).toMatchObject({ code: 2, err: ['select: There is no cohort nope/nada/2025.'] })
  })
})

describe('embassy select as a process (PostgreSQL)', () => {
  let opened: Awaited<ReturnType<typeof openTestDatabase>>
  beforeAll(async () => {
    opened = await openTestDatabase('postgres')
  })
  afterAll(async () => {
    await opened?.drop()
  })

  it('parses its options and prints the selection', async () => {
    const made = await makeSelectionCohort(opened.database.db, 2, applicants)
    const env = { DATABASE_URL: opened.url!, SECRET_KEY: 'test-secret-key-for-database-tests-0123456789' }
    const run = await runEmbassy(['select', '--cohort', `${made.slug}/${made.programSlug}/2025`, '--dry-run', '--max-per-region', '1'], env)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Constraints: 2 seats, at most 1 per region')
    expect(run.stdout).toContain('  Chloé  0.750  waitlisted 1st (ranked 2nd); region cap reached (Europe: 1 of 1)')
    expect(run.stdout).toContain('Dry run: nothing was saved.')
    const refused = await runEmbassy(['select', '--cohort', 'just-a-slug'], env)
    expect(refused).toMatchObject({ code: 2, stderr: 'select: Name the cohort as community/program/cohort, e.g. kubesphere/ksap/2023.\n' })
  })
})
