import { AppError } from '../lib/errors.ts'
import { findCohort } from '../features/programs/queries.ts'
import { runAssignment } from '../features/reviews/run-assignment.ts'
import type { DbCommand } from './command.ts'

/** `embassy assign --cohort community/program/cohort [--per-application 2] [--dry-run]`: assigns reviewers. */
export const assignCommand: DbCommand = {
  name: 'assign',
  async run(deps, options, io) {
    const path = String(options.cohort ?? '')
    const [community, program, cohort] = path.split('/')
    if (!community || !program || !cohort) {
      io.err('assign: name the cohort as community/program/cohort, e.g. kubesphere/ksap/2023')
      return 2
    }
    const k = options.perApplication === undefined ? undefined : Number(options.perApplication)
    if (k !== undefined && (!Number.isInteger(k) || k < 1 || k > 20)) {
      io.err('assign: --per-application must be a whole number from 1 to 20')
      return 2
    }
    try {
      const found = await findCohort(deps.db, community, program, cohort)
      if (!found) throw new AppError('not_found', `There is no cohort ${path}.`)
      const run = await runAssignment(deps, found.cohort.id, { k, dryRun: options.dryRun === true, actor: 'cli' })
      io.out(`${found.cohort.title}: ${run.applications} submitted applications, ${run.reviewers.length} reviewers, ${run.k} reviewers per application`)
      io.out(`${run.dryRun ? 'would add' : 'added'} ${run.added.length} assignments${run.conflictedRemoved.length ? `; removed ${run.conflictedRemoved.length} now conflicted` : ''}${run.dryRun ? ' (dry run: nothing written)' : ''}`)
      const width = Math.max(8, ...run.reviewers.map((r) => [...r.displayName].length))
      io.out(`${'reviewer'.padEnd(width)}  load`)
      for (const r of run.reviewers) io.out(`${r.displayName}${' '.repeat(width - [...r.displayName].length)}  ${r.load}${r.capacity === null ? '' : ` of at most ${r.capacity}`}`)
      if (run.shortByCapacity) {
        io.out(`capacity too small: ${run.shortByCapacity} reviews could not be assigned because every other eligible reviewer is full (${run.capacity.needed} wanted, capacity left for ${run.capacity.available ?? 'unlimited'}); raise capacities or invite reviewers`)
      }
      for (const s of run.shortfalls) {
        io.out(`short: ${s.applicant} has ${s.assigned} of ${s.wanted} reviewers (${s.eligible} eligible: conflicts or languages${s.atCapacity ? `; ${s.atCapacity} of them at capacity` : ''})`)
      }
      return run.shortfalls.length ? 1 : 0
    } catch (err) {
      if (err instanceof AppError) {
        io.err(`assign: ${err.message}`)
        return 2
      }
      throw err
    }
  },
}
