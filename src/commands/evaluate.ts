import { AppError } from '../lib/errors.ts'
import { evaluateCohort } from '../features/applications/evaluate-cohort.ts'
import type { DbCommand } from './command.ts'

/** `embassy evaluate --cohort community/program/cohort [--json]`: the eligibility of every application. */
export const evaluateCommand: DbCommand = {
  name: 'evaluate',
  async run(deps, options, io) {
    try {
      const { cohortTitle, verdicts } = await evaluateCohort(deps.db, String(options.cohort ?? ''))
      if (options.json) {
        for (const v of verdicts) io.out(JSON.stringify(v))
        return 0
      }
      io.out(`${cohortTitle}: ${verdicts.length} application${verdicts.length === 1 ? '' : 's'}`)
      const rows = verdicts.map((v) => [v.applicant, v.status, v.verdict.overall + (v.exception ? ' (exception asked)' : ''), `${v.verdict.optionalMet}/${v.verdict.optionalNeeded}`, v.verdict.mandatoryMet ? 'yes' : 'no'])
      const header = ['applicant', 'status', 'verdict', 'met/needed', 'mandatory met']
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)))
      const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ').trimEnd()
      io.out(line(header))
      for (const r of rows) io.out(line(r))
      return 0
    } catch (err) {
      if (err instanceof AppError) {
        io.err(`evaluate: ${err.message}`)
        return 2
      }
      throw err
    }
  },
}
