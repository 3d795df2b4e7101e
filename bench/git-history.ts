// The git benchmark's input: a synthetic history of n commits, written with git fast-import by the builder of
// the test fixtures, built once per size under the temporary folder and reused.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildRepository, type FixtureCommit } from '../tests/support/git-fixtures.ts'
import { log, track } from './harness.ts'
import { seededRandom } from '../src/db/seed/generate.ts'

const AUTHORS = 3000
const START = Date.UTC(2021, 0, 1) / 1000
const SPAN = 3 * 365 * 86400
/** The owner/name the synthetic history is imported as. */
export const REPO = 'bench/synthetic'
/** Bump when the synthetic history changes, so that cached repositories are rebuilt. */
const VERSION = 2
/**
 * Share of commits committed on a later day than they were written (rebased or merged later). In the ten
 * KubeSphere repositories of ../shared/data/contributions it is 7.3 % (724 of 9,935 commits, UTC days);
 * version 1 of this history authored every commit up to three days before its commit, 83 % on another day.
 */
const LATER_DAY_SHARE = 0.08

const OFFSETS = ['+0800', '+0800', '+0800', '+0000', '-0500', '+0530', '+0300', '+0200', '-0700', '+0900']
const NAMES = ['Wei Zhang', 'Ana Souza', 'Jürgen Weiß', '李雷', 'Priya Natarajan', 'Olusegun Adeyemi', 'Marie Dubois', 'Kenji Sato']

/** The authors: GitHub noreply addresses of both forms, company and personal addresses, a few bots. */
function authors(random: () => number): { name: string; email: string; tz: string }[] {
  return Array.from({ length: AUTHORS }, (_, i) => {
    const name = `${NAMES[i % NAMES.length]} ${i}`
    const tz = OFFSETS[Math.floor(random() * OFFSETS.length)]!
    const r = random()
    const email =
      r < 0.4 ? `${100000 + i}+dev${i}@users.noreply.github.com` : r < 0.5 ? `Dev${i}@users.noreply.github.com` : r < 0.95 ? `dev${i}@example${i % 50}.org` : `${200000 + i}+helper-${i}[bot]@users.noreply.github.com`
    return { name: r >= 0.95 ? `helper-${i}[bot]` : name, email, tz }
  })
}

/** `n` commits over three years in committer-date order: 20 % merges, a skewed activity per author. */
function* syntheticHistory(n: number): Generator<FixtureCommit> {
  const random = seededRandom(2023)
  const people = authors(random)
  const committer = { name: 'GitHub', email: 'noreply@github.com' }
  for (let i = 0; i < n; i++) {
    const committed = START + Math.floor((i * SPAN) / n)
    const author = people[Math.floor(AUTHORS * random() ** 2)]!
    // Most commits are committed within the hour they are written; a few one to three days later (rebases,
    // merges of older work).
    const authored = random() < LATER_DAY_SHARE ? committed - 86400 - Math.floor(random() * 2 * 86400) : committed - Math.floor(random() * 3600)
    yield {
      author: { name: author.name, email: author.email, seconds: authored, tz: author.tz },
      committer: { ...committer, seconds: committed, tz: '+0000' },
      parents: i === 0 ? 0 : random() < 0.2 ? 2 : 1,
    }
  }
}

/** The synthetic repository of `n` commits, built once under the temporary folder and reused. */
export async function syntheticRepository(n: number): Promise<string> {
  const dir = path.join(os.tmpdir(), `embassy-bench-git-v${VERSION}-${n}`)
  if (fs.existsSync(path.join(dir, '.bench-complete'))) {
    log(`git-import: reusing ${dir}`)
    return dir
  }
  const work = `${dir}.build-${process.pid}`
  fs.rmSync(work, { recursive: true, force: true })
  const release = track(async () => fs.rmSync(work, { recursive: true, force: true }))
  const started = Date.now()
  log(`git-import: building a repository of ${n.toLocaleString('en-US')} commits with git fast-import in ${work}`)
  await buildRepository(work, syntheticHistory(n), { repo: REPO, maxSideRun: 50 })
  fs.writeFileSync(path.join(work, '.bench-complete'), new Date().toISOString())
  fs.rmSync(dir, { recursive: true, force: true })
  fs.renameSync(work, dir)
  await release()
  log(`git-import: built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return dir
}
