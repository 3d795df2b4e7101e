import type { DbCommand } from './command.ts'

/** PLACEHOLDER while the importer is being written in this session; replaced before it lands. */
export const importGharchiveCommand: DbCommand = {
  name: 'import-gharchive',
  async run(_deps, _options, io) {
    io.err('import-gharchive: not available yet')
    return 2
  },
}
