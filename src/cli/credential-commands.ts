import type { Command } from 'commander'
import { runDbCommand } from './run-command.ts'

/** keys, issue and revoke: Open Badges credentials. */
export function addCredentialCommands(program: Command): void {
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
}
