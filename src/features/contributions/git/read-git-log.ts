import { spawn, type SpawnOptions } from 'node:child_process'
import { StringDecoder } from 'node:string_decoder'
import { AppError } from '../../../lib/errors.ts'

/** One commit as `git log` reports it (author name and email after `.mailmap`). */
export interface GitCommit {
  sha: string
  authorName: string
  authorEmail: string
  /** Invalid (NaN) when git printed a date that cannot be read; the importer rejects such commits. */
  authorDate: Date
  committerDate: Date
  /** Number of parents: 0 for a root commit, 2 or more for a merge. */
  parents: number
}

/** What to read. */
export interface ReadGitLogOptions {
  /** Only commits reachable from this ref; default: every branch, tag and remote-tracking branch (`--all`). */
  ref?: string
  /** Only commits authored at or after this instant. */
  since?: Date
  /** Only commits authored before this instant (exclusive). */
  until?: Date
}

/** A failure the operator can fix (not a repository, unknown ref, bad option): its message is one clear line. */
export class GitImportError extends AppError {
  override name = 'GitImportError'
  constructor(message: string) {
    super('bad_request', message)
  }
}

const FIELD = '\x1f'
const RECORD = '\x1e'
/**
 * sha, author name and email (`.mailmap` applied), author and committer dates (seconds since the epoch), parent
 * ids. Seconds rather than ISO 8601: an instant is all the store keeps, git prints them faster, and a header
 * with an odd UTC offset (+9999) still gives its instant, where the ISO form (+99:99) could not be read.
 */
export const GIT_LOG_FORMAT = '%H%x1f%aN%x1f%aE%x1f%at%x1f%ct%x1f%P%x1e'

/**
 * The `git log` arguments of a read. `--all` leaves out refs that are not history of the project: notes,
 * the stash, and the pull-request refs of GitHub and GitLab mirrors (`refs/pull/*`, `refs/merge-requests/*`).
 */
export function gitLogArgs(options: { ref?: string } = {}): string[] {
  const revisions = options.ref
    ? [options.ref]
    : ['--exclude=refs/notes/*', '--exclude=refs/stash', '--exclude=refs/pull/*', '--exclude=refs/merge-requests/*', '--all']
  // Config that would change the output (signatures, colours, a log.* default) is pinned on the command line.
  return ['-c', 'log.showSignature=false', '-c', 'color.ui=never', 'log', '--no-color', '--encoding=UTF-8', `--format=${GIT_LOG_FORMAT}`, ...revisions, '--']
}

/** The environment git runs in: ours, minus variables that would point it at another repository. */
export function gitEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_COMMON_DIR', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_NAMESPACE']) {
    delete env[name]
  }
  env.GIT_TERMINAL_PROMPT = '0'
  env.LC_ALL = 'C'
  // Into a pipe, git log flushes its output after every commit unless told otherwise: a write per commit, and
  // a read per commit or two on our side (1,000,000 commits: 10.6 s against 7.7 s buffered, most of it
  // system time on both sides).
  env.GIT_FLUSH = '0'
  return env
}

/** Spawns git in `repoPath` (through `-C`). */
export function spawnGit(repoPath: string, args: string[], options: SpawnOptions = {}) {
  return spawn('git', ['-C', repoPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: gitEnv(), ...options })
}

/** Runs a short git command to the end; resolves with its exit code and output (never rejects but for a missing git). */
export function runGit(repoPath: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(repoPath, args)
    let stdout = ''
    let stderr = ''
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-8000)))
    child.once('error', (err) => reject(gitSpawnError(err)))
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }))
  })
}

function gitSpawnError(err: Error): Error {
  return (err as NodeJS.ErrnoException).code === 'ENOENT' ? new GitImportError('git is not installed (or not on the PATH); the git importer runs it') : err
}

/** The first line of git's complaint, without its "fatal: " prefix. */
function gitSays(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.trim()) ?? ''
  return line.replace(/^(fatal|error): /, '').trim()
}

/**
 * Checks that `repoPath` is a git repository (a work tree's top folder, or a bare repository or .git folder):
 * a folder inside a work tree is refused, as importing it would silently import the whole enclosing repository.
 */
export async function checkRepository(repoPath: string): Promise<void> {
  const { code, stdout, stderr } = await runGit(repoPath, ['rev-parse', '--git-dir', '--show-cdup'])
  if (code !== 0) {
    if (/cannot change to|no such file or directory/i.test(stderr)) throw new GitImportError(`${repoPath} does not exist`)
    if (/not a git repository/i.test(stderr)) throw new GitImportError(`${repoPath} is not a git repository`)
    throw new GitImportError(`${repoPath} cannot be read as a git repository: ${gitSays(stderr) || `git exited with ${code}`}`)
  }
  const cdup = stdout.split('\n')[1]?.trim()
  if (cdup) throw new GitImportError(`${repoPath} is a folder inside a git repository; pass the repository's top folder`)
}

