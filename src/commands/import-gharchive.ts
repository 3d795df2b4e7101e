import fs from 'node:fs'
import type { CommandIO, DbCommand } from './command.ts'
import { describeCounts, progressReporter } from '../features/contributions/import-run.ts'
import { importGharchiveFile, totalCounts, type GharchiveCounts, type GharchiveFileResult } from '../features/contributions/gharchive/import.ts'

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*)$/
const REPO = /^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/

/** Comma- or space-separated values from a string or a list of strings. */
function list(value: unknown): string[] {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? [value] : []
  return raw.flatMap((v) => String(v).split(/[\s,]+/)).filter(Boolean)
}

/** Why a file cannot be imported at all, or undefined when it can be opened. */
function unreadable(file: string): string | undefined {
  try {
    const stat = fs.statSync(file)
    if (!stat.isFile()) return 'not a regular file'
    fs.accessSync(file, fs.constants.R_OK)
    return undefined
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    return code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (err as Error).message
  }
}

const n = (x: number) => x.toLocaleString('en-US')

/** "read …, imported …, …, skipped 12 (other event types), 3 of other repositories". */
export function describeGharchiveCounts(c: GharchiveCounts): string {
  return `${describeCounts(c)}, skipped ${n(c.skipped)} (not counted), ${n(c.filtered)} of other repositories`
}

function printResult(io: CommandIO, r: GharchiveFileResult): void {
  if (r.resumedAfterLine) io.out(`${r.file}: resumed after line ${n(r.resumedAfterLine)} (an earlier import stopped there)`)
  io.out(`${r.file}: ${describeGharchiveCounts(r.counts)}`)
  const skipped = Object.entries(r.skippedBy).sort((a, b) => b[1] - a[1])
  if (skipped.length) {
    const shown = skipped.slice(0, 6).map(([reason, count]) => `${reason} ${n(count)}`)
    io.out(`  skipped: ${shown.join(', ')}${skipped.length > 6 ? `, and ${skipped.length - 6} other reason${skipped.length - 6 > 1 ? 's' : ''}` : ''}`)
  }
  for (const reason of r.reasons) io.out(`  rejected ${reason}`)
  if (r.moreReasons) io.out(`  … and ${n(r.moreReasons)} more rejected`)
  if (r.error) io.err(`import gharchive: ${r.error}`)
}

/**
 * `embassy import gharchive <files…> --org <orgs…> | --repos owner/name,…`: GH Archive hourly event files
 * into the contribution store. Exit 0 when every file was read to its end; 2 when an argument is wrong, a file
 * cannot be opened (nothing is imported then) or a file turns out corrupt (the other files are still imported);
 * 1 when the database fails.
 */
export const importGharchiveCommand: DbCommand = {
  name: 'import-gharchive',
  async run(deps, options, io) {
    const files = list(options.files)
    const orgs = [...new Set(list(options.org))]
    const repos = [...new Set(list(options.repos))]
    if (files.length === 0) {
      io.err('import gharchive: give one or more .json.gz files')
      return 2
    }
    if (orgs.length === 0 && repos.length === 0) {
      io.err('import gharchive: give --org <org…> or --repos <owner/name,…> (a GH Archive file holds the events of all of GitHub)')
      return 2
    }
    const badOrg = orgs.find((o) => !OWNER.test(o))
    if (badOrg) {
      io.err(`import gharchive: "${badOrg}" is not an organisation name`)
      return 2
    }
    const badRepo = repos.find((r) => !REPO.test(r))
    if (badRepo) {
      io.err(`import gharchive: "${badRepo}" is not a repository (owner/name)`)
      return 2
    }
    const problems = files.map((f) => [f, unreadable(f)] as const).filter(([, why]) => why)
    if (problems.length) {
      for (const [f, why] of problems) io.err(`import gharchive: cannot read ${f} (${why})`)
      io.err('import gharchive: nothing imported')
      return 2
    }

    const results: GharchiveFileResult[] = []
    try {
      for (const file of files) {
        const progress = progressReporter(io, `gharchive ${file}`)
        const r = await importGharchiveFile(deps.db, file, { orgs, repos }, (c) => progress(c))
        io.progress?.('')
        printResult(io, r)
        results.push(r)
      }
    } catch (err) {
      io.progress?.('')
      io.err(`import gharchive: ${(err as Error).message} (the batches committed before are kept; run the same command again to resume)`)
      return 1
    }
    if (files.length > 1) io.out(`total of ${files.length} files: ${describeGharchiveCounts(totalCounts(results))}`)
    const failed = results.filter((r) => r.error)
    if (failed.length) {
      io.err(`import gharchive: ${failed.length} of ${files.length} files could not be read to their end (see above); the rest was imported`)
      return 2
    }
    return 0
  },
}
