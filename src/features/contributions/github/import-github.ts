import type { AppDeps } from '../../../deps.ts'
import type { CommandIO } from '../../../commands/command.ts'
import type { Db } from '../../../db/client.ts'
import { ingestContributions, type ContributionRecord, type IngestResult } from '../store.ts'
import { afterBatch, noCounts, progressReporter, startImportRun, type ImportCounts } from '../import-run.ts'
import type { ContributionKind } from '../schema.ts'
import { githubClientFromConfig, type GitHubClient, type GitHubClientStats, type RateLimitWait } from './client.ts'
import { GitHubError } from './errors.ts'
import { importTarget, type GithubImportRequest } from './options.ts'
import { firstPage, listOrganisation, readPage, resolveRepositories, resources, type Resource } from './pages.ts'
import { windowOf, type Mapped } from './records.ts'

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

/** "waiting 2 s", "waiting 14 min". */
function describeWait(w: RateLimitWait): string {
  const span = w.seconds < 120 ? `${w.seconds} s` : `${Math.ceil(w.seconds / 60)} min`
  return w.kind === 'primary'
    ? `GitHub's rate limit is used up: waiting ${span} for it to reset, then retrying (${w.request}, retry ${w.attempt})`
    : `GitHub's secondary rate limit: waiting ${span} as asked, then retrying (${w.request}, retry ${w.attempt})`
}

/**
 * Imports an organisation's repositories (forks skipped) or a list of repositories from the GitHub API over
 * [since, until): commits and issues opened (REST), pull requests opened and merged with their reviews (GraphQL
 * with a token, REST without: pulls.ts), stored with source
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
      // Stores a page's entries; `savePast` saves the cursor past the page in the transaction of its last batch
      // (on its own for a page with nothing to store), so a page and its cursor commit together.
      const ingest = async (mapped: Mapped[], savePast: (tx: Db, counts: ImportCounts) => Promise<void>) => {
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
        if (records.length === 0) await savePast(deps.db, total)
        for (let i = 0; i < records.length; i += batchSize) {
          const batch = records.slice(i, i + batchSize)
          const last = i + batchSize >= records.length
          const within = last ? (tx: Db, stored: IngestResult) => savePast(tx, afterBatch(total, stored, batch.length)) : undefined
          const r = await ingestContributions(deps.db, batch, { extraBots: options.extraBots }, within)
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
          let url: string | undefined = typeof saved === 'string' && saved.startsWith(`${client.apiUrl}/`) ? saved : firstPage(client, resource, repository, window)
          while (url) {
            let cursorSaved = false
            const next = await readPage(client, resource, repository, url, window, (mapped, past) =>
              ingest(mapped, async (tx, counts) => {
                repoCursor[resource] = past ?? true
                await run.saveCursor(cursor, counts, tx)
                cursorSaved = true
              }),
            )
            // A page that ended the resource before yielding anything (an empty repository, issues disabled).
            if (!cursorSaved) {
              repoCursor[resource] = next ?? true
              await run.saveCursor(cursor, total)
            }
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
