import type { AppDeps } from '../../../deps.ts'
import type { CommandIO } from '../../../commands/command.ts'
import { ingestContributions, type ContributionRecord } from '../store.ts'
import { noCounts, progressReporter, startImportRun, type ImportCounts } from '../import-run.ts'
import type { ContributionKind } from '../schema.ts'
import { GitHubError, githubClientFromConfig, type GitHubClient, type GitHubClientStats, type RateLimitWait } from './client.ts'
import { importTarget, type GithubImportRequest } from './options.ts'
import { commitRecord, issueRecord, parseDate, pullRecords, reviewRecord, windowOf, type ApiCommit, type ApiIssue, type ApiPull, type ApiRepository, type ApiReview, type Mapped, type Window } from './records.ts'

/** Options of an import beyond what it reads. */
export interface GithubImportOptions extends GithubImportRequest {
  /** The client to read with; default: one on GITHUB_API_URL and GITHUB_TOKEN, with its own ETag cache. */
  client?: GitHubClient
  /** More bot names or logins than the built-in list. */
  extraBots?: string[]
  /** Contributions stored per transaction (default 500). */
  batchSize?: number
}

/** What the import did for one repository. */
export interface RepositorySummary {
  repository: string
  /** 'done-before': an interrupted run of the same import had finished it already. */
  status: 'imported' | 'done-before' | 'failed'
  counts: ImportCounts
  /** Contributions read per kind. */
  kinds: Partial<Record<ContributionKind, number>>
  error?: string
}

/** What an import did. */
export interface GithubImportResult {
  runId: string
  target: string
  counts: ImportCounts
  repositories: RepositorySummary[]
  /** Forks of the organisation, not read (their commits are their upstream's). */
  skippedForks: string[]
  /** Every error, one per line; undefined when everything was read. */
  error?: string
  requests: GitHubClientStats
}

/** The resources read per repository, in this order. */
const resources = ['commits', 'pulls', 'issues'] as const
type Resource = (typeof resources)[number]
/**
 * What a run records to be run again (`embassy evaluate --reimport`): the request and the API root it read
 * from, never the token (a re-run takes the token from the configuration, as `embassy import github` does).
 */
export interface RecordedGithubRequest extends GithubImportRequest {
  apiUrl: string
}
/**
 * Per repository: 'done', or per resource the URL of the next page to read, or true once read; and the request
 * (runs recorded before it was kept have none: they cannot be run again without being asked anew).
 */
type Cursor = { repos: Record<string, 'done' | Partial<Record<Resource, string | true>>>; request?: RecordedGithubRequest }

const PER_PAGE = 100
const query = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined).map(([k, v]) => [k, String(v)])).toString()
/** 2023-01-01T00:00:00Z, the form GitHub documents for its date parameters. */
const iso = (d: Date | undefined) => d?.toISOString().replace(/\.\d{3}Z$/, 'Z')
const repoPath = (repository: string) => repository.split('/').map(encodeURIComponent).join('/')

/** "waiting 2 s", "waiting 14 min". */
function describeWait(w: RateLimitWait): string {
  const span = w.seconds < 120 ? `${w.seconds} s` : `${Math.ceil(w.seconds / 60)} min`
  return w.kind === 'primary'
    ? `GitHub's rate limit is used up: waiting ${span} for it to reset, then retrying (${w.request}, retry ${w.attempt})`
    : `GitHub's secondary rate limit: waiting ${span} as asked, then retrying (${w.request}, retry ${w.attempt})`
}

/**
 * Imports an organisation's repositories (forks skipped) or a list of repositories from the GitHub API over
 * [since, until): commits, pull requests opened and merged, issues opened, and reviews, stored with source
 * 'github' in batches. Idempotent through the natural keys (commit sha, PR and issue number, review id),
 * and resumable: the run's cursor records, per repository and resource, the next page to read, so a run
 * killed half-way continues where it stopped. Never throws for GitHub's answers: errors are in the result.
 *
 * Which entries count: commits as GitHub lists them for the window (default branch, at their author date);
 * PRs created in the window (listing newest first, stopping at the first older than `since`) with their
 * merges and reviews in the window; issues created in the window; and, from the issues listing (which
 * includes PRs updated since `since`), the merges and reviews in the window of PRs created before it.
 */
