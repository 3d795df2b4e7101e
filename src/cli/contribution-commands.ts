import path from 'node:path'
import type { Command } from 'commander'
import { runDbCommand } from './run-command.ts'

/** import, contributions and identities: the contribution store. */
export function addContributionCommands(program: Command): void {
  const imports = program.command('import').description('import contributions (idempotent and resumable: running one again changes nothing)')
  imports
    .command('git')
    .description('local git repositories: commits of all branches, or of --ref (.mailmap honoured)')
    .argument('<paths...>', 'paths of git repositories')
    .option('--ref <ref>', 'only commits reachable from this ref (default: all branches)')
    .option('--since <date>', 'only commits authored on or after this day (YYYY-MM-DD, UTC) or instant')
    .option('--until <date>', 'only commits authored before this day or instant (exclusive)')
    .option('--repo <owner/name>', 'the GitHub repository these commits belong to (default: from the origin remote)')
    .option('--batch-size <n>', 'commits per transaction (default 10,000)')
    .action((paths: string[], opts: Record<string, unknown>) => runDbCommand('import-git', { ...opts, paths: paths.map((p) => path.resolve(p)) }, 'import git'))
  imports
    .command('github')
    .description("an organisation's or a list of repositories' commits, pull requests, issues and reviews from the GitHub API")
    .option('--org <org>', 'a GitHub organisation')
    .option('--repos <owner/name,…>', 'a comma-separated list of repositories')
    .option('--since <date>', 'start of the window (YYYY-MM-DD, UTC)')
    .option('--until <date>', 'end of the window (exclusive)')
    .action((opts: Record<string, unknown>) => runDbCommand('import-github', opts, 'import github'))
  imports
    .command('gharchive')
    .description('GH Archive hourly .json.gz event files')
    .argument('<files...>', 'event files')
    .option('--org <orgs...>', 'only events of repositories of these organisations')
    .option('--repos <owner/name,…>', 'only events of these repositories')
    .action((files: string[], opts: Record<string, unknown>) => runDbCommand('import-gharchive', { ...opts, files: files.map((f) => path.resolve(f)) }, 'import gharchive'))
  imports
    .command('csv')
    .description('a CSV file of contributions or content items (header documented in docs/imports.md)')
    .argument('<file>', 'the CSV file')
    .action((file: string) => runDbCommand('import-csv', { file: path.resolve(file) }, 'import csv'))
  imports
    .command('feed')
    .description("an RSS/Atom feed (a blog, a YouTube channel) as content items of a person")
    .argument('<url>', 'the feed URL')
    .requiredOption('--person <handle>', 'whose feed it is (their public handle)')
    .action((url: string, opts: Record<string, unknown>) => runDbCommand('import-feed', { ...opts, url }, 'import feed'))

  const contributions = program.command('contributions').description('query the contribution store')
  contributions
    .command('top')
    .description('identities with their contribution counts in a window, most first')
    .option('--org <org>', 'only repositories of this organisation')
    .requiredOption('--since <day>', 'first UTC day counted (YYYY-MM-DD)')
    .requiredOption('--until <day>', 'first UTC day not counted (exclusive)')
    .option('--min <n>', 'only identities with at least n', '1')
    .option('--kinds <kinds>', 'comma-separated kinds to count', 'commit')
    .option('--include-merges', 'count merge commits too')
    .option('--include-bots', 'list bot identities too')
    .option('--json', 'one JSON object per identity')
    .action((opts: Record<string, unknown>) => runDbCommand('contributions-top', opts, 'contributions top'))

  const identitiesCmd = program.command('identities').description('contributor identities: suggested merges, confirmed or rejected, splits')
  identitiesCmd
    .command('suggest')
    .description('list suggested merges (same name with different emails, same GitHub id with different logins)')
    .option('--json', 'one JSON object per suggestion')
    .action((opts: Record<string, unknown>) => runDbCommand('identities-suggest', opts, 'identities suggest'))
  identitiesCmd
    .command('merge')
    .description('link identities to a person (confirming a suggestion)')
    .argument('<identity-keys...>', 'identity keys, e.g. github:12345 email:a@b.org')
    .requiredOption('--person <handle>', 'the person they belong to')
    .action((keys: string[], opts: Record<string, unknown>) => runDbCommand('identities-merge', { ...opts, keys }, 'identities merge'))
  identitiesCmd
    .command('reject')
    .description('reject a suggested merge: the two identities are different people and are not suggested again')
    .argument('<identity-keys...>', 'the two identity keys of the suggestion')
    .action((keys: string[]) => runDbCommand('identities-reject', { keys }, 'identities reject'))
  identitiesCmd
    .command('reopen')
    .description('take a rejection back: the suggested merge is open again')
    .argument('<identity-keys...>', 'the two identity keys of the rejected suggestion')
    .action((keys: string[]) => runDbCommand('identities-reopen', { keys }, 'identities reopen'))
  identitiesCmd
    .command('split')
    .description('unlink identities from their person')
    .argument('<identity-keys...>', 'identity keys')
    .action((keys: string[]) => runDbCommand('identities-split', { keys }, 'identities split'))
}
