import type { CommanderError } from 'commander'
import { ConfigError, loadConfig, type Config } from '../config.ts'
import { DataDirLockedError, currentHolder } from '../db/embedded-lock.ts'
import type { CommandIO } from '../commands/command.ts'
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
export function fail(err: unknown): never {
  io.err(`embassy: ${(err as Error)?.message ?? String(err)}`)
  const expected = err instanceof ConfigError || err instanceof DataDirLockedError || ['DatabaseUnavailableError', 'MissingSecretKeyError'].includes((err as Error)?.name)
  if (!expected && process.env.EMBASSY_DEBUG) io.err((err as Error)?.stack ?? '')
  process.exit(1)
}

export function config(): Config {
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
export async function runDbCommand(name: string, options: Record<string, unknown>, display: string): Promise<never> {
  const cfg = config()
  if (!cfg.databaseUrl) {
    const holder = currentHolder(cfg.dataDir)
    if (holder?.kind === 'server' && holder.controlSocket) {
      const { runThroughServer } = await import('../control/client.ts')
      try {
        process.exit(await runThroughServer(holder.controlSocket, { command: name, options }, io))
      } catch (err) {
        fail(err)
      }
    }
  }
  try {
    const [{ openDatabase }, { buildDeps }, { createLogger }, { dbCommands }, { resolveSecretKey }] = await Promise.all([
      import('../db/open.ts'),
      import('../bootstrap.ts'),
      import('../lib/log.ts'),
      import('../commands/index.ts'),
      import('../lib/secrets.ts'),
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
export function usageExit(err: CommanderError): never {
  process.exit(err.exitCode === 0 ? 0 : 2)
}
