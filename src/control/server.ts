import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import readline from 'node:readline'
import type { AppDeps } from '../deps.ts'
import { dbCommands } from '../commands/index.ts'

/** Path of the control socket of a data directory. */
export const controlSocketPath = (dataDir: string) => path.join(dataDir, 'control.sock')

/** The request a CLI process sends: one JSON line. */
export interface ControlRequest {
  command: string
  options: Record<string, unknown>
}

/**
 * Runs CLI commands for other processes while this server holds the embedded database. PGlite is one
 * connection: sharing it over a Postgres socket would let a CLI statement land inside a request's
 * transaction, so the CLI sends the command here instead and it runs in this process, in turn with requests.
 * The socket lives in DATA_DIR with mode 0600: only the account that owns the data can use it.
 */
export async function startControlServer(deps: AppDeps): Promise<{ path: string; close(): Promise<void> }> {
  const socketPath = controlSocketPath(deps.config.dataDir)
  // We hold the data directory's lock, so a socket file left here is a dead process's.
  fs.rmSync(socketPath, { force: true })
  const server = net.createServer((socket) => {
    const send = (message: object) => socket.write(`${JSON.stringify(message)}\n`)
    const lines = readline.createInterface({ input: socket })
    lines.once('line', async (line) => {
      lines.close()
      let request: ControlRequest
      try {
        request = JSON.parse(line) as ControlRequest
      } catch {
        send({ err: 'control: request is not JSON' })
        send({ exit: 2 })
        return void socket.end()
      }
      const command = dbCommands[request.command]
      if (!command) {
        send({ err: `control: unknown command ${String(request.command)}` })
        send({ exit: 2 })
        return void socket.end()
      }
      deps.logger.info({ command: request.command }, 'running CLI command for another process')
      try {
        const exit = await command.run(deps, request.options ?? {}, {
          out: (text) => send({ out: text }),
          err: (text) => send({ err: text }),
          progress: (text) => send({ progress: text }),
        })
        send({ exit })
      } catch (err) {
        deps.logger.error({ err, command: request.command }, 'CLI command failed')
        send({ err: `${request.command} failed: ${(err as Error).message}` })
        send({ exit: 1 })
      }
      socket.end()
    })
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(socketPath, () => resolve())
  })
  fs.chmodSync(socketPath, 0o600)
  return {
    path: socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        fs.rmSync(socketPath, { force: true })
      }),
  }
}