/** Checks that `ref` names a commit in the repository. */
export async function checkRef(repoPath: string, ref: string): Promise<void> {
  if (!ref.trim() || ref.startsWith('-') || /[\x00-\x20\x7f]/.test(ref)) throw new GitImportError(`--ref "${ref}" is not a valid ref`)
  const { code } = await runGit(repoPath, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
  if (code !== 0) throw new GitImportError(`${repoPath} has no branch, tag or commit "${ref}"`)
}

function parseRecord(record: string): GitCommit | undefined {
  const f = record.split(FIELD)
  if (f.length !== 6) return undefined
  const parentIds = f[5]!
  let parents = 0
  if (parentIds.length) {
    parents = 1
    for (let i = parentIds.indexOf(' '); i !== -1; i = parentIds.indexOf(' ', i + 1)) parents++
  }
  return { sha: f[0]!, authorName: f[1]!, authorEmail: f[2]!, authorDate: fromSeconds(f[3]!), committerDate: fromSeconds(f[4]!), parents }
}

/** The instant of a date git printed as seconds since the epoch; invalid when git printed none (a broken header). */
function fromSeconds(text: string): Date {
  return new Date(text.length === 0 ? Number.NaN : Number(text) * 1000)
}

/**
 * Streams the commits of a repository, newest first (git's default order), in the chunks `git log` writes
 * them: memory stays constant whatever the size of the history. Author dates outside [since, until) are
 * skipped here (git's own --since/--until would filter by committer date). Stopping early (break, return,
 * an exception in the consumer) kills git. Throws GitImportError for a bad ref or a git failure.
 * Call `checkRepository` first for a clear message about a path that is not a repository.
 */
export async function* readGitLogBatches(repoPath: string, options: ReadGitLogOptions = {}): AsyncGenerator<GitCommit[], void, undefined> {
  const since = options.since?.getTime()
  const until = options.until?.getTime()
  const child = spawnGit(repoPath, gitLogArgs(options))
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-8000)))
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', (err) => reject(gitSpawnError(err)))
    child.once('close', (code, signal) => resolve({ code, signal }))
  })
  // Surfaced when awaited below; a spawn failure also ends stdout, so the loop does not hang.
  closed.catch(() => {})
  try {
    const decoder = new StringDecoder('utf8')
    let rest = ''
    for await (const chunk of child.stdout! as AsyncIterable<Buffer>) {
      const text = rest + decoder.write(chunk)
      const batch: GitCommit[] = []
      let start = 0
      for (let end = text.indexOf(RECORD, start); end !== -1; end = text.indexOf(RECORD, start)) {
        // Each record but the first starts with the newline that ends the previous one.
        const from = text.charCodeAt(start) === 10 ? start + 1 : start
        const commit = parseRecord(text.slice(from, end))
        if (!commit) throw new GitImportError(`${repoPath}: git log printed a record that cannot be read near "${text.slice(from, Math.min(end, from + 60))}"`)
        start = end + 1
        const at = commit.authorDate.getTime()
        // An unreadable date passes the window so that the importer rejects it visibly.
        if (since !== undefined && at < since) continue
        if (until !== undefined && at >= until) continue
        batch.push(commit)
      }
      rest = text.slice(start)
      if (batch.length) yield batch
    }
    rest += decoder.end()
    const { code, signal } = await closed
    if (code !== 0) {
      const said = gitSays(stderr)
      if (options.ref && /unknown revision|bad revision|ambiguous argument/i.test(stderr)) throw new GitImportError(`${repoPath} has no branch, tag or commit "${options.ref}"`)
      if (/not a git repository/i.test(stderr)) throw new GitImportError(`${repoPath} is not a git repository`)
      // An empty repository (no commit yet) is not an error: it has nothing to import.
      if (/does not have any commits yet/i.test(stderr)) return
      throw new GitImportError(`git log failed in ${repoPath}: ${said || (signal ? `killed by ${signal}` : `exit code ${code}`)}`)
    }
    if (rest.trim()) throw new GitImportError(`${repoPath}: the output of git log ended in the middle of a record`)
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
  }
}

/** The commits of a repository one by one (see readGitLogBatches). */
export async function* readGitLog(repoPath: string, options: ReadGitLogOptions = {}): AsyncGenerator<GitCommit, void, undefined> {
  for await (const batch of readGitLogBatches(repoPath, options)) yield* batch
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i

/**
 * Reads a --since or --until value: a bare day YYYY-MM-DD is that UTC day's start (so `--until 2023-08-01`
 * stops before August 1 and `--since 2022-08-01` starts with it), or an ISO 8601 instant with a zone.
 */
export function parseDateBound(value: string | Date, option: 'since' | 'until'): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new GitImportError(`--${option}: invalid date`)
    return value
  }
  const text = String(value).trim()
  const day = DAY.exec(text)
  let date: Date | undefined
  if (day) {
    date = new Date(`${text}T00:00:00Z`)
    // Rejects days that do not exist (2023-02-30 would otherwise roll over).
    if (!Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) !== text) date = undefined
  } else if (INSTANT.test(text)) {
    date = new Date(text)
  }
  if (!date || Number.isNaN(date.getTime())) {
    throw new GitImportError(`--${option} "${text}" is not a date: use YYYY-MM-DD (a UTC day) or an instant such as 2023-08-01T00:00:00+08:00`)
  }
  return date
}
