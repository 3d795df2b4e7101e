// For the roll-up tests: a small history whose days sit on both sides of every month's edges.
import type { ContributionRecord } from './store.ts'

/** Commits of three authors on days around month ends, some merges, some committed a day or two later. */
export function history(): ContributionRecord[] {
  const authors = [
    { name: 'Ada', email: 'ada@example.org' },
    { name: 'Bo', email: '2002+bo@users.noreply.github.com' },
    { name: 'Cy', email: 'cy@example.org' },
  ]
  const records: ContributionRecord[] = []
  let n = 0
  // Every 37 hours from mid-2022 to early 2024: every month has days on both sides of its edges.
  for (let t = Date.UTC(2022, 5, 20, 23, 30); t < Date.UTC(2024, 1, 10); t += 37 * 3600_000) {
    n++
    records.push({
      kind: 'commit',
      source: 'git',
      repository: n % 5 === 0 ? 'kubesphere/website' : 'kubesphere/console',
      externalId: `sha${n}`,
      occurredAt: new Date(t),
      committedAt: n % 3 === 0 ? new Date(t + (n % 2 ? 1 : 2) * 86_400_000) : null,
      isMerge: n % 7 === 0,
      author: authors[n % 3]!,
    })
  }
  return records
}
