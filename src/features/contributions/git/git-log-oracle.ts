// For the git importer's tests: the answer to "who has at least N commits in this window", computed from git
// log's own output without the importer's parser or the store's rules, as `git shortlog` would count it.
import { execFileSync } from 'node:child_process'
import type { KubesphereFixture } from '../../../../tests/support/git-fixtures.ts'
import { KNOWN_BOTS } from '../identity.ts'

const NOREPLY = /^(?:(\d+)\+)?([^@\s]+)@users\.noreply\.github\.com$/i
const fold = (name: string) => name.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/\s+/gu, ' ').trim()

/** noreply `id+login@` → github:id, `login@users.noreply…` → login:login, a valid address → email:, else the folded name. */
function identityKey(email: string, name: string): string {
  const e = email.trim()
  const noreply = NOREPLY.exec(e)
  if (noreply) return noreply[1] ? `github:${noreply[1]}` : `login:${noreply[2]!.toLowerCase()}`
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e)) return `email:${e.toLowerCase()}`
  return name.trim() ? `name:${fold(name)}` : `email:${e.toLowerCase() || 'unknown'}`
}

/** A bot: its name, the local part of its address or its noreply login ends in [bot] or -bot, or is a known bot. */
export function isBot(email: string, name: string): boolean {
  return [name, email.split('@')[0], NOREPLY.exec(email.trim())?.[2]]
    .filter((x): x is string => Boolean(x))
    .map((x) => x.trim().toLowerCase())
    .some((n) => n.endsWith('[bot]') || n.endsWith('-bot') || KNOWN_BOTS.includes(n) || KNOWN_BOTS.includes(n.replace(/\[bot\]$/, '')))
}

/**
 * Per identity key with at least `min` commits: commits in [since, until) (UTC days 'YYYY-MM-DD' of the author
 * date, or of the commit date) of non-bot authors, from `git log --all` of each repository.
 */
export function expectedCounts(
  repos: KubesphereFixture[],
  window: { since: string; until: string },
  min: number,
  withMerges: boolean,
  basis: 'author' | 'commit' = 'author',
): Map<string, number> {
  const counts = new Map<string, number>()
  for (const r of repos) {
    const format = `--format=${basis === 'author' ? '%aI' : '%cI'}%x09%aE%x09%aN`
    const out = execFileSync('git', ['-C', r.path, 'log', '--all', ...(withMerges ? [] : ['--no-merges']), format], { encoding: 'utf8', maxBuffer: 64 << 20 })
    for (const line of out.split('\n')) {
      if (!line) continue
      const [date, email, name] = line.split('\t') as [string, string, string]
      const day = new Date(date).toISOString().slice(0, 10)
      if (day < window.since || day >= window.until || isBot(email, name)) continue
      const key = identityKey(email, name)
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
  }
  return new Map([...counts].filter(([, n]) => n >= min))
}
