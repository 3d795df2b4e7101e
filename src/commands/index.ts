import type { DbCommand } from './command.ts'
import { doctorCommand } from './doctor.ts'
import { migrateCommand } from './migrate.ts'
import { seedCommand } from './seed.ts'
import { adminCreateCommand } from './admin-create.ts'
import { evaluateCommand } from './evaluate.ts'

/** Every database command, by name: the CLI and the control socket dispatch through this one table. */
export const dbCommands: Record<string, DbCommand> = Object.fromEntries(
  [migrateCommand, seedCommand, doctorCommand, adminCreateCommand, evaluateCommand].map((c) => [c.name, c]),
)
