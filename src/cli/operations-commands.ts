import path from 'node:path'
import type { Command } from 'commander'
import { runDbCommand } from './run-command.ts'

/** backup, restore, mail, secrets and jobs: running a deployment. */
export function addOperationsCommands(program: Command): void {
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
}

/** admin and role: the deployment's administrators and program managers. */
export function addAdminCommands(program: Command): void {
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

  const role = program.command('role').description('admins and program managers')
  const target = (cmd: Command) =>
    cmd
      .requiredOption('--email <address>', 'the person\'s email address (an internationalised domain works)')
      .requiredOption('--role <role>', 'admin or program_manager')
      .option('--community <slug>', 'the community (program_manager only)')
  target(role.command('grant').description('give the admin role, or the program_manager role of a community; a new person is created and mailed')).action((opts: Record<string, unknown>) =>
    runDbCommand('role-grant', { email: opts.email, role: opts.role, community: opts.community }, 'role grant'),
  )
  target(role.command('revoke').description('take the role away (refused for the only admin, so the site always has one)')).action((opts: Record<string, unknown>) =>
    runDbCommand('role-revoke', { email: opts.email, role: opts.role, community: opts.community }, 'role revoke'),
  )
  role
    .command('list')
    .description('the site\'s admins and every community\'s program managers')
    .option('--community <slug>', 'only this community\'s program managers')
    .option('--json', 'one JSON object per role')
    .action((opts: Record<string, unknown>) => runDbCommand('role-list', { community: opts.community, json: opts.json }, 'role list'))
}
