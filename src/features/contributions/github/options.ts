/** What `embassy import github` reads: an organisation or repositories, over [since, until). */
export interface GithubImportRequest {
  /** A GitHub organisation (or user) whose repositories are read; forks are skipped. */
  org?: string
  /** owner/name of each repository read. */
  repos?: string[]
  /** First UTC day read, 'YYYY-MM-DD'; unset: from the beginning. */
  since?: string
  /** First UTC day not read (exclusive), 'YYYY-MM-DD'; unset: up to now. */
  until?: string
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/
const REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** Whether a string is a real calendar day written YYYY-MM-DD. */
export function isDay(value: string): boolean {
  const m = DAY.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === value
}

/**
 * Validates the options of `import github` (as the CLI or the control socket pass them): either --org or
 * --repos, repository names owner/name, days YYYY-MM-DD with since before until. Returns every problem at once.
 */
export function parseGithubImportOptions(options: Record<string, unknown>): { ok: true; value: GithubImportRequest } | { ok: false; problems: string[] } {
  const problems: string[] = []
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : undefined)
  const org = text(options.org) || undefined
  const rawRepos = Array.isArray(options.repos) ? options.repos.map(String).join(',') : text(options.repos)
  const repos = rawRepos === undefined ? undefined : [...new Set(rawRepos.split(',').map((r) => r.trim()).filter(Boolean))]
  if (org && repos) problems.push('give either --org or --repos, not both')
  else if (!org && !repos) problems.push('give --org ORG (every repository of an organisation) or --repos owner/name,… (a list of repositories)')
  if (org && !OWNER.test(org)) problems.push(`--org "${org}" is not a GitHub organisation name (letters, digits and hyphens, up to 39 characters)`)
  if (repos) {
    if (repos.length === 0) problems.push('--repos lists no repository; write owner/name,owner/name')
    const bad = repos.filter((r) => !REPO.test(r) || r.endsWith('/.') || r.endsWith('/..'))
    if (bad.length) problems.push(`--repos: ${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not owner/name (e.g. kubesphere/console)`)
  }
  const since = text(options.since) || undefined
  const until = text(options.until) || undefined
  if (since !== undefined && !isDay(since)) problems.push(`--since "${since}" is not a day written YYYY-MM-DD`)
  if (until !== undefined && !isDay(until)) problems.push(`--until "${until}" is not a day written YYYY-MM-DD`)
  if (since && until && isDay(since) && isDay(until) && since >= until) problems.push(`--since ${since} must come before --until ${until} (the window is [since, until))`)
  if (problems.length) return { ok: false, problems }
  return { ok: true, value: { ...(org ? { org } : {}), ...(repos ? { repos } : {}), ...(since ? { since } : {}), ...(until ? { until } : {}) } }
}

/** The import-run target of a request: runs of the same target and window resume one another. */
export function importTarget(r: GithubImportRequest): string {
  const what = r.org ? `org:${r.org.toLowerCase()}` : `repos:${[...(r.repos ?? [])].map((x) => x.toLowerCase()).sort().join(',')}`
  return `${what} since:${r.since ?? '-'} until:${r.until ?? '-'}`
}
