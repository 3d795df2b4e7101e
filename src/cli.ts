import fs from 'node:fs'
import { Command } from 'commander'
import { usageExit } from './cli/run-command.ts'
import { addServerCommands } from './cli/server-commands.ts'
import { addAnnounceCommand, addCohortCommands } from './cli/cohort-commands.ts'
import { addContributionCommands } from './cli/contribution-commands.ts'
import { addAdminCommands, addOperationsCommands } from './cli/operations-commands.ts'
import { addCredentialCommands } from './cli/credential-commands.ts'
import { addCommunityCommands } from './cli/community-commands.ts'

/** The `embassy` command line. */
export function buildCli(): Command {
  const { version } = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  // Settings made before the subcommands are added are inherited by them (exitOverride and showHelpAfterError).
  const program = new Command('embassy')
    .description('Embassy: run open-source Ambassador programs end to end.\nConfiguration comes from the environment (see README: PORT, BASE_URL, DATABASE_URL, DATA_DIR, SECRET_KEY, …).')
    .version(version, '-V, --version', 'print the version of Embassy')
    .showHelpAfterError()
    .exitOverride(usageExit)

  // In this order, the order `embassy --help` lists them in.
  addServerCommands(program)
  addCommunityCommands(program)
  addCohortCommands(program)
  addContributionCommands(program)
  addOperationsCommands(program)
  addCredentialCommands(program)
  addAnnounceCommand(program)
  addAdminCommands(program)

  return program
}

await buildCli().parseAsync(process.argv)
