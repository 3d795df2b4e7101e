import path from 'node:path'
import type { Command } from 'commander'
import { runDbCommand } from './run-command.ts'

/** community: starting a community and its programs on this deployment. */
export function addCommunityCommands(program: Command): void {
  const community = program.command('community').description('communities on this deployment')
  community
    .command('define')
    .description('create a community and its programs from a JSON file { "community": {…}, "programs": [ … ] } (see docs/examples/community.json), all or nothing')
    .argument('<file>', 'the JSON definition')
    .action((file: string) => runDbCommand('community-define', { file: path.resolve(file) }, 'community define'))
}
