// Pull requests and their reviews over GitHub's GraphQL API: a page of pull requests comes with its reviews in
// one query, where REST needs a request per pull request for its reviews; and the older pull requests the
// issues listing names are asked together, by number, in one query. GraphQL needs a token (pulls.ts reads
// over REST without one).
import type { GitHubClient } from './client.ts'
import type { ApiPull, ApiReview, ApiUser } from './records.ts'

/** Pull requests per page and reviews per pull request asked in one query (GitHub allows 100 of each). */
export const PULLS_PER_QUERY = 50
export const REVIEWS_PER_QUERY = 50
/** Pull requests asked by number in one query. */
export const NUMBERS_PER_QUERY = 25

/** An author as GraphQL gives it: a User, Bot or Mannequin has the numeric id REST calls `id`. */
export interface GqlActor {
  __typename: string
  login: string
  databaseId?: number | null
}

export interface GqlReview {
  databaseId: number | null
  state: string
  submittedAt: string | null
  url: string | null
  author: GqlActor | null
}

interface Connection<T> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null }
  nodes: (T | null)[]
}

export interface GqlPull {
  number: number
  title: string | null
  url: string | null
  createdAt: string
  mergedAt: string | null
  author: GqlActor | null
  reviews: Connection<GqlReview>
}

const ACTOR = '__typename login ... on User { databaseId } ... on Bot { databaseId } ... on Mannequin { databaseId }'
const REVIEW = `databaseId state submittedAt url author { ${ACTOR} }`
const PULL = `number title url createdAt mergedAt author { ${ACTOR} } reviews(first: $reviews) { pageInfo { hasNextPage endCursor } nodes { ${REVIEW} } }`

/** A repository's pull requests, newest first. */
export const PULLS_QUERY = `query PullRequests($owner: String!, $name: String!, $first: Int!, $reviews: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequests(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
      pageInfo { hasNextPage endCursor }
      nodes { ${PULL} }
    }
  }
}`

/** The reviews of one pull request past the first page. */
export const REVIEWS_QUERY = `query PullRequestReviews($owner: String!, $name: String!, $number: Int!, $reviews: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) { reviews(first: $reviews, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${REVIEW} } } }
  }
}`

/** Pull requests by number, one alias each (`p123`); numbers are integers, so they are written into the query. */
export function pullsByNumberQuery(numbers: number[]): string {
  const fields = numbers.map((n) => {
    if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`not a pull request number: ${n}`)
    return `p${n}: pullRequest(number: ${n}) { ${PULL} }`
  })
  return `query PullRequestsByNumber($owner: String!, $name: String!, $reviews: Int!) {
  repository(owner: $owner, name: $name) { ${fields.join(' ')} }
}`
}

/**
 * A pull request in the shape the REST records take, and its reviews: those that came with it, and further
 * pages asked only when `reviews()` is called (for the pull requests the window keeps).
 */
export type PullRequest = ApiPull & { reviews(): Promise<ApiReview[]> }

/**
 * The REST shape of a GraphQL author: GraphQL names a bot by its app's slug ("dependabot") where REST and git
 * name it "dependabot[bot]", which is what bot detection knows; an author without a numeric id (an
 * organisation, a deleted account's placeholder without one) is no account.
 */
export function userOf(a: GqlActor | null | undefined): ApiUser | null {
  if (!a || typeof a.databaseId !== 'number') return null
  const bot = a.__typename === 'Bot'
  return { id: a.databaseId, login: bot && !a.login.endsWith('[bot]') ? `${a.login}[bot]` : a.login, type: bot ? 'Bot' : 'User' }
}

function reviewOf(r: GqlReview): ApiReview | undefined {
  // A review without an id cannot be keyed; GitHub gives every submitted review one.
  if (typeof r.databaseId !== 'number') return undefined
  return { id: r.databaseId, user: userOf(r.author), state: r.state, submitted_at: r.submittedAt, html_url: r.url ?? undefined }
}

const [ownerOf, nameOf] = [(repository: string) => repository.split('/')[0]!, (repository: string) => repository.split('/')[1]!]

/** A pull request's reviews: those of its node, and the next pages when it has more. */
async function allReviews(client: GitHubClient, repository: string, p: GqlPull): Promise<ApiReview[]> {
  const out: ApiReview[] = []
  let page: Connection<GqlReview> | undefined = p.reviews
  while (page) {
    for (const r of page.nodes) {
      const review = r && reviewOf(r)
      if (review) out.push(review)
    }
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break
    type Answer = { repository: { pullRequest: { reviews: Connection<GqlReview> } | null } | null }
    const variables = { owner: ownerOf(repository), name: nameOf(repository), number: p.number, reviews: REVIEWS_PER_QUERY, after: page.pageInfo.endCursor }
    const answer: Answer = await client.graphql<Answer>(REVIEWS_QUERY, variables, `repository ${repository}`)
    page = answer.repository?.pullRequest?.reviews
  }
  return out
}

function pullOf(client: GitHubClient, repository: string, p: GqlPull): PullRequest {
  return {
    number: p.number,
    ...(p.title !== null ? { title: p.title } : {}),
    ...(p.url ? { html_url: p.url } : {}),
    user: userOf(p.author),
    created_at: p.createdAt,
    merged_at: p.mergedAt,
    reviews: () => allReviews(client, repository, p),
  }
}

/** One page of a repository's pull requests, newest first; `after` is the page's cursor. */
export async function graphqlPullsPage(client: GitHubClient, repository: string, after: string | undefined): Promise<{ pulls: PullRequest[]; after: string | undefined }> {
  type Answer = { repository: { pullRequests: Connection<GqlPull> } | null }
  const subject = `repository ${repository}`
  const variables = { owner: ownerOf(repository), name: nameOf(repository), first: PULLS_PER_QUERY, reviews: REVIEWS_PER_QUERY, after: after ?? null }
  const answer = await client.graphql<Answer>(PULLS_QUERY, variables, subject)
  const connection = answer.repository?.pullRequests
  if (!connection) return { pulls: [], after: undefined }
  const pulls = connection.nodes.filter((p): p is GqlPull => p !== null).map((p) => pullOf(client, repository, p))
  return { pulls, after: connection.pageInfo.hasNextPage && connection.pageInfo.endCursor ? connection.pageInfo.endCursor : undefined }
}

/** Pull requests by number, NUMBERS_PER_QUERY to a query; one that is gone is left out. */
export async function graphqlPullsByNumber(client: GitHubClient, repository: string, numbers: number[]): Promise<PullRequest[]> {
  const out: PullRequest[] = []
  for (let i = 0; i < numbers.length; i += NUMBERS_PER_QUERY) {
    const chunk = numbers.slice(i, i + NUMBERS_PER_QUERY)
    type Answer = { repository: Record<string, GqlPull | null> | null }
    const answer = await client.graphql<Answer>(pullsByNumberQuery(chunk), { owner: ownerOf(repository), name: nameOf(repository), reviews: REVIEWS_PER_QUERY }, `repository ${repository}`, { partial: true })
    for (const n of chunk) {
      const p = answer.repository?.[`p${n}`]
      if (p) out.push(pullOf(client, repository, p))
    }
  }
  return out
}
