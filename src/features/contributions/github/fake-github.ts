/**
 * Test support: a GitHub-shaped REST API on 127.0.0.1 (node:http) serving fixed data, with Link pagination,
 * ETags (304 for a matching If-None-Match), and scripted answers (rate limits, errors) for chosen requests.
 * It accepts an optional /api/v3 prefix, like GitHub Enterprise Server. POST /graphql (or /api/graphql)
 * answers the importer's GraphQL queries (graphql.ts) from the same data, paged by cursors.
 */
import http from 'node:http'
import { createHash } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { ApiCommit, ApiIssue, ApiPull, ApiReview, ApiUser } from './records.ts'

/** One repository's data. */
export interface FakeRepository {
  fork?: boolean
  commits?: ApiCommit[]
  pulls?: ApiPull[]
  issues?: (ApiIssue & { updated_at: string })[]
  reviews?: Record<number, ApiReview[]>
}

/** An answer given instead of the normal one. */
export interface ScriptedAnswer {
  status: number
  headers?: Record<string, string> | (() => Record<string, string>)
  body?: unknown
}

/** A request as the fake saw it. */
export interface SeenRequest {
  method: string
  /** Path and query, without the /api/v3 prefix (/graphql for either GraphQL endpoint). */
  path: string
  /** The request's URL as sent. */
  rawUrl: string
  /** A GraphQL query's operation name and variables. */
  operation?: string
  variables?: Record<string, unknown>
  status: number
  ifNoneMatch: string | undefined
  authorization: string | undefined
}

export interface FakeGitHub {
  /** http://127.0.0.1:port */
  url: string
  requests: SeenRequest[]
  /**
   * Answers the next `times` requests whose path (without query) is `path` with `answer`; for GraphQL, `path`
   * is "/graphql", or "/graphql#<operation>" for one operation only. `when` narrows the requests further.
   */
  script(path: string, answer: ScriptedAnswer, times?: number, when?: (request: SeenRequest) => boolean): void
  close(): Promise<void>
}

const isoOf = (s: string | null | undefined) => (s ? new Date(s).getTime() : NaN)

