import { AppError } from '../lib/errors.ts'
import { describeCounts } from '../features/contributions/import-run.ts'
import { importGitRepository, prepareGitImport } from '../features/contributions/git/import-git.ts'
import type { DbCommand } from './command.ts'

const text = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : String(v))

/**
 * `embassy import git <paths...> [--ref] [--since] [--until] [--repo] [--batch-size]`: imports the commits of local
 * repositories, one line of counts per repository. Every path is checked before anything is imported;
 * bad input (not a repository, unknown ref, bad --repo or dates) exits 2 with one line naming the problem.
 */
export const importGitCommand: DbCommand = {
  name: 'import-git',
  async run(deps, options, io) {
    const paths = (Array.isArray(options.paths) ? options.paths : [options.paths]).map(text).filter((p): p is string => p !== undefined)
    const common = { ref: text(options.ref), since: text(options.since), until: text(options.until), repo: text(options.repo) }
    const batchSize = options.batchSize === undefined ? undefined : Number(options.batchSize)
    try {
      if (!paths.length) throw new AppError('bad_request', 'give the path of at least one git repository')
      if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) throw new AppError('bad_request', `--batch-size must be a whole number above 0 (got ${String(options.batchSize)})`)
      if (common.repo && paths.length > 1) throw new AppError('bad_request', '--repo names one repository: give one path with it, or set the origin remote of each')
      const prepared = []
      for (const p of paths) prepared.push(await prepareGitImport({ path: p, ...common }))
      const seen = new Map<string, string>()
      for (const p of prepared) {
        const other = seen.get(p.repository)
        if (other && other !== p.path) io.err(`import git: note: ${other} and ${p.path} are both ${p.repository}; their commits are stored once`)
        seen.set(p.repository, p.path)
      }
      for (const p of prepared) {
        const result = await importGitRepository(deps.db, { path: p.path, ...common, repo: p.repository, batchSize }, io)
        const resumed = result.resumedAfter ? ` (resumed after ${result.resumedAfter.toLocaleString('en-US')} commits stored by an interrupted run)` : ''
        io.progress?.('') // clears the progress line of a terminal before the result line
        io.out(`${result.repository}: ${describeCounts(result)}${resumed}`)
      }
      return 0
    } catch (err) {
      if (err instanceof AppError) {
        io.err(`import git: ${err.message}`)
        return 2
      }
      throw err
    }
  },
}
