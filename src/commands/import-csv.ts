import type { DbCommand } from './command.ts'
import { describeCounts, progressReporter } from '../features/contributions/import-run.ts'
import { CsvFileError, importCsvFile } from '../features/contributions/csv/import.ts'

/**
 * `embassy import csv <file>`: contributions or content items from a CSV file (header in docs/imports.md).
 * Exit 0 when the file was read to its end (rejected rows are listed, not fatal); 2 when the file cannot be
 * read or its header is unusable (nothing imported) or parsing stopped early; 1 when the database fails.
 */
export const importCsvCommand: DbCommand = {
  name: 'import-csv',
  async run(deps, options, io) {
    const file = typeof options.file === 'string' ? options.file : ''
    if (!file) {
      io.err('import csv: give the CSV file to import')
      return 2
    }
    const progress = progressReporter(io, `csv ${file}`)
    let result
    try {
      result = await importCsvFile(deps.db, file, {}, (c) => progress(c))
    } catch (err) {
      io.progress?.('')
      if (err instanceof CsvFileError) {
        io.err(`import csv: ${err.message}`)
        return 2
      }
      io.err(`import csv: ${(err as Error).message} (the batches committed before are kept; run the same command again to resume)`)
      return 1
    }
    io.progress?.('')
    if (result.resumedAfterLine) io.out(`${file}: resumed after line ${result.resumedAfterLine.toLocaleString('en-US')} (an earlier import stopped there)`)
    if (result.error && result.counts.read === 0 && result.counts.rejected === 0) {
      io.err(`import csv: ${result.error}`)
      return 2
    }
    io.out(`${file}: ${describeCounts(result.counts)}`)
    for (const reason of result.reasons) io.out(`  rejected ${reason}`)
    if (result.moreReasons) io.out(`  … and ${result.moreReasons.toLocaleString('en-US')} more rejected`)
    if (result.error) {
      io.err(`import csv: ${result.error}`)
      return 2
    }
    return 0
  },
}