/** Starts the fake; `pageSize` items per page whatever per_page asks, so that small fixtures span pages. */
export async function startFakeGitHub(data: { orgs: Record<string, string[]>; repos: Record<string, FakeRepository> }, pageSize = 2): Promise<FakeGitHub> {
  const requests: SeenRequest[] = []
  const scripts: { path: string; answer: ScriptedAnswer; times: number; when?: (request: SeenRequest) => boolean }[] = []

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const graphql = req.method === 'POST' && (req.url === '/graphql' || req.url === '/api/graphql')
    const prefix = req.url!.startsWith('/api/v3/') ? '/api/v3' : ''
    const url = new URL(graphql ? '/graphql' : req.url!.slice(prefix.length), 'http://fake')
    let body: { query?: string; variables?: Record<string, unknown> } = {}
    if (graphql) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        body = {}
      }
    }
    const operation = graphql ? /^\s*query\s+(\w+)/.exec(body.query ?? '')?.[1] : undefined
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      rawUrl: req.url!,
      ...(graphql ? { operation, variables: body.variables ?? {} } : {}),
      status: 0,
      ifNoneMatch: req.headers['if-none-match'] as string | undefined,
      authorization: req.headers.authorization,
    }
    requests.push(seen)
    const reset = String(Math.floor(Date.now() / 1000) + 3600)
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      seen.status = status
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': reset, ...headers })
      res.end(status === 304 ? undefined : JSON.stringify(body))
    }

    const scripted = scripts.find((s) => (s.path === url.pathname || (graphql && s.path === `/graphql#${operation}`)) && s.times > 0 && (!s.when || s.when(seen)))
    if (scripted) {
      scripted.times--
      const h = typeof scripted.answer.headers === 'function' ? scripted.answer.headers() : scripted.answer.headers
      return send(scripted.answer.status, scripted.answer.body ?? { message: 'scripted' }, h)
    }

    /** A 200 with an ETag, or a 304 when the client holds that ETag; paginated when `items` is a list. */
    const ok = (items: unknown, paginate: boolean) => {
      const headers: Record<string, string> = {}
      let body = items
      if (paginate && Array.isArray(items)) {
        const page = Math.max(1, Number(url.searchParams.get('page') ?? '1'))
        const pages = Math.max(1, Math.ceil(items.length / pageSize))
        body = items.slice((page - 1) * pageSize, page * pageSize)
        const link = (n: number) => {
          const u = new URL(url.toString())
          u.searchParams.set('page', String(n))
          return `<http://${req.headers.host}${prefix}${u.pathname}${u.search}>`
        }
        const parts: string[] = []
        if (page < pages) parts.push(`${link(page + 1)}; rel="next"`, `${link(pages)}; rel="last"`)
        if (page > 1) parts.push(`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`)
        if (parts.length) headers.link = parts.join(', ')
      }
      const etag = `W/"${createHash('sha1').update(JSON.stringify(body)).update(headers.link ?? '').digest('hex')}"`
      headers.etag = etag
      if (req.headers['if-none-match'] === etag) return send(304, undefined, headers)
      return send(200, body, headers)
    }

    if (graphql) return send(200, answerGraphql(data.repos, operation, body.query ?? '', body.variables ?? {}, pageSize))
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent)
    const since = url.searchParams.get('since')
    const until = url.searchParams.get('until')
    if (parts[0] === 'orgs' && parts[2] === 'repos' && parts.length === 3) {
      const names = data.orgs[parts[1]!]
      if (!names) return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' })
      return ok(names.map((n) => ({ full_name: n, fork: Boolean(data.repos[n]?.fork), archived: false })), true)
    }
    if (parts[0] === 'repos' && parts.length >= 3) {
      const name = `${parts[1]}/${parts[2]}`
      const repo = Object.entries(data.repos).find(([n]) => n.toLowerCase() === name.toLowerCase())
      if (!repo) return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository' })
      const [fullName, r] = repo
      const rest = parts.slice(3)
      if (rest.length === 0) return ok({ full_name: fullName, fork: Boolean(r.fork) }, false)
      if (rest[0] === 'commits' && rest.length === 1) {
        const inRange = (c: ApiCommit) => {
          const t = isoOf(c.commit.author?.date)
          return Number.isNaN(t) || ((!since || t >= isoOf(since)) && (!until || t <= isoOf(until)))
        }
        return ok((r.commits ?? []).filter(inRange), true)
      }
      if (rest[0] === 'pulls' && rest.length === 1) {
        return ok([...(r.pulls ?? [])].sort((a, b) => isoOf(b.created_at) - isoOf(a.created_at)), true)
      }
      if (rest[0] === 'pulls' && rest.length === 2) {
        const pull = r.pulls?.find((p) => p.number === Number(rest[1]))
        return pull ? ok(pull, false) : send(404, { message: 'Not Found' })
      }
      if (rest[0] === 'pulls' && rest[2] === 'reviews') return ok(r.reviews?.[Number(rest[1])] ?? [], true)
      if (rest[0] === 'issues' && rest.length === 1) {
        const listed = (r.issues ?? []).filter((i) => !since || isoOf(i.updated_at) >= isoOf(since)).sort((a, b) => isoOf(b.created_at) - isoOf(a.created_at))
        return ok(listed, true)
      }
    }
    return send(404, { message: 'Not Found' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    script(path, answer, times = 1, when) {
      scripts.push({ path, answer, times, ...(when ? { when } : {}) })
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** GraphQL's author: a bot is named by its app's slug ("dependabot"), without REST's "[bot]". */
const actor = (u: ApiUser | null) => (u ? { __typename: u.type === 'Bot' ? 'Bot' : 'User', login: u.type === 'Bot' ? u.login.replace(/\[bot\]$/, '') : u.login, databaseId: u.id } : null)
const cursorOf = (offset: number) => Buffer.from(`cursor:${offset}`).toString('base64')
const offsetOf = (after: unknown) => (typeof after === 'string' ? Number(Buffer.from(after, 'base64').toString().replace(/^cursor:/, '')) || 0 : 0)

/** `pageSize` items from the cursor `after`, as a connection. */
function connection<T, N>(items: T[], after: unknown, pageSize: number, node: (item: T) => N) {
  const from = offsetOf(after)
  const nodes = items.slice(from, from + pageSize).map(node)
  const end = from + nodes.length
  return { pageInfo: { hasNextPage: end < items.length, endCursor: nodes.length ? cursorOf(end) : null }, nodes }
}

const reviewNode = (r: ApiReview) => ({ databaseId: r.id, state: r.state, submittedAt: r.submitted_at ?? null, url: r.html_url ?? null, author: actor(r.user) })

/** The answer to one of the importer's GraphQL queries (graphql.ts), with GitHub's NOT_FOUND errors. */
function answerGraphql(repos: Record<string, FakeRepository>, operation: string | undefined, query: string, v: Record<string, unknown>, pageSize: number): unknown {
  const name = `${v.owner}/${v.name}`
  const found = Object.entries(repos).find(([n]) => n.toLowerCase() === name.toLowerCase())
  if (!found) return { data: { repository: null }, errors: [{ type: 'NOT_FOUND', path: ['repository'], message: `Could not resolve to a Repository with the name '${name}'.` }] }
  const r = found[1]
  const pullNode = (p: ApiPull) => ({
    number: p.number,
    title: p.title ?? null,
    url: p.html_url ?? null,
    createdAt: p.created_at,
    mergedAt: p.merged_at,
    author: actor(p.user),
    reviews: connection(r.reviews?.[p.number] ?? [], null, pageSize, reviewNode),
  })
  if (operation === 'PullRequests') {
    const pulls = [...(r.pulls ?? [])].sort((a, b) => isoOf(b.created_at) - isoOf(a.created_at))
    return { data: { repository: { pullRequests: connection(pulls, v.after, pageSize, pullNode) } } }
  }
  if (operation === 'PullRequestReviews') {
    const pull = r.pulls?.find((p) => p.number === v.number)
    return { data: { repository: { pullRequest: pull ? { reviews: connection(r.reviews?.[pull.number] ?? [], v.after, pageSize, reviewNode) } : null } } }
  }
  if (operation === 'PullRequestsByNumber') {
    const repository: Record<string, unknown> = {}
    const errors: unknown[] = []
    for (const [, alias, n] of query.matchAll(/(p\d+): pullRequest\(number: (\d+)\)/g)) {
      const pull = r.pulls?.find((p) => p.number === Number(n))
      repository[alias!] = pull ? pullNode(pull) : null
      if (!pull) errors.push({ type: 'NOT_FOUND', path: ['repository', alias], message: `Could not resolve to a PullRequest with the number of ${n}.` })
    }
    return { data: { repository }, ...(errors.length ? { errors } : {}) }
  }
  return { errors: [{ message: `the fake does not know the operation ${operation ?? '(none)'}` }] }
}
