import type { DbCommand } from './command.ts'
import { doctorCommand } from './doctor.ts'
import { migrateCommand } from './migrate.ts'
import { seedCommand } from './seed.ts'
import { communityDefineCommand } from './community-define.ts'
import { adminCreateCommand } from './admin-create.ts'
import { adminRemoveCommand } from './admin-remove.ts'
import { roleCommands } from './role.ts'
import { evaluateCommand } from './evaluate.ts'
import { assignCommand } from './assign.ts'
import { selectCommand } from './select.ts'
import { importGitCommand } from './import-git.ts'
import { importGithubCommand } from './import-github.ts'
import { importGharchiveCommand } from './import-gharchive.ts'
import { importCsvCommand } from './import-csv.ts'
import { importFeedCommand } from './import-feed.ts'
import { contributionsTopCommand } from './contributions-top.ts'
import { identitiesCommands } from './identities.ts'
import { jobsCommands } from './jobs.ts'
import { mailDeliverCommand } from './mail-deliver.ts'
import { backupCommands } from './backup.ts'
import { secretsRotateCommand } from './secrets.ts'
import { announceCommand } from './announce.ts'
import { keysCommands } from './keys.ts'
import { issueCommand, revokeCommand } from './issue.ts'

/** Every database command, by name: the CLI and the control socket dispatch through this one table. */
export const dbCommands: Record<string, DbCommand> = Object.fromEntries(
  [
    migrateCommand,
    seedCommand,
    communityDefineCommand,
    doctorCommand,
    adminCreateCommand,
    adminRemoveCommand,
    ...roleCommands,
    evaluateCommand,
    assignCommand,
    selectCommand,
    importGitCommand,
    importGithubCommand,
    importGharchiveCommand,
    importCsvCommand,
    importFeedCommand,
    contributionsTopCommand,
    ...identitiesCommands,
    ...jobsCommands,
    mailDeliverCommand,
    ...backupCommands,
    secretsRotateCommand,
    announceCommand,
    ...keysCommands,
    issueCommand,
    revokeCommand,
  ].map((c) => [c.name, c]),
)