export async function importGithub(deps: AppDeps, options: GithubImportOptions, io: CommandIO): Promise<GithubImportResult> {
  const client = options.client ?? githubClientFromConfig(deps.config, { log: (level, m) => (level === 'warn' ? deps.logger.warn(m) : deps.logger.debug(m)) })
  const window = windowOf(options.since, options.until)
  const target = importTarget(options)
  const batchSize = options.batchSize ?? 500
  const run = await startImportRun(deps.db, 'github', target)
  const request: RecordedGithubRequest = {
    ...(options.org ? { org: options.org } : { repos: [...(options.repos ?? [])] }),
    ...(options.since ? { since: options.since } : {}),
    ...(options.until ? { until: options.until } : {}),
    apiUrl: client.apiUrl,
  }
  const cursor: Cursor = { repos: { ...((run.resumeFrom as Partial<Cursor>).repos ?? {}) }, request }
  const total = noCounts()
  const repositories: RepositorySummary[] = []
  const skippedForks: string[] = []
  const errors: string[] = []

  const previousOnWait = client.onWait
  client.onWait = (w) => {
    previousOnWait?.(w)
    io.err(describeWait(w))
  }

  try {
    // Recorded at once, so that a run that fails before its first page can still be run again.
    await run.saveCursor(cursor, total)
    let names: string[]
    try {
      names = options.org ? await listOrganisation(client, options.org, skippedForks) : await resolveRepositories(client, options.repos ?? [])
    } catch (err) {
      if (!(err instanceof GitHubError)) throw err
      errors.push(err.message)
      names = []
    }

    for (const repository of names) {
      const state = cursor.repos[repository]
      if (state === 'done') {
        repositories.push({ repository, status: 'done-before', counts: noCounts(), kinds: {} })
        continue
      }
      const summary: RepositorySummary = { repository, status: 'imported', counts: noCounts(), kinds: {} }
      repositories.push(summary)
      const progress = progressReporter(io, `github ${repository}`)
      const repoCursor: Partial<Record<Resource, string | true>> = typeof state === 'object' && state !== null ? { ...state } : {}
      cursor.repos[repository] = repoCursor
      const ingest = async (mapped: Mapped[]) => {
        const records: ContributionRecord[] = []
        for (const m of mapped) {
          if ('record' in m) {
            records.push(m.record)
            summary.kinds[m.record.kind] = (summary.kinds[m.record.kind] ?? 0) + 1
          } else if ('rejected' in m) {
            deps.logger.debug({ repository, reason: m.rejected }, 'github import: entry rejected')
            for (const c of [summary.counts, total]) {
              c.read++
              c.rejected++
            }
          }
        }
        for (let i = 0; i < records.length; i += batchSize) {
          const batch = records.slice(i, i + batchSize)
          const r = await ingestContributions(deps.db, batch, { extraBots: options.extraBots })
          for (const c of [summary.counts, total]) {
            c.read += batch.length
            c.imported += r.inserted
            c.duplicates += r.duplicates
            c.bots += r.bots
          }
        }
        progress(summary.counts)
      }
      try {
        for (const resource of resources) {
          if (repoCursor[resource] === true) continue
          const saved = repoCursor[resource]
          // A cursor saved against another API root (GITHUB_API_URL changed) starts the resource again.
          let url: string | undefined = typeof saved === 'string' && saved.startsWith(`${client.apiUrl}/`) ? saved : firstPage(resource, repository, window)
          while (url) {
            const next = await readPage(client, resource, repository, url, window, ingest)
            repoCursor[resource] = next ?? true
            await run.saveCursor(cursor, total)
            url = next
          }
        }
        cursor.repos[repository] = 'done'
        await run.saveCursor(cursor, total)
        progress(summary.counts, true)
      } catch (err) {
        if (!(err instanceof GitHubError)) throw err
        summary.status = 'failed'
        summary.error = err.message
        errors.push(err.message)
        if (err.fatal) break
      }
    }
  } catch (err) {
    await run.finish(total, (err as Error).message ?? String(err))
    throw err
  } finally {
    client.onWait = previousOnWait
  }
  const error = errors.length ? errors.join('\n') : undefined
  await run.finish(total, error)
  return { runId: run.id, target, counts: total, repositories, skippedForks, ...(error ? { error } : {}), requests: { ...client.stats } }
}

/** The repositories of an organisation (or, when no organisation has the name, of a user), forks aside. */
async function listOrganisation(client: GitHubClient, org: string, skippedForks: string[]): Promise<string[]> {
  const names: string[] = []
  let url: string | undefined = `/orgs/${encodeURIComponent(org)}/repos?${query({ type: 'all', sort: 'full_name', per_page: PER_PAGE })}`
  let subject = `organisation ${org}`
  while (url) {
    let page
    try {
      page = await client.getPage<ApiRepository[]>(url, subject)
    } catch (err) {
      // Not an organisation: perhaps a user account.
      if (err instanceof GitHubError && err.status === 404 && subject.startsWith('organisation') && names.length === 0) {
        try {
          url = `/users/${encodeURIComponent(org)}/repos?${query({ type: 'owner', sort: 'full_name', per_page: PER_PAGE })}`
          subject = `account ${org}`
          page = await client.getPage<ApiRepository[]>(url, subject)
        } catch (inner) {
          if (inner instanceof GitHubError && inner.status === 404) throw err
          throw inner
        }
      } else throw err
    }
    for (const r of page.data) (r.fork ? skippedForks : names).push(r.full_name)
    url = page.next
  }
  return names
}

