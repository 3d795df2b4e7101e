import fs from 'node:fs'
import path from 'node:path'
import { Command, Option, type CommanderError } from 'commander'
import { ConfigError, loadConfig, type Config } from './config.ts'
import { DataDirLockedError, currentHolder } from './db/embedded-lock.ts'
import type { CommandIO } from './commands/command.ts'
// The heavy modules (database engines, the web app) are imported by the commands that need them, so that
// `embassy --help` and commands sent to a running server start quickly.

const io: CommandIO = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  progress: (l) => {
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${l}`)
  },
}

/** Prints one clear line for the failures an operator can fix, and exits 1. */
function fail(err: unknown): never {
  io.err(`embassy: ${(err as Error)?.message ?? String(err)}`)
  const expected = err instanceof ConfigError || err instanceof DataDirLockedError || ['DatabaseUnavailableError', 'MissingSecretKeyError'].includes((err as Error)?.name)
  if (!expected && process.env.EMBASSY_DEBUG) io.err((err as Error)?.stack ?? '')
  process.exit(1)
}

function config(): Config {
  try {
    return loadConfig()
  } catch (err) {
    fail(err)
  }
}

/**
 * Runs a database command: against PostgreSQL directly; on embedded data, directly when no process holds the
 * data directory, or through the running server's control socket when one does.
 */
async function runDbCommand(name: string, options: Record<string, unknown>, display: string): Promise<never> {
  const cfg = config()
  if (!cfg.databaseUrl) {
    const holder = currentHolder(cfg.dataDir)
    if (holder?.kind === 'server' && holder.controlSocket) {
      const { runThroughServer } = await import('./control/client.ts')
      try {
        process.exit(await runThroughServer(holder.controlSocket, { command: name, options }, io))
      } catch (err) {
        fail(err)
      }
    }
  }
  try {
    const [{ openDatabase }, { buildDeps }, { createLogger }, { dbCommands }, { resolveSecretKey }] = await Promise.all([
      import('./db/open.ts'),
      import('./bootstrap.ts'),
      import('./lib/log.ts'),
      import('./commands/index.ts'),
      import('./lib/secrets.ts'),
    ])
    resolveSecretKey(cfg)
    const opened = await openDatabase(cfg, { kind: 'cli', command: display })
    const deps = buildDeps(cfg, opened.database, createLogger(cfg.logLevel === 'info' ? 'warn' : cfg.logLevel))
    let code = 1
    try {
      code = await dbCommands[name]!.run(deps, options, io)
    } finally {
      await opened.close()
    }
    process.exit(code)
  } catch (err) {
    fail(err)
  }
}

/**
 * Commander's own exits: 0 for --help and --version; 2 (bad usage, as the commands' own checks) for an unknown
 * command or option, a missing argument or required option, or a command group run without its subcommand.
 * Commander has printed its message by then; without this it would exit 1, the code of a failure.
 */
function usageExit(err: CommanderError): never {
  process.exit(err.exitCode === 0 ? 0 : 2)
}

/** The `embassy` command line. */
export function buildCli(): Command {
  const { version } = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  // Settings made before the subcommands are added are inherited by them (exitOverride and showHelpAfterError).
  const program = new Command('embassy')
    .description('Embassy: run open-source Ambassador programs end to end.\nConfiguration comes from the environment (see README: PORT, BASE_URL, DATABASE_URL, DATA_DIR, SECRET_KEY, …).')
    .version(version, '-V, --version', 'print the version of Embassy')
    .showHelpAfterError()
    .exitOverride(usageExit)

  program
    .command('serve')
    .description('start the web server (embedded PGlite under DATA_DIR unless DATABASE_URL is set); migrates on start')
    .action(async () => {
      const cfg = config()
      try {
        const { startServer } = await import('./server.ts')
        const server = await startServer(cfg)
        const engine = cfg.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${cfg.dataDir}`
        process.stderr.write(`Embassy is running at ${server.url} (${engine}). Press Ctrl+C to stop.\n`)
        const stop = (signal: string) => {
          process.stderr.write(`\n${signal}: shutting down gracefully…\n`)
          server.close().then(
            () => process.exit(0),
            () => process.exit(1),
          )
        }
        process.once('SIGINT', () => stop('SIGINT'))
        process.once('SIGTERM', () => stop('SIGTERM'))
      } catch (err) {
        fail(err)
      }
    })

  program
    .command('migrate')
    .description('apply pending database migrations (under an advisory lock on PostgreSQL)')
    .action(() => runDbCommand('migrate', {}, 'migrate'))

  program
    .command('seed')
    .description('load data into the database')
    .addOption(new Option('--demo', 'the KubeSphere and OpenStack demo programs from the seed documents (idempotent)'))
    .action((opts: { demo?: boolean }) => runDbCommand('seed', { demo: opts.demo === true }, 'seed --demo'))

  program
    .command('doctor')
    .description('check the configuration and the database, and print what was found')
    .action(() => runDbCommand('doctor', {}, 'doctor'))

  program
    .command('evaluate')
    .description('recompute and print the eligibility of every application of a cohort')
    .requiredOption('--cohort <community/program/cohort>', 'the cohort, e.g. kubesphere/ksap/2023')
    .option('--json', 'one JSON object per application instead of a table')
    .option('--reimport', 'first run again the recorded imports of the program’s organisations (git, GH Archive, GitHub API with GITHUB_TOKEN) and the applicants’ feeds')
    .action((opts: { cohort: string; json?: boolean; reimport?: boolean }) =>
      runDbCommand('evaluate', { cohort: opts.cohort, json: opts.json === true, reimport: opts.reimport === true }, 'evaluate'),
    )

  program
    .command('assign')
    .description('assign reviewers to the submitted applications of a cohort (balanced, respecting conflicts and languages)')
    .requiredOption('--cohort <community/program/cohort>', 'the cohort, e.g. kubesphere/ksap/2023')
    .option('--per-application <k>', 'reviewers per application (default: the review phase setting, 2)')
    .option('--dry-run', 'print what would be assigned without writing')
    .action((opts: { cohort: string; perApplication?: string; dryRun?: boolean }) => runDbCommand('assign', { cohort: opts.cohort, perApplication: opts.perApplication, dryRun: opts.dryRun === true }, 'assign'))

  program
    .command('select')
    .description('choose the cohort’s ambassadors under the constraints and print the chosen set, the waitlist and every explanation')
    .requiredOption('--cohort <community/program/cohort>', 'the cohort, e.g. kubesphere/ksap/2023')
    .option('--dry-run', 'compute and print, but save nothing')
    .option('--json', 'one JSON document instead of a table')
    .option('--seats <n>', 'seats to fill (default: the last run’s, else the cohort’s)')
    .option('--max-region-share <0..1>', 'largest share of the seats one region may take, e.g. 0.4')
    .option('--max-per-region <n>', 'largest number of seats one region may take')
    .option('--max-country-share <0..1>', 'largest share of the seats one country may take')
    .option('--max-per-country <n>', 'largest number of seats one country may take')
    .option('--max-per-employer <n>', 'largest number of seats people of one employer may take')
    .option('--min-region <list>', 'seats a region should get when it has qualified candidates, e.g. "Africa=2,Europe=3"')
    .option('--waitlist <n>', 'length of the waitlist (default: as many as seats)')
    .option('--exclude-needs-review', 'leave out applications whose eligibility waits on reviewers')
    .option('--normalised', 'rank by per-reviewer z-scores instead of the mean score')
    .action((opts: Record<string, unknown>) => runDbCommand('select', { ...opts, dryRun: opts.dryRun === true, json: opts.json === true }, 'select'))

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

  program
    .command('backup')
    .description('write the whole database to a gzipped JSON-lines file (restorable on either engine)')
    .option('--out <file>', 'where to write it (default: ./embassy-backup-<time>.jsonl.gz)')
    .action((opts: { out?: string }) => runDbCommand('backup', { out: path.resolve(opts.out ?? `embassy-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl.gz`) }, 'backup'))
  program
    .command('restore')
    .description('restore a backup into this database, all of it or nothing (it must be empty unless --replace)')
    .argument('<file>', 'a file written by embassy backup')
    .option('--replace', 'empty every table first (in the same transaction)')
    .action((file: string, opts: { replace?: boolean }) => runDbCommand('restore', { file: path.resolve(file), replace: opts.replace }, 'restore'))

  program
    .command('mail')
    .description('the outbox')
    .command('deliver')
    .description('send every outbox message whose turn has come (the server also does this every 15 seconds)')
    .action(() => runDbCommand('mail-deliver', {}, 'mail deliver'))

  program
    .command('secrets')
    .description('stored secrets (issuer signing keys, benefit addresses and codes)')
    .command('rotate')
    .description('re-seal stored secrets from SECRET_KEY_PREVIOUS (the old key) to SECRET_KEY (the new one), all or nothing')
    .action(() => runDbCommand('secrets-rotate', {}, 'secrets rotate'))

  const jobsCmd = program.command('jobs').description('the durable job queue (announcements, issuance, imports)')
  jobsCmd
    .command('run')
    .description('run every due job now, then exit (the server also runs them in the background)')
    .action(() => runDbCommand('jobs-run', {}, 'jobs run'))
  jobsCmd
    .command('list')
    .description('jobs that are waiting, running or failed (add --all for finished ones)')
    .option('--all', 'include finished jobs')
    .option('--json', 'one JSON object per job')
    .action((opts: Record<string, unknown>) => runDbCommand('jobs-list', opts, 'jobs list'))

  const keysCmd = program.command('keys').description('the Ed25519 keys that sign Open Badges credentials (encrypted with SECRET_KEY)')
  keysCmd.command('init').description('create the first signing key (does nothing when one exists)').action(() => runDbCommand('keys-init', {}, 'keys init'))
  keysCmd.command('rotate').description('create a new signing key for new credentials; old keys keep verifying').action(() => runDbCommand('keys-rotate', {}, 'keys rotate'))
  keysCmd
    .command('list')
    .description('every signing key, newest (current) first')
    .option('--json', 'one JSON object per key')
    .action((opts: Record<string, unknown>) => runDbCommand('keys-list', opts, 'keys list'))

  program
    .command('issue')
    .description('issue Open Badges 3.0 credentials: one membership, or every confirmed membership of a cohort (idempotent, resumable)')
    .option('--membership <id>', 'the membership to issue the credential of')
    .option('--cohort <community/program/cohort>', 'issue for the whole cohort through the job queue, e.g. kubesphere/ksap/2023')
    .option('--did <method>', 'issuer identifier: web (the deployment, default) or key (the signing key)', 'web')
    .option('--render', 'also render each certificate as PNG (credential baked in) and PDF under DATA_DIR/certificates')
    .action((opts: Record<string, unknown>) => runDbCommand('issue', opts, 'issue'))
  program
    .command('revoke')
    .description('revoke an issued credential (audited; its status-list bit flips, the verification page says revoked)')
    .argument('<credential-id>', 'the credential (certificate) id')
    .requiredOption('--reason <text>', 'why it is revoked (kept in the audit log)')
    .action((id: string, opts: Record<string, unknown>) => runDbCommand('revoke', { ...opts, id }, 'revoke'))

  program
    .command('announce')
    .description('schedule the announcement of a cohort (locks its selection); --now sends the decisions and publishes at once')
    .requiredOption('--cohort <community/program/cohort>', 'the cohort, e.g. kubesphere/ksap/2023')
    .option('--now', 'announce now: send the decision emails and publish the page before exiting')
    .option('--at <instant>', 'when to announce (default: the announcement date of the cohort calendar)')
    .option('--respond-by <instant>', 'until when selected applicants may confirm (default: two weeks after)')
    .option('--title <title>', 'title of the public announcement')
    .action((opts: Record<string, unknown>) => runDbCommand('announce', { cohort: opts.cohort, now: opts.now === true, at: opts.at, respondBy: opts.respondBy, title: opts.title }, 'announce'))

  const admin = program.command('admin').description('manage administrators')
  admin
    .command('create')
    .description('create an admin account (or make an existing person admin); they sign in by email link')
    .requiredOption('--email <address>', 'the admin\'s email address')
    .option('--name <name>', 'display name for a new account')
    .action((opts: { email: string; name?: string }) => runDbCommand('admin-create', { email: opts.email, name: opts.name }, 'admin create'))
  admin
    .command('remove')
    .description('take the admin role from a person (refused for the only admin, so the site always has one)')
    .requiredOption('--email <address>', 'an email address the admin signs in with')
    .action((opts: { email: string }) => runDbCommand('admin-remove', { email: opts.email }, 'admin remove'))

  return program
}

await buildCli().parseAsync(process.argv)
