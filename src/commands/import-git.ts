import type { DbCommand } from './command.ts'

/** PLACEHOLDER while the importer is being written in this session; replaced before it lands. */
export const importGitCommand: DbCommand = {
  name: 'import-git',
  async run(_deps, _options, io) {
    io.err('import-git: not available yet')
    return 2
  },
}