/**
 * Each listed repository as GitHub names it (its case, and its new name after a rename). All are checked
 * before anything is imported: one that is missing or refused fails the import, naming every such one.
 */
async function resolveRepositories(client: GitHubClient, repos: string[]): Promise<string[]> {
  const names: string[] = []
  const problems: GitHubError[] = []
  for (const r of repos) {
    try {
      const { data } = await client.getPage<ApiRepository>(`/repos/${repoPath(r)}`, `repository ${r}`)
      if (!names.includes(data.full_name)) names.push(data.full_name)
    } catch (err) {
      if (!(err instanceof GitHubError) || err.fatal) throw err
      problems.push(err)
    }
  }
  if (problems.length === 1) throw problems[0]!
  if (problems.length) throw new GitHubError(problems.map((p) => p.message).join('\n'), problems[0]!.status, false)
  return names
}

/** The first page of a resource of a repository, for the window. */
function firstPage(resource: Resource, repository: string, w: Window): string {
  const base = `/repos/${repoPath(repository)}`
  switch (resource) {
    case 'commits':
      return `${base}/commits?${query({ per_page: PER_PAGE, since: iso(w.since), until: iso(w.until) })}`
    case 'pulls':
      return `${base}/pulls?${query({ state: 'all', sort: 'created', direction: 'desc', per_page: PER_PAGE })}`
    case 'issues':
      return `${base}/issues?${query({ state: 'all', sort: 'created', direction: 'desc', per_page: PER_PAGE, since: iso(w.since) })}`
  }
}

/** Reads one page of a resource, stores what it yields, and returns the next page to read (none: the resource is done). */
async function readPage(client: GitHubClient, resource: Resource, repository: string, url: string, w: Window, ingest: (m: Mapped[]) => Promise<void>): Promise<string | undefined> {
  const subject = `repository ${repository}`
  if (resource === 'commits') {
    let page
    try {
      page = await client.getPage<ApiCommit[]>(url, subject)
    } catch (err) {
      if (err instanceof GitHubError && err.status === 409) return undefined // an empty repository
      throw err
    }
    await ingest(page.data.map((c) => commitRecord(repository, c)))
    return page.next
  }

  if (resource === 'pulls') {
    const page = await client.getPage<ApiPull[]>(url, subject)
    const mapped: Mapped[] = []
    let older = false
    for (const p of page.data) {
      const created = parseDate(p.created_at)
      // Newest first: past the window's start, the rest is older still (their merges and reviews come from the issues listing).
      if (created && w.since && created < w.since) {
        older = true
        continue
      }
      if (created && w.until && created >= w.until) continue
      const records = pullRecords(repository, p, w, { opened: true })
      mapped.push(...records)
      if (records.some((m) => 'record' in m)) mapped.push(...(await reviews(client, repository, p, w)))
    }
    await ingest(mapped)
    return older ? undefined : page.next
  }

  let page
  try {
    page = await client.getPage<ApiIssue[]>(url, subject)
  } catch (err) {
    if (err instanceof GitHubError && err.status === 410) return undefined // issues are disabled for this repository
    throw err
  }
  const mapped: Mapped[] = []
  for (const i of page.data) {
    if (!i.pull_request) {
      mapped.push(issueRecord(repository, i, w))
      continue
    }
    // A pull request: those created in the window were read from the pulls listing. An older one listed here
    // was updated since the window's start, so it may have been merged or reviewed in the window.
    const created = parseDate(i.created_at)
    if (!w.since || !created || created >= w.since) continue
    let mergedAt = i.pull_request.merged_at
    if (mergedAt === undefined && i.state === 'closed') {
      // GitHub Enterprise versions without merged_at in the issues listing: ask the pull request.
      mergedAt = (await client.getPage<ApiPull>(`/repos/${repoPath(repository)}/pulls/${i.number}`, subject)).data.merged_at
    }
    const pull = { number: i.number, title: i.title, html_url: i.pull_request.html_url ?? i.html_url, user: i.user, created_at: i.created_at, merged_at: mergedAt ?? null }
    mapped.push(...pullRecords(repository, pull, w, { opened: false }))
    mapped.push(...(await reviews(client, repository, pull, w)))
  }
  await ingest(mapped)
  return page.next
}

/** The reviews of a pull request submitted in the window (all pages). */
async function reviews(client: GitHubClient, repository: string, p: { number: number; title?: string; user: ApiPull['user'] }, w: Window): Promise<Mapped[]> {
  const out: Mapped[] = []
  let url: string | undefined = `/repos/${repoPath(repository)}/pulls/${p.number}/reviews?${query({ per_page: PER_PAGE })}`
  while (url) {
    const page: { data: ApiReview[]; next: string | undefined } = await client.getPage<ApiReview[]>(url, `repository ${repository}`)
    for (const r of page.data) out.push(reviewRecord(repository, { number: p.number, title: p.title, authorId: p.user?.id }, r, w))
    url = page.next
  }
  return out
}
