// Real git repositories for the git importer's tests and benchmark, built with `git fast-import`: empty trees,
// the authors, committers and dates of the data (with their original UTC offsets), and a parent structure
// with the same merge / non-merge split as the data.
import { execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'

/** The shared commit metadata of ten KubeSphere repositories (see its README). */
export const CONTRIBUTIONS_DATA = path.resolve('../shared/data/contributions')

/** A person and an instant as git stores them: seconds since the epoch and the UTC offset as "+hhmm". */
export interface GitSignature {
  name: string
  email: string
  seconds: number
  tz: string
}

/** One commit to write; `parents` is a count (the data has no parent ids), 0 = a root. */
export interface FixtureCommit {
  author: GitSignature
  committer: GitSignature
  parents: number
  message?: string
}

/** One line of the shared data. */
export interface CommitDataLine {
  repo: string
  sha: string
  author_name: string
  author_email: string
  author_date: string
  committer_name: string
  committer_email: string
  committer_date: string
  parents_count: number
}

/** "2023-07-18T17:21:06+08:00" → seconds and "+0800", the form fast-import takes. */
export function signatureDate(iso: string): { seconds: number; tz: string } {
  const m = /(Z|([+-])(\d{2}):?(\d{2}))$/.exec(iso)
  const ms = Date.parse(iso)
  if (!m || Number.isNaN(ms)) throw new Error(`not an ISO 8601 date with a UTC offset: ${iso}`)
  return { seconds: Math.floor(ms / 1000), tz: m[1] === 'Z' ? '+0000' : `${m[2]}${m[3]}${m[4]}` }
}

/** A commit written and committed by the same person at the same instant (ISO 8601 with its offset). */
export function simpleCommit(name: string, email: string, iso: string, parents = 1): FixtureCommit {
  return { author: { name, email, ...signatureDate(iso) }, committer: { name, email, ...signatureDate(iso) }, parents }
}

/** The commits of one data file, oldest first. */
export function readCommitData(file: string): CommitDataLine[] {
  return gunzipSync(fs.readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CommitDataLine)
}

/** The data's commits as fixture commits, in committer-date order (ties: the data's order, oldest first). */
export function fixtureCommits(lines: CommitDataLine[]): FixtureCommit[] {
  return lines
    .map((l, i) => ({ l, i, at: Date.parse(l.committer_date) }))
    .sort((a, b) => a.at - b.at || b.i - a.i)
    .map(({ l }) => ({
      author: { name: l.author_name, email: l.author_email, ...signatureDate(l.author_date) },
      committer: { name: l.committer_name, email: l.committer_email, ...signatureDate(l.committer_date) },
      parents: l.parents_count,
      message: `original ${l.sha}`,
    }))
}

function ident(s: GitSignature): string {
  // fast-import refuses "<", ">" and newlines in a name, and "<", ">" in an email.
  const name = s.name.replace(/[<>\n]/g, '').trim()
  const email = s.email.replace(/[<>\n]/g, '').trim()
  return `${name ? `${name} ` : ''}<${email}> ${s.seconds} ${s.tz}`
}

/**
 * The fast-import stream of a history, written in order. Parents are laid out like a project that merges
 * pull requests: the non-merge commits since the previous merge form a side branch forked from the main line,
 * and a merge commit (parents ≥ 2) joins it (with more side branches for an octopus). Two merges in a row
 * merge an already merged side branch again; a run of non-merge commits longer than `maxSideRun` (or not
 * followed by a merge) goes straight on the main line. A root (parents 0) after the first commit starts an
 * orphan branch. A merge that comes before there are commits to merge waits for the next non-merge commits.
 * `git log --merges` therefore lists exactly the commits with parents ≥ 2.
 */
export function* fastImportStream(commits: Iterable<FixtureCommit>, options: { branch?: string; maxSideRun?: number } = {}): Generator<string> {
  const main = `refs/heads/${options.branch ?? 'main'}`
  const maxSideRun = options.maxSideRun ?? Number.POSITIVE_INFINITY
  let mark = 0
  let mainTip = 0
  let mainFirst = 0
  let lastSide = 0
  let orphans = 0
  let sides = 0
  let run: FixtureCommit[] = []

  function* write(ref: string, c: FixtureCommit, from: number, merges: number[]): Generator<string, number> {
    const msg = Buffer.from(c.message ?? '', 'utf8')
    mark++
    yield `commit ${ref}\nmark :${mark}\nauthor ${ident(c.author)}\ncommitter ${ident(c.committer)}\ndata ${msg.length}\n${msg.toString('utf8')}\n${from ? `from :${from}\n` : ''}${merges.map((m) => `merge :${m}\n`).join('')}\n`
    return mark
  }
  function* toMain(c: FixtureCommit): Generator<string> {
    mainTip = yield* write(main, c, mainTip, [])
    mainFirst ||= mainTip
  }
  function* flushRun(): Generator<string> {
    for (const c of run) yield* toMain(c)
    run = []
  }

  /** How many parents a merge could get now: a side branch per pending commit, plus earlier commits to merge again. */
  function available(wanted: number): number {
    const runLeft = mainTip ? run.length : run.length - 1
    if (runLeft < 0) return 0
    const tip = mainTip || -1
    const again = [lastSide, mainFirst].filter((m, i, all) => m && m !== tip && all.indexOf(m) === i).length
    return Math.min(runLeft, wanted) + again
  }
  function* merge(c: FixtureCommit): Generator<string> {
    if (!mainTip) yield* toMain(run.shift()!)
    // The side branches: the run of non-merge commits (split across branches for an octopus), or what was merged before.
    const wanted = c.parents - 1
    const seconds: number[] = []
    const perBranch = Math.ceil(run.length / wanted)
    for (let b = 0; b < wanted && b * perBranch < run.length; b++) {
      const ref = `refs/heads/side-${(sides++ % 4) + 1}`
      let tip = mainTip
      for (const s of run.slice(b * perBranch, (b + 1) * perBranch)) tip = yield* write(ref, s, tip, [])
      seconds.push(tip)
    }
    run = []
    for (const again of [lastSide, mainFirst]) {
      if (seconds.length < wanted && again && again !== mainTip && !seconds.includes(again)) seconds.push(again)
    }
    lastSide = seconds[0]!
    mainTip = yield* write(main, c, mainTip, seconds)
  }
  // A merge that comes before there is anything to merge (the data starts mid-history) waits for the next commits.
  const waiting: FixtureCommit[] = []
  function* placeWaiting(): Generator<string> {
    while (waiting.length && available(waiting[0]!.parents - 1) >= waiting[0]!.parents - 1) yield* merge(waiting.shift()!)
  }

  for (const c of commits) {
    if (c.parents === 0) {
      yield* flushRun()
      if (!mainTip) yield* toMain(c)
      else yield* write(`refs/heads/orphan-${++orphans}`, c, 0, [])
    } else if (c.parents === 1) {
      run.push(c)
      if (waiting.length) yield* placeWaiting()
      else if (run.length > maxSideRun) yield* flushRun()
    } else if (waiting.length || available(c.parents - 1) < c.parents - 1) {
      waiting.push(c)
    } else {
      yield* merge(c)
    }
  }
  if (waiting.length) throw new Error(`${waiting.length} merge commit(s) could not be given distinct parents: too few commits before them`)
  yield* flushRun()
  yield 'done\n'
}

/** Feeds a fast-import stream to git with back-pressure, in chunks of about 256 KB. */
async function runFastImport(dir: string, stream: Iterable<string>): Promise<void> {
  const child = spawn('git', ['-C', dir, 'fast-import', '--quiet', '--done'], { stdio: ['pipe', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d))
  const closed = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  const stdin = child.stdin!
  let broken: Error | undefined
  stdin.on('error', (err) => (broken = err))
  let buffer = ''
  const flush = async () => {
    if (broken) throw new Error(`git fast-import stopped: ${stderr || broken.message}`)
    if (!stdin.write(buffer)) await new Promise<void>((resolve) => stdin.once('drain', resolve))
    buffer = ''
  }
  for (const piece of stream) {
    buffer += piece
    if (buffer.length > 256 * 1024) await flush()
  }
  await flush()
  stdin.end()
  const code = await closed
  if (code !== 0) throw new Error(`git fast-import failed (${code}): ${stderr}`)
}

/** What a fixture repository is built with. */
export interface BuildOptions {
  /** owner/name: origin is https://github.com/<repo>.git. */
  repo?: string
  branch?: string
  maxSideRun?: number
  /** Written as the work tree's .mailmap (git log's %aN and %aE read it). */
  mailmap?: string
}

/** Builds a repository in `dir` (created; must not exist or be empty) from commits in committer-date order. */
export async function buildRepository(dir: string, commits: Iterable<FixtureCommit>, options: BuildOptions = {}): Promise<void> {
  fs.mkdirSync(dir, { recursive: true })
  const branch = options.branch ?? 'main'
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  git('init', '--quiet', `--initial-branch=${branch}`)
  // No signing, hooks or user config of the machine in the way.
  git('config', 'commit.gpgsign', 'false')
  if (options.repo) git('remote', 'add', 'origin', `https://github.com/${options.repo}.git`)
  await runFastImport(dir, fastImportStream(commits, { branch, maxSideRun: options.maxSideRun }))
  if (options.mailmap !== undefined) fs.writeFileSync(path.join(dir, '.mailmap'), options.mailmap)
}

/** A rebuilt KubeSphere repository. */
export interface KubesphereFixture {
  repo: string
  path: string
  /** Commits in the data file (= commits in the repository). */
  commits: number
  merges: number
}

/** Bump when the way repositories are built changes, so that cached copies are rebuilt. */
const FIXTURE_VERSION = 1
let built: Promise<KubesphereFixture[]> | undefined

/**
 * The ten KubeSphere repositories rebuilt from the shared data, cached in the temporary folder under a hash
 * of the data and of this builder's version (built once, then reused by every test file and run; a build is
 * written aside and renamed into place, so concurrent test workers never see half a repository).
 */
export function kubesphereRepositories(): Promise<KubesphereFixture[]> {
  built ??= (async () => {
    const files = fs
      .readdirSync(CONTRIBUTIONS_DATA)
      .filter((f) => f.endsWith('.commits.jsonl.gz'))
      .sort()
    if (files.length === 0) throw new Error(`no *.commits.jsonl.gz under ${CONTRIBUTIONS_DATA}`)
    const hash = createHash('sha256').update(`v${FIXTURE_VERSION}`)
    for (const f of files) hash.update(f).update(fs.readFileSync(path.join(CONTRIBUTIONS_DATA, f)))
    const root = path.join(os.tmpdir(), `embassy-git-fixtures-${hash.digest('hex').slice(0, 16)}`)
    const fixtures = files.map((f) => {
      const lines = readCommitData(path.join(CONTRIBUTIONS_DATA, f))
      const repo = lines[0]!.repo
      return { repo, path: path.join(root, repo.replace('/', '__')), commits: lines.length, merges: lines.filter((l) => l.parents_count >= 2).length, lines }
    })
    if (!fs.existsSync(path.join(root, 'complete'))) {
      const work = `${root}.build-${process.pid}-${Date.now()}`
      try {
        for (const f of fixtures) await buildRepository(path.join(work, f.repo.replace('/', '__')), fixtureCommits(f.lines), { repo: f.repo })
        fs.writeFileSync(path.join(work, 'complete'), new Date().toISOString())
        fs.renameSync(work, root)
      } catch (err) {
        fs.rmSync(work, { recursive: true, force: true })
        // Another worker finished first: use its copy.
        if (!fs.existsSync(path.join(root, 'complete'))) throw err
      }
    }
    return fixtures.map(({ lines: _lines, ...f }) => f)
  })()
  return built
}

/** Runs git in a repository and returns its standard output (for tests that read git directly). */
export function gitOutput(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
}
