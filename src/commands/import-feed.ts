import type { DbCommand } from './command.ts'

/** PLACEHOLDER while the importer is being written in this session; replaced before it lands. */
export const importFeedCommand: DbCommand = {
  name: 'import-feed',
  async run(_deps, _options, io) {
    io.err('import-feed: not available yet')
    return 2
  },
}
