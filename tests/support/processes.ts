import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const BIN = path.resolve('bin/embassy.js')

/** A running `embassy` process and what it printed so far. */
export interface EmbassyProcess {
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves when stderr+stdout match, rejects on exit or after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>
  /** Resolves with the exit code. */
  exited: Promise<number | null>
}

/** Starts `embassy …args` with a clean environment plus `env`. */
export function startEmbassy(args: string[], env: Record<string, string>): EmbassyProcess {
  // Started from another folder than the repository, as an installed command would be.
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: os.tmpdir(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  const listeners = new Set<() => void>()
  child.stdout!.on('data', (d) => ((out += d), listeners.forEach((l) => l())))
  child.stderr!.on('data', (d) => ((err += d), listeners.forEach((l) => l())))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern, ms = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(out + err)) {
            listeners.delete(check)
            clearTimeout(timer)
            resolve()
          }
        }
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${out}\n${err}`)), ms)
        void exited.then((code) => {
          if (!pattern.test(out + err)) {
            clearTimeout(timer)
            reject(new Error(`exited (${code}) before ${pattern}; output:\n${out}\n${err}`))
          }
        })
        listeners.add(check)
        check()
      }),
  }
}

/** Runs `embassy …args` to the end. */
export async function runEmbassy(args: string[], env: Record<string, string>) {
  const p = startEmbassy(args, env)
  const code = await p.exited
  return { code, stdout: p.stdout(), stderr: p.stderr() }
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}
