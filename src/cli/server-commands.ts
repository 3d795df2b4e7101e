import { Option, type Command } from 'commander'
import { config, fail, runDbCommand } from './run-command.ts'

/** serve, migrate, seed and doctor: the server and its database. */
export function addServerCommands(program: Command): void {
  program
    .command('serve')
    .description('start the web server (embedded PGlite under DATA_DIR unless DATABASE_URL is set); migrates on start')
    .action(async () => {
      const cfg = config()
      try {
        const { startServer } = await import('../server.ts')
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
}
