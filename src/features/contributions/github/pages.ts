// What the GitHub importer reads from the API: an organisation's repositories, the listed ones checked, and the
// pages of a repository's commits and issues (REST) and pull requests with their reviews (pulls.ts: GraphQL
// with a token) over a window, mapped to records.
import { PER_PAGE, repoPath, type GitHubClient } from './client.ts'
import { GitHubError } from './errors.ts'
import { firstPullsPage, pullsByNumber, pullsPage, type PullRequest } from './pulls.ts'
import { commitRecord, issueRecord, parseDate, pullRecords, reviewRecord, type ApiCommit, type ApiIssue, type ApiRepository, type Mapped, type Window } from './records.ts'

/** What is read of each repository, in this order; a run's cursor records the next page of each. */
export const resources = ['commits', 'pulls', 'issues'] as const
/** One of resources. */
export type Resource = (typeof resources)[number]

const query = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined).map(([k, v]) => [k, String(v)])).toString()
/** 2023-01-01T00:00:00Z, the form GitHub documents for its date parameters. */
const iso = (d: Date | undefined) => d?.toISOString().replace(/\.\d{3}Z$/, 'Z')

/** The repositories of an organisation (or, when no organisation has the name, of a user), forks aside. */
export async function listOrganisation(client: GitHubClient, org: string, skippedForks: string[]): Promise<string[]> {
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
export async function resolveRepositories(client: GitHubClient, repos: string[]): Promise<string[]> {
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
export function firstPage(client: GitHubClient, resource: Resource, repository: string, w: Window): string {
  const base = `/repos/${repoPath(repository)}`
  switch (resource) {
    case 'commits':
      return `${base}/commits?${query({ per_page: PER_PAGE, since: iso(w.since), until: iso(w.until) })}`
    case 'pulls':
      return firstPullsPage(client, repository)
    case 'issues':
      return `${base}/issues?${query({ state: 'all', sort: 'created', direction: 'desc', per_page: PER_PAGE, since: iso(w.since) })}`
  }
}

/**
 * Reads one page of a resource, stores what it yields (`ingest` is told the next page, so the cursor past the
 * page commits with it), and returns the next page to read (none: the resource is done).
 */
export async function readPage(
  client: GitHubClient,
  resource: Resource,
  repository: string,
  url: string,
  w: Window,
  ingest: (m: Mapped[], next: string | undefined) => Promise<void>,
): Promise<string | undefined> {
  const subject = `repository ${repository}`
  if (resource === 'commits') {
    let page
    try {
      page = await client.getPage<ApiCommit[]>(url, subject)
    } catch (err) {
      if (err instanceof GitHubError && err.status === 409) return undefined // an empty repository
      throw err
    }
    await ingest(
      page.data.map((c) => commitRecord(repository, c)),
      page.next,
    )
    return page.next
  }

  if (resource === 'pulls') {
    const page = await pullsPage(client, repository, url)
    const mapped: Mapped[] = []
    let older = false
    for (const p of page.pulls) {
      const created = parseDate(p.created_at)
      // Newest first: past the window's start, the rest is older still (their merges and reviews come from the issues listing).
      if (created && w.since && created < w.since) {
        older = true
        continue
      }
      if (created && w.until && created >= w.until) continue
      const records = pullRecords(repository, p, w, { opened: true })
      mapped.push(...records)
      if (records.some((m) => 'record' in m)) mapped.push(...(await reviews(repository, p, w)))
    }
    const next = older ? undefined : page.next
    await ingest(mapped, next)
    return next
  }

  let page
  try {
    page = await client.getPage<ApiIssue[]>(url, subject)
  } catch (err) {
    if (err instanceof GitHubError && err.status === 410) return undefined // issues are disabled for this repository
    throw err
  }
  const mapped: Mapped[] = []
  const older: number[] = []
  for (const i of page.data) {
    if (!i.pull_request) {
      mapped.push(issueRecord(repository, i, w))
      continue
    }
    // A pull request: those created in the window were read from the pulls listing. An older one listed here
    // was updated since the window's start, so it may have been merged or reviewed in the window: the page's
    // older ones are asked together (GraphQL), with their merge dates and reviews.
    const created = parseDate(i.created_at)
    if (w.since && created && created < w.since) older.push(i.number)
  }
  for (const p of await pullsByNumber(client, repository, older)) {
    mapped.push(...pullRecords(repository, p, w, { opened: false }))
    mapped.push(...(await reviews(repository, p, w)))
  }
  await ingest(mapped, page.next)
  return page.next
}

/** The reviews of a pull request, mapped (those submitted outside the window are skipped). */
async function reviews(repository: string, p: PullRequest, w: Window): Promise<Mapped[]> {
  return (await p.reviews()).map((r) => reviewRecord(repository, { number: p.number, title: p.title, authorId: p.user?.id }, r, w))
}
