import { describeCounts } from '../features/contributions/import-run.ts'
import { importGithub, type GithubImportOptions, type RepositorySummary } from '../features/contributions/github/import-github.ts'
import { parseGithubImportOptions } from '../features/contributions/github/options.ts'
import type { DbCommand } from './command.ts'

const kindLabels: [keyof RepositorySummary['kinds'], string, string][] = [
  ['commit', 'commit', 'commits'],
  ['pr_opened', 'PR opened', 'PRs opened'],
  ['pr_merged', 'PR merged', 'PRs merged'],
  ['issue_opened', 'issue', 'issues'],
  ['review', 'review', 'reviews'],
]

/** "12 commits, 3 PRs opened, 1 PR merged, 0 issues, 4 reviews". */
function describeKinds(kinds: RepositorySummary['kinds']): string {
  return kindLabels.map(([k, one, many]) => `${(kinds[k] ?? 0).toLocaleString('en-US')} ${kinds[k] === 1 ? one : many}`).join(', ')
}

/**
 * `embassy import github (--org ORG | --repos owner/name,…) [--since day] [--until day]`: imports commits,
 * pull requests, issues and reviews from the GitHub API (GITHUB_API_URL, GITHUB_TOKEN), one line per
 * repository. Bad options exit 2; a repository GitHub refused or could not serve exits 1 after the others
 * were imported (running it again resumes where it stopped).
 */
export const importGithubCommand: DbCommand = {
  name: 'import-github',
  async run(deps, options, io) {
    const parsed = parseGithubImportOptions(options)
    if (!parsed.ok) {
      for (const p of parsed.problems) io.err(`import github: ${p}`)
      return 2
    }
    if (!deps.config.githubToken) {
      io.err('import github: warning: GITHUB_TOKEN is not set; GitHub allows only 60 unauthenticated requests an hour (enough for a small repository; pull requests and reviews are then read over REST, a request per pull request, since the GraphQL API needs a token), and no private repositories. Proceeding.')
    }
    const request: GithubImportOptions = parsed.value
    const result = await importGithub(deps, request, io)
    io.progress?.('') // clears the progress line of a terminal before the result lines

    for (const r of result.repositories) {
      if (r.status === 'done-before') io.out(`${r.repository}: already imported by the interrupted run this one resumes`)
      else if (r.status === 'failed') io.out(`${r.repository}: failed after ${describeCounts(r.counts)}`)
      else io.out(`${r.repository}: ${describeKinds(r.kinds)}; ${describeCounts(r.counts)}`)
    }
    if (result.skippedForks.length) io.out(`skipped ${result.skippedForks.length} fork${result.skippedForks.length === 1 ? '' : 's'}: ${result.skippedForks.join(', ')}`)
    const s = result.requests
    const quota = s.rateLimitRemaining !== undefined ? `; ${s.rateLimitRemaining.toLocaleString('en-US')} requests of the rate limit left` : ''
    const waits = s.rateLimitWaits ? `; waited ${s.rateLimitWaits} time${s.rateLimitWaits === 1 ? '' : 's'} for a rate limit` : ''
    io.out(
      `total over ${result.repositories.length} repositor${result.repositories.length === 1 ? 'y' : 'ies'}: ${describeCounts(result.counts)} (${s.requests.toLocaleString('en-US')} API requests, ${s.notModified.toLocaleString('en-US')} answered 304 Not Modified${waits}${quota})`,
    )
    if (result.error) {
      for (const line of result.error.split('\n')) io.err(`import github: ${line}`)
      return 1
    }
    return 0
  },
}
