import { AppError } from '../lib/errors.ts'
import { cohortContributionOwners, evaluateCohort } from '../features/applications/evaluate-cohort.ts'
import { describeCounts, noCounts } from '../features/contributions/import-run.ts'
import { cohortFeeds } from '../features/contributions/reimport-feeds.ts'
import { findCohortByPath } from '../features/programs/queries.ts'
import { reimportSources, type ReimportEntry, type ReimportOptions, type ReimportSummary } from '../features/contributions/reimport-sources.ts'
import type { CommandIO, DbCommand } from './command.ts'

/** "re-import github org acme: read 3, imported 1, …", "…: failed: why", "…: skipped: why". */
function describeEntry(i: ReimportEntry): string {
  const what = i.skipped ? `skipped: ${i.skipped}` : i.error ? `failed${i.counts ? ` after ${describeCounts(i.counts)}` : ''}: ${i.error}` : describeCounts(i.counts!)
  return `re-import ${i.source} ${i.label}: ${what}`
}

/** Prints what a re-import did on stderr: one line per import, the notes, and a summary line. */
function reportReimport(io: CommandIO, summary: ReimportSummary, scope: string) {
  for (const i of summary.imports) io.err(describeEntry(i))
  for (const note of summary.notes) io.err(note)
  const failed = summary.imports.filter((i) => i.error).length
  const skipped = summary.imports.filter((i) => i.skipped).length
  const run = summary.imports.length - skipped
  io.err(`re-imported ${run - failed} of ${run} recorded import${run === 1 ? '' : 's'} (${scope})${skipped ? `, ${skipped} skipped` : ''}: ${describeCounts(summary.totals)}`)
}

/**
 * `embassy evaluate --cohort community/program/cohort [--reimport] [--json]`: the eligibility of every
 * application. With --reimport, these run again first, so the counts include what is new: the recorded
 * imports of the program's organisations (git repositories, GH Archive files, and GitHub API imports with
 * the configured GITHUB_TOKEN: without one they are left out, with a line saying so), and, when the program
 * counts content items, the feeds of the cohort's applicants (their blog link, and feeds imported for them).
 * One line per import and a summary go to stderr; with --json, the summary is also the first line of stdout
 * ({"reimport":{"imports":[…],"notes":[…],"totals":{…}}}), then one verdict per line. An import that failed
 * makes the exit code 1 (the others still ran and the verdicts are printed); one skipped does not.
 */
export function makeEvaluateCommand(reimportOptions: ReimportOptions = {}): DbCommand {
  return {
    name: 'evaluate',
    async run(deps, options, io) {
      try {
        const path = String(options.cohort ?? '')
        // Found once for the re-import and the evaluation.
        const cohort = await findCohortByPath(deps.db, path)
        let failedImports = 0
        let reimport: ReimportSummary | undefined
        if (options.reimport) {
          const owners = await cohortContributionOwners(deps.db, cohort)
          const feeds = await cohortFeeds(deps.db, cohort)
          if (owners === null && feeds === null) {
            reimport = { imports: [], notes: [`${path} counts no code contributions and no content items: nothing to re-import`], totals: noCounts() }
            io.err(`evaluate: ${reimport.notes[0]}`)
          } else {
            reimport = await reimportSources(deps, { owners, feeds }, io, reimportOptions)
            io.progress?.('')
            const scope = [owners === null ? '' : owners.length ? `repositories of ${owners.join(', ')}` : 'every repository', feeds === null ? '' : `feeds of the cohort's applicants`].filter(Boolean).join('; ')
            reportReimport(io, reimport, scope)
            failedImports = reimport.imports.filter((i) => i.error).length
          }
        }
        const { cohortTitle, verdicts } = await evaluateCohort(deps.db, cohort)
        if (options.reimport) io.err(`re-evaluated ${verdicts.length} application${verdicts.length === 1 ? '' : 's'} of ${cohortTitle}`)
        if (options.json) {
          if (reimport) io.out(JSON.stringify({ reimport }))
          for (const v of verdicts) io.out(JSON.stringify(v))
          return failedImports ? 1 : 0
        }
        io.out(`${cohortTitle}: ${verdicts.length} application${verdicts.length === 1 ? '' : 's'}`)
        const rows = verdicts.map((v) => [v.applicant, v.status, v.verdict.overall + (v.exception ? ' (exception asked)' : ''), `${v.verdict.optionalMet}/${v.verdict.optionalNeeded}`, v.verdict.mandatoryMet ? 'yes' : 'no'])
        const header = ['applicant', 'status', 'verdict', 'met/needed', 'mandatory met']
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)))
        const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ').trimEnd()
        io.out(line(header))
        for (const r of rows) io.out(line(r))
        return failedImports ? 1 : 0
      } catch (err) {
        if (err instanceof AppError) {
          io.err(`evaluate: ${err.message}`)
          return 2
        }
        throw err
      }
    },
  }
}

/** The command as the CLI runs it: feeds fetched with the SSRF guard's own settings. */
export const evaluateCommand: DbCommand = makeEvaluateCommand()
