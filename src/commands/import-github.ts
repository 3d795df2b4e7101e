import type { DbCommand } from './command.ts'

/** PLACEHOLDER while the importer is being written in this session; replaced before it lands. */
export const importGithubCommand: DbCommand = {
  name: 'import-github',
  async run(_deps, _options, io) {
    io.err('import-github: not available yet')
    return 2
  },
}
