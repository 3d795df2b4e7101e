// What a command or an import writes, collected for a test to read.
import type { AppDeps } from '../../src/deps.ts'
import type { CommandIO, DbCommand } from '../../src/commands/command.ts'

/** An io that keeps every line: `out` and `err` apart, progress lines in `progress`. */
export function captureIO(): { io: CommandIO; out: string[]; err: string[]; progress: string[] } {
  const out: string[] = []
  const err: string[] = []
  const progress: string[] = []
  return { io: { out: (l) => void out.push(l), err: (l) => void err.push(l), progress: (l) => void progress.push(l) }, out, err, progress }
}

/** Runs a command as the CLI would and returns its exit code and what it wrote. */
export async function runCommand(command: DbCommand, deps: AppDeps, options: Record<string, unknown>): Promise<{ code: number; out: string[]; err: string[] }> {
  const { io, out, err } = captureIO()
  const code = await command.run(deps, options, io)
  return { code, out, err }
}
