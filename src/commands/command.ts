import type { AppDeps } from '../deps.ts'

/** Where a command writes what it has to say (a terminal, or a control-socket client). */
export interface CommandIO {
  out(line: string): void
  err(line: string): void
  /** A transient progress line (a terminal redraws it in place); optional. */
  progress?(line: string): void
}

/** A CLI command that works on the database; it runs in the CLI process or, on embedded data, inside the server. */
export interface DbCommand {
  name: string
  /** Runs the command; returns the exit code. */
  run(deps: AppDeps, options: Record<string, unknown>, io: CommandIO): Promise<number>
}
