import type { DbCommand } from './command.ts'

/** PLACEHOLDER while the importer is being written in this session; replaced before it lands. */
export const importCsvCommand: DbCommand = {
  name: 'import-csv',
  async run(_deps, _options, io) {
    io.err('import-csv: not available yet')
    return 2
  },
}
