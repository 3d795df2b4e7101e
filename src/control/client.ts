import net from 'node:net'
import readline from 'node:readline'
import type { CommandIO } from '../commands/command.ts'
import type { ControlRequest } from './server.ts'

/** Sends a command to the server that holds the embedded database and relays its output; resolves to the exit code. */
export function runThroughServer(socketPath: string, request: ControlRequest, io: CommandIO): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath)
    let exit: number | undefined
    socket.once('connect', () => socket.write(`${JSON.stringify(request)}\n`))
    socket.once('error', (err) => reject(new Error(`cannot reach the running server's control socket ${socketPath}: ${err.message}`)))
    const lines = readline.createInterface({ input: socket })
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { out?: string; err?: string; progress?: string; exit?: number }
      if (message.progress !== undefined) io.progress?.(message.progress)
      if (message.out !== undefined) io.out(message.out)
      if (message.err !== undefined) io.err(message.err)
      if (message.exit !== undefined) exit = message.exit
    })
    socket.once('close', () => (exit === undefined ? reject(new Error('the server closed the control connection early')) : resolve(exit)))
  })
}
