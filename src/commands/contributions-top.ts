import type { DbCommand } from './command.ts'

/** PLACEHOLDER while the importer is being written in this session; replaced before it lands. */
export const contributionsTopCommand: DbCommand = {
  name: 'contributions-top',
  async run(_deps, _options, io) {
    io.err('contributions-top: not available yet')
    return 2
  },
}
