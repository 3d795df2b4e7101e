import type { DbCommand } from './command.ts'

const placeholder = (name: string): DbCommand => ({
  name,
  async run(_deps, _options, io) {
    io.err(`${name}: not available yet`)
    return 2
  },
})

/** PLACEHOLDER while identity resolution commands are being written in this session. */
export const identitiesCommands: DbCommand[] = [placeholder('identities-suggest'), placeholder('identities-merge'), placeholder('identities-split')]
