// CPU time per process class while a benchmark's import runs, read from /proc (Linux): the importer's process,
// git, PostgreSQL (server processes, background ones included). Their sum over the machine's cores is the
// least wall time that work could take however well it overlapped: a bound a ratio can be read against.
import fs from 'node:fs'
import os from 'node:os'

/** CPU seconds used during a measurement, per class. */
export interface CpuUse {
  importer: number
  git: number
  postgres: number
  total: number
  /** Cores the machine offers (os.availableParallelism). */
  cores: number
  /** total / cores: the least wall time of this work on these cores. */
  bound_seconds: number
}

const TICKS_PER_SECOND = 100 // USER_HZ, 100 on every Linux the benchmarks run on

/** One process' CPU ticks (user + system) and command name; undefined once it has exited. */
function readStat(pid: string): { comm: string; ticks: number; start: string } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const close = stat.lastIndexOf(')')
    const fields = stat.slice(close + 2).split(' ')
    // After the command: state is field 3 (index 0 here); utime 14, stime 15, starttime 22 (1-based, stat(5)).
    return { comm: stat.slice(stat.indexOf('(') + 1, close), ticks: Number(fields[11]) + Number(fields[12]), start: fields[19]! }
  } catch {
    return undefined
  }
}

/**
 * Starts sampling every process every 200 ms until `stop()`: each process counts the CPU it used after the
 * sampler first saw it (all of it, for a process started meanwhile), up to the last sample before it exited.
 * A process that lives less than one interval is missed; git's short commands and the import's own connections
 * live longer. Undefined where /proc cannot be read.
 */
export function sampleCpu(importerPid: () => number | undefined): { stop(importerStartup?: number): CpuUse } | undefined {
  if (!fs.existsSync('/proc/self/stat')) return undefined
  const seen = new Map<string, { comm: string; first: number; last: number; importer: boolean }>()
  let firstPass = true
  const sample = () => {
    const me = importerPid()
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue
      const s = readStat(pid)
      if (!s) continue
      const key = `${pid}:${s.start}`
      const known = seen.get(key)
      if (known) known.last = Math.max(known.last, s.ticks)
      else seen.set(key, { comm: s.comm, first: firstPass ? s.ticks : 0, last: s.ticks, importer: String(me) === pid })
    }
    firstPass = false
  }
  sample()
  // Unref'd: a benchmark that fails before stop() still exits.
  const timer = setInterval(sample, 200).unref()
  return {
    /** `importerStartup`: the importer's CPU seconds before its work began, left out of its share. */
    stop(importerStartup = 0) {
      clearInterval(timer)
      sample()
      const use = { importer: 0, git: 0, postgres: 0 }
      for (const p of seen.values()) {
        const seconds = (p.last - p.first) / TICKS_PER_SECOND
        if (p.importer) use.importer += seconds
        else if (p.comm === 'git') use.git += seconds
        else if (p.comm.startsWith('postgres')) use.postgres += seconds
      }
      use.importer = Math.max(0, use.importer - importerStartup)
      const round = (x: number) => Math.round(x * 100) / 100
      const total = use.importer + use.git + use.postgres
      const cores = os.availableParallelism()
      return { importer: round(use.importer), git: round(use.git), postgres: round(use.postgres), total: round(total), cores, bound_seconds: round(total / cores) }
    },
  }
}
