import { AppError } from '../lib/errors.ts'
import { findSelection } from '../features/selection/decisions.ts'
import { describeInfeasibility, explain } from '../features/selection/explain.ts'
import { parseMinimums, selectionConstraintsInput } from '../features/selection/forms.ts'
import { findCohortByPath } from '../features/programs/queries.ts'
import { runSelection } from '../features/selection/run-selection.ts'
import type { SelectionConstraints } from '../features/selection/types.ts'
import type { DbCommand } from './command.ts'

/** Command-line options of `embassy select`, as commander hands them over (strings until validated). */
const numeric = { seats: 'seats', maxRegionShare: 'max-region-share', maxPerRegion: 'max-per-region', maxCountryShare: 'max-country-share', maxPerCountry: 'max-per-country', maxPerEmployer: 'max-per-employer', waitlistLength: 'waitlist' } as const

/** The constraints: the stored run's (or only the cohort's seats), with the options given on top. */
function constraintsFrom(options: Record<string, unknown>, base: SelectionConstraints): SelectionConstraints {
  const merged: Record<string, unknown> = { ...base }
  for (const [key, flag] of Object.entries(numeric)) {
    const raw = options[key]
    if (raw === undefined) continue
    const n = Number(raw)
    if (String(raw).trim() === '' || !Number.isFinite(n)) throw new AppError('validation', `--${flag} must be a number (got “${String(raw)}”).`)
    merged[key] = n
  }
  if (typeof options.minRegion === 'string') {
    const parsed = parseMinimums(options.minRegion)
    if (!parsed.ok) throw new AppError('validation', `--min-region: ${parsed.message}`)
    merged.minPerRegion = parsed.value
  }
  if (options.excludeNeedsReview === true) merged.includeNeedsReview = false
  if (options.normalised === true) merged.scoreBasis = 'normalised'
  const result = selectionConstraintsInput.safeParse(merged)
  if (!result.success) {
    const issue = result.error.issues[0]!
    const key = String(issue.path[0] ?? '')
    throw new AppError('validation', `--${(numeric as Record<string, string>)[key] ?? key} ${issue.message}.`)
  }
  return result.data
}

/** "at most 40 % per region, at most 2 per employer, at least Africa 2". */
export function describeConstraints(c: SelectionConstraints): string {
  const parts = [`${c.seats} seats`]
  if (c.maxRegionShare != null) parts.push(`at most ${Math.round(c.maxRegionShare * 100)} % per region`)
  if (c.maxPerRegion != null) parts.push(`at most ${c.maxPerRegion} per region`)
  if (c.maxCountryShare != null) parts.push(`at most ${Math.round(c.maxCountryShare * 100)} % per country`)
  if (c.maxPerCountry != null) parts.push(`at most ${c.maxPerCountry} per country`)
  if (c.maxPerEmployer != null) parts.push(`at most ${c.maxPerEmployer} per employer`)
  const mins = Object.entries(c.minPerRegion ?? {}).filter(([, m]) => m > 0)
  if (mins.length) parts.push(`at least ${mins.map(([r, m]) => `${m} from ${r}`).join(', ')}`)
  return parts.join(', ')
}

/** `embassy select --cohort community/program/cohort [--dry-run] [--json] [constraints]`: runs the selection and prints it. */
export const selectCommand: DbCommand = {
  name: 'select',
  async run(deps, options, io) {
    try {
      const { cohort } = await findCohortByPath(deps.db, String(options.cohort ?? ''))
      const stored = await findSelection(deps.db, cohort.id)
      const constraints = constraintsFrom(options, stored?.constraints ?? { seats: cohort.seats })
      const run = await runSelection(deps.db, cohort.id, constraints, 'cli', { dryRun: options.dryRun === true })
      const notes = describeInfeasibility('en', run.result.infeasibility, run.result.loweredMinimums)
      if (options.json) {
        io.out(
          JSON.stringify({
            cohort: { id: cohort.id, title: cohort.title },
            constraints,
            saved: run.saved,
            totalScore: run.result.totalScore,
            proven: run.result.proven,
            notes,
            decisions: run.decisions.map((d) => ({ applicationId: d.applicationId, personId: d.personId, name: d.displayName, outcome: d.outcome, rank: d.rank, waitlistPosition: d.waitlistPosition, score: d.score, explanation: explain('en', d.explanation) })),
          }),
        )
        return 0
      }
      const selected = run.decisions.filter((d) => d.outcome === 'selected')
      io.out(`${cohort.title}: ${selected.length} of ${constraints.seats} seats, total score ${run.result.totalScore.toFixed(3)}${run.result.proven ? '' : ' (best found; not proven optimal within the search budget)'}`)
      io.out(`Constraints: ${describeConstraints(constraints)}`)
      for (const line of notes) io.out(`! ${line}`)
      const width = Math.max(4, ...run.decisions.map((d) => [...d.displayName].length))
      const byRank = (a: { rank: number | null }, b: { rank: number | null }) => (a.rank ?? 1e9) - (b.rank ?? 1e9)
      const groups = [
        ['Selected', run.decisions.filter((d) => d.outcome === 'selected').sort(byRank)],
        ['Waitlist', run.decisions.filter((d) => d.outcome === 'waitlisted').sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0))],
        ['Not selected', run.decisions.filter((d) => d.outcome === 'not_selected').sort(byRank)],
      ] as const
      for (const [title, rows] of groups) {
        if (!rows.length) continue
        io.out('')
        io.out(`${title} (${rows.length})`)
        for (const d of rows) io.out(`  ${d.displayName}${' '.repeat(width - [...d.displayName].length)}  ${d.score === null ? '  —  ' : d.score.toFixed(3)}  ${explain('en', d.explanation)}`)
      }
      io.out('')
      io.out(run.saved ? 'Saved as the cohort’s draft selection.' : 'Dry run: nothing was saved.')
      return 0
    } catch (err) {
      if (err instanceof AppError) {
        io.err(`select: ${err.message}`)
        return 2
      }
      throw err
    }
  },
}
