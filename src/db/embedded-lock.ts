import fs from 'node:fs'
import path from 'node:path'

/** Who holds an embedded data directory. */
export interface LockHolder {
  pid: number
  kind: 'server' | 'cli'
  /** The server's URL, when a server holds it. */
  url?: string
  /** Unix socket on which the holding server runs CLI commands for other processes. */
  controlSocket?: string
  command?: string
  startedAt: string
}

/** Raised when another live process holds the data directory. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError'
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    const who =
      holder.kind === 'server'
        ? `an Embassy server (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''}, started ${holder.startedAt})`
        : `an embassy command (pid ${holder.pid}${holder.command ? `: ${holder.command}` : ''}, started ${holder.startedAt})`
    super(
      `The embedded database in ${dataDir} is already in use by ${who}. ` +
        'PGlite allows one process per data directory; stop that process first, or point DATA_DIR elsewhere.',
    )
  }
}

/** A held lock: release it when done (also released on process exit). */
export interface DataDirLock {
  readonly path: string
  update(changes: Partial<LockHolder>): void
  release(): void
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder
  } catch {
    return undefined
  }
}

/** The current holder of a data directory, if a live process holds it. */
export function currentHolder(dataDir: string): LockHolder | undefined {
  const holder = readHolder(path.join(dataDir, 'embassy.lock'))
  return holder && isAlive(holder.pid) && holder.pid !== process.pid ? holder : undefined
}

/**
 * Takes the data directory for this process, or throws DataDirLockedError naming the live holder.
 * A lock left by a dead process (crash, kill -9) is taken over.
 */
export function acquireDataDirLock(dataDir: string, holder: Omit<LockHolder, 'pid' | 'startedAt'>): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, 'embassy.lock')
  let state: LockHolder = { ...holder, pid: process.pid, startedAt: new Date().toISOString() }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600)
      fs.writeFileSync(fd, JSON.stringify(state))
      fs.fsyncSync(fd)
      fs.closeSync(fd)
      let released = false
      const release = () => {
        if (released) return
        released = true
        process.off('exit', release)
        if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true })
      }
      process.on('exit', release)
      return {
        path: file,
        update(changes) {
          state = { ...state, ...changes }
          fs.writeFileSync(file, JSON.stringify(state))
        },
        release,
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const existing = readHolder(file)
      if (existing && isAlive(existing.pid) && existing.pid !== process.pid) throw new DataDirLockedError(dataDir, existing)
      // Stale: its process is gone. Remove it and try again; a racing process may win, and we then see it alive.
      fs.rmSync(file, { force: true })
    }
  }
  throw new Error(`Could not take the lock ${file}; remove it if no Embassy process is running.`)
}
