import { AppError } from '../lib/errors.ts'
import { cohortContributionOwners, evaluateCohort } from '../features/applications/evaluate-cohort.ts'
import { describeCounts } from '../features/contributions/import-run.ts'
import { reimportSources } from '../features/contributions/reimport-sources.ts'
import type { DbCommand } from './command.ts'

/**
 * `embassy evaluate --cohort community/program/cohort [--reimport] [--json]`: the eligibility of every
 * application. With --reimport, the recorded imports of the program's organisations (git repositories and
 * GH Archive files) run again first, so the counts include what is new; one line per import and a summary
 * go to stderr, so that --json output stays one verdict per line.
 */
export const evaluateCommand: DbCommand = {
  name: 'evaluate',
  async run(deps, options, io) {
    try {
      const cohort = String(options.cohort ?? '')
      let failedImports = 0
      if (options.reimport) {
        const owners = await cohortContributionOwners(deps.db, cohort)
        if (owners === null) io.err(`evaluate: ${cohort} counts no code contributions: nothing to re-import`)
        else {
          const summary = await reimportSources(deps.db, owners, io)
          io.progress?.('')
          for (const i of summary.imports) io.err(`re-import ${i.source} ${i.label}: ${i.counts ? describeCounts(i.counts) : `failed: ${i.error}`}`)
          failedImports = summary.imports.filter((i) => i.error).length
          const what = owners.length ? `repositories of ${owners.join(', ')}` : 'every repository'
          io.err(`re-imported ${summary.imports.length - failedImports} of ${summary.imports.length} recorded import${summary.imports.length === 1 ? '' : 's'} (${what}): ${describeCounts(summary.totals)}`)
        }
      }
      const { cohortTitle, verdicts } = await evaluateCohort(deps.db, cohort)
      if (options.reimport) io.err(`re-evaluated ${verdicts.length} application${verdicts.length === 1 ? '' : 's'} of ${cohortTitle}`)
      if (options.json) {
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
