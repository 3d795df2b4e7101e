// A repository's pull requests and their reviews, as the importer reads them: over GraphQL with a token
// (graphql.ts: a page of pull requests with their reviews in one query, older ones asked together by number),
// and over REST without one, since GitHub's GraphQL API requires authentication (a request per pull request
// for its reviews: enough for a small public repository within the 60 requests an hour GitHub allows).
import { PER_PAGE, repoPath, type GitHubClient } from './client.ts'
import { GitHubError } from './errors.ts'
import { graphqlPullsByNumber, graphqlPullsPage, type PullRequest } from './graphql.ts'
import type { ApiPull, ApiReview } from './records.ts'

export type { PullRequest } from './graphql.ts'

/**
 * Where a page of pull requests is, as a run's cursor keeps it. With a token: "/graphql" for the first page,
 * then "<API root>/graphql?after=<GraphQL cursor>". Without: the REST listing's URL. A position of the other
 * kind (the token was set or removed between two runs) starts the pull requests again: storing them twice
 * changes nothing.
 */
export function firstPullsPage(client: GitHubClient, repository: string): string {
  return client.authenticated ? '/graphql' : `/repos/${repoPath(repository)}/pulls?state=all&sort=created&direction=desc&per_page=${PER_PAGE}`
}
const GRAPHQL_PAGE = /\/graphql(?:\?after=([^&#]+))?$/

/** One page of a repository's pull requests, newest first, and the position of the next one. */
export async function pullsPage(client: GitHubClient, repository: string, position: string): Promise<{ pulls: PullRequest[]; next: string | undefined }> {
  const graphqlPage = GRAPHQL_PAGE.exec(position)
  if (client.authenticated) {
    const after = graphqlPage?.[1] ? decodeURIComponent(graphqlPage[1]) : undefined
    const page = await graphqlPullsPage(client, repository, after)
    return { pulls: page.pulls, next: page.after ? `${client.apiUrl}/graphql?after=${encodeURIComponent(page.after)}` : undefined }
  }
  const page = await client.getPage<ApiPull[]>(graphqlPage ? firstPullsPage(client, repository) : position, `repository ${repository}`)
  return { pulls: page.data.map((p) => ({ ...p, reviews: () => restReviews(client, repository, p.number) })), next: page.next }
}

/** Pull requests by number (older ones the issues listing names); one that is gone is left out. */
export async function pullsByNumber(client: GitHubClient, repository: string, numbers: number[]): Promise<PullRequest[]> {
  if (client.authenticated) return graphqlPullsByNumber(client, repository, numbers)
  const out: PullRequest[] = []
  for (const n of numbers) {
    try {
      const { data } = await client.getPage<ApiPull>(`/repos/${repoPath(repository)}/pulls/${n}`, `repository ${repository}`)
      out.push({ ...data, reviews: () => restReviews(client, repository, n) })
    } catch (err) {
      if (!(err instanceof GitHubError) || err.status !== 404) throw err
    }
  }
  return out
}

/** A pull request's reviews over REST (all pages). */
async function restReviews(client: GitHubClient, repository: string, number: number): Promise<ApiReview[]> {
  const out: ApiReview[] = []
  let url: string | undefined = `/repos/${repoPath(repository)}/pulls/${number}/reviews?per_page=${PER_PAGE}`
  while (url) {
    const page: { data: ApiReview[]; next: string | undefined } = await client.getPage<ApiReview[]>(url, `repository ${repository}`)
    out.push(...page.data)
    url = page.next
  }
  return out
}
