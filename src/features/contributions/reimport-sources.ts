import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import type { AppDeps } from '../../deps.ts'
import type { CommandIO } from '../../commands/command.ts'
import { mapBounded } from '../../lib/bounded.ts'
import { AppError } from '../../lib/errors.ts'
import { describeCounts, noCounts, quietIO, type ImportCounts } from './import-run.ts'
import { importGitRepository } from './git/import-git.ts'
import { importGharchiveFile } from './gharchive/import.ts'
import { githubClientFromConfig, type GitHubClient } from './github/client.ts'
import { importGithub, type RecordedGithubRequest } from './github/import-github.ts'
import { parseGithubImportOptions } from './github/options.ts'
import type { ImportFeedInput } from './feeds/import-feed.ts'
import { feedImport, SkippedImport, type CohortFeeds } from './reimport-feeds.ts'

/** What a re-run may share with the others of the same re-import. */
export interface RerunContext {
  /** One GitHub client for every GitHub re-import: its ETag cache makes repeated pages conditional requests. */
  github(): GitHubClient
  feedFetch: ImportFeedInput['fetch']
}

/** One recorded import that can be run again from what its run saved. */
export interface RecordedImport {
  source: 'git' | 'gharchive' | 'github' | 'feed'
  target: string
  /** The repository (git), the selection (gharchive), the organisation or repositories (github), or the feed and its person, for progress lines. */
  label: string
  /** Owners whose repositories it imports; null when it imports every repository (a GH Archive file with no selection) or none (a feed). */
  owners: string[] | null
  /** Why it cannot be run again (a run recorded before it kept what a re-run needs); it is listed, not run. */
  skip?: string
  rerun(deps: AppDeps, io: CommandIO, context: RerunContext): Promise<ImportCounts>
}

/** What running one import again did: counts, an error (with the counts of what it stored before failing, if any), or why it was skipped. */
export interface ReimportEntry {
  source: string
  label: string
  counts?: ImportCounts
  error?: string
  skipped?: string
}

/** What running the recorded imports again did. */
export interface ReimportSummary {
  imports: ReimportEntry[]
  /** Lines about sources left out as a whole ("GitHub imports not re-run: no GITHUB_TOKEN configured …"). */
  notes: string[]
  totals: ImportCounts
}

/** Which imports run again for a cohort. */
export interface ReimportScope {
  /** Owners of the repositories whose imports run again ([]: every repository); null: no code import runs. */
  owners: string[] | null
  /** The applicants' feeds fetched again (cohortFeeds); null: none. */
  feeds: CohortFeeds | null
}

/** Settings of a re-import beyond its scope. */
export interface ReimportOptions {
  /** Fetch settings of the feeds (the SSRF guard's own by default; tests reach a local server with them). */
  feedFetch?: ImportFeedInput['fetch']
}

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)

/** The git import a run recorded: path and ref from its target, window and repository from its cursor. */
function gitImport(target: string, cursor: Record<string, unknown>): RecordedImport | undefined {
  const repository = text(cursor.repository)
  if (!repository) return undefined // the run stored nothing: nothing says which repository it was
  const ref = text(cursor.ref)
  const path = ref && target.endsWith(` ${ref}`) ? target.slice(0, -(ref.length + 1)) : target
  return {
    source: 'git',
    target,
    label: repository,
    owners: [repository.split('/')[0]!.toLowerCase()],
    async rerun(deps, io) {
      const r = await importGitRepository(deps.db, { path, ref, since: text(cursor.since), until: text(cursor.until), repo: repository }, io)
      return { read: r.read, imported: r.imported, duplicates: r.duplicates, bots: r.bots, rejected: r.rejected }
    },
  }
}

/** The GH Archive import a run recorded: "file [org:a repo:o/n]" (see gharchiveTarget). */
function gharchiveImport(target: string): RecordedImport {
  const match = /^(.*) \[((?:org|repo):[^\]]+)\]$/.exec(target)
  const file = match ? match[1]! : target
  const parts = match ? match[2]!.split(' ') : []
  const orgs = parts.filter((p) => p.startsWith('org:')).map((p) => p.slice(4))
  const repos = parts.filter((p) => p.startsWith('repo:')).map((p) => p.slice(5))
  return {
    source: 'gharchive',
    target,
    label: parts.length ? `${file} (${parts.join(', ')})` : file,
    owners: parts.length ? [...new Set([...orgs, ...repos.map((r) => r.split('/')[0]!)])] : null,
    async rerun(deps, io) {
      const r = await importGharchiveFile(deps.db, file, { orgs, repos }, (c) => io.progress?.(`gharchive ${file}: ${describeCounts(c)}`))
      if (r.error) throw new AppError('bad_request', r.error)
      return { read: r.counts.read, imported: r.counts.imported, duplicates: r.counts.duplicates, bots: r.counts.bots, rejected: r.counts.rejected }
    },
  }
}

/** A GitHub import failed part-way: what it stored before is in `counts`. */
class PartialImportError extends AppError {
  constructor(
    message: string,
    readonly counts: ImportCounts,
  ) {
    super('bad_request', message)
  }
}

/**
 * The request a GitHub run recorded in its cursor (importGithub), checked as `embassy import github` checks
 * its options; undefined for runs recorded before it was kept, problems for one that does not hold.
 */
function recordedGithubRequest(cursor: Record<string, unknown>): RecordedGithubRequest | { problems: string[] } | undefined {
  const r = cursor.request as Record<string, unknown> | undefined
  if (!r || typeof r !== 'object') return undefined
  const parsed = parseGithubImportOptions({ org: r.org, repos: Array.isArray(r.repos) ? r.repos : undefined, since: r.since, until: r.until })
  const apiUrl = text(r.apiUrl)
  if (!parsed.ok || !apiUrl || !/^https?:\/\//.test(apiUrl)) return { problems: parsed.ok ? ['no API address'] : parsed.problems }
  return { ...parsed.value, apiUrl }
}

/** "org acme", "repos acme/rocket, acme/engine", with the window when it has one. */
function githubLabel(r: { org?: string; repos?: string[]; since?: string; until?: string }): string {
  const what = r.org ? `org ${r.org}` : `repos ${(r.repos ?? []).join(', ')}`
  const window = [r.since ? `since ${r.since}` : '', r.until ? `until ${r.until}` : ''].filter(Boolean).join(', ')
  return window ? `${what} (${window})` : what
}

/** The GitHub API import a run recorded: "org:acme since:- until:-" or "repos:a/b,c/d since:… until:…" (importTarget), request from its cursor. */
function githubImport(target: string, cursor: Record<string, unknown>, configuredApiUrl: string): RecordedImport {
  const match = /^(org|repos):(\S+) since:(\S+) until:(\S+)$/.exec(target)
  const fromTarget = match ? (match[1] === 'org' ? { org: match[2]! } : { repos: match[2]!.split(',') }) : {}
  const owners = fromTarget.org ? [fromTarget.org] : fromTarget.repos ? [...new Set(fromTarget.repos.map((r) => r.split('/')[0]!))] : null
  const request = recordedGithubRequest(cursor)
  const label = request && 'apiUrl' in request ? githubLabel(request) : match ? githubLabel({ ...fromTarget, since: match[3] === '-' ? undefined : match[3], until: match[4] === '-' ? undefined : match[4] }) : target
  const base: Omit<RecordedImport, 'rerun'> = { source: 'github', target, label, owners }
  const again = `run \`embassy import github ${fromTarget.org ? `--org ${fromTarget.org}` : `--repos ${(fromTarget.repos ?? []).join(',')}`}\` once more to record it`
  if (!request) {
    return { ...base, skip: `recorded by an older version of Embassy, which did not keep the request and API address a re-run needs; ${again}`, rerun: async () => noCounts() }
  }
  if (!('apiUrl' in request)) return { ...base, skip: `its recorded request does not hold (${request.problems.join('; ')}); ${again}`, rerun: async () => noCounts() }
  if (request.apiUrl.replace(/\/+$/, '') !== configuredApiUrl.replace(/\/+$/, '')) {
    // The configured token is for the configured API: it is never sent to another one.
    return { ...base, skip: `recorded from ${request.apiUrl}, but GITHUB_API_URL is now ${configuredApiUrl}; ${again} there`, rerun: async () => noCounts() }
  }
  return {
    ...base,
    async rerun(deps, io, context) {
      const { apiUrl: _apiUrl, ...what } = request
      const r = await importGithub(deps, { ...what, client: context.github() }, quietIO(io, true))
      const counts = { ...r.counts }
      if (r.error) throw new PartialImportError(r.error.split('\n').join('; '), counts)
      return counts
    },
  }
}

/**
 * The imports recorded in import_runs (the newest run of each source and target) that bring contributions
 * to repositories of these owners; every recorded import when `owners` is empty. Git repositories and
 * GH Archive files are read again from disk; GitHub API imports from the API they were recorded from
 * (those recorded before their request was kept, or from another API than the configured one, are
 * returned with `skip` saying why). Feeds are the cohort's: see cohortFeeds.
 */
export async function recordedImports(db: Db, owners: string[], configuredApiUrl: string): Promise<RecordedImport[]> {
  const result = await db.execute(sql`
    select distinct on (source, target) source, target, cursor from import_runs
     where source in ('git', 'gharchive', 'github') order by source, target, started_at desc`)
  const wanted = new Set(owners.map((o) => o.toLowerCase()))
  const found: RecordedImport[] = []
  const rows = (result as unknown as { rows: { source: string; target: string; cursor: Record<string, unknown> }[] }).rows
  // In code-point order, whatever the database's collation.
  rows.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.target < b.target ? -1 : a.target > b.target ? 1 : 0))
  for (const row of rows) {
    const cursor = row.cursor ?? {}
    const recorded = row.source === 'git' ? gitImport(row.target, cursor) : row.source === 'github' ? githubImport(row.target, cursor, configuredApiUrl) : gharchiveImport(row.target)
    if (!recorded) continue
    if (wanted.size && recorded.owners && !recorded.owners.some((o) => wanted.has(o.toLowerCase()))) continue
    found.push(recorded)
  }
  return found
}

/** Feeds fetched at once by a re-import (each a different site, mostly: their latency, not our work, is the cost). */
export const FEED_CONCURRENCY = 4

/**
 * Runs the imports of the scope again, with a progress line each: the recorded imports of the owners'
 * repositories (git, GH Archive, GitHub API) one after the other, then the applicants' feeds, up to
 * FEED_CONCURRENCY at a time (a cohort has hundreds; each is a round trip to someone's blog). The summary lists
 * them in that order whatever order they end in. An import that fails (a repository moved away, a file
 * deleted, a feed gone) is reported and the others go on. Without a configured GITHUB_TOKEN, GitHub imports
 * are not run (one note says so). Imports are idempotent, so only what is new since the last run is stored.
 */
export async function reimportSources(deps: AppDeps, scope: ReimportScope, io: CommandIO, options: ReimportOptions = {}): Promise<ReimportSummary> {
  const summary: ReimportSummary = { imports: [], notes: [], totals: noCounts() }
  let code: RecordedImport[] = []
  if (scope.owners !== null) {
    code = await recordedImports(deps.db, scope.owners, deps.config.githubApiUrl)
    const github = code.filter((i) => i.source === 'github')
    if (github.length && !deps.config.githubToken) {
      summary.notes.push(`GitHub imports not re-run: no GITHUB_TOKEN configured (${github.length} recorded: ${github.map((i) => i.label).join('; ')})`)
      code = code.filter((i) => i.source !== 'github')
    }
  }
  const feeds = scope.feeds ? scope.feeds.feeds.map(feedImport) : []
  if (scope.feeds?.unattributed) {
    const u = scope.feeds.unattributed
    summary.notes.push(`${u} recorded feed import${u === 1 ? ' names' : 's name'} no person (recorded by an older version of Embassy), so ${u === 1 ? 'it is' : 'they are'} not matched to applicants; \`embassy import feed URL --person HANDLE\` once records it`)
  }

  let client: GitHubClient | undefined
  const context: RerunContext = {
    github: () => (client ??= githubClientFromConfig(deps.config, { log: (level, m) => (level === 'warn' ? deps.logger.warn(m) : deps.logger.debug(m)) })),
    feedFetch: options.feedFetch,
  }
  const runnable = code.filter((i) => !i.skip).length + feeds.length
  let n = 0
  /** Runs one import; its line of the summary (counts added to the totals), or throws what is not the import's own failure. */
  const run = async (recorded: RecordedImport): Promise<ReimportEntry> => {
    if (recorded.skip) return { source: recorded.source, label: recorded.label, skipped: recorded.skip }
    io.progress?.(`re-import ${++n}/${runnable}: ${recorded.source} ${recorded.label}`)
    try {
      const counts = await recorded.rerun(deps, io, context)
      addCounts(summary.totals, counts)
      return { source: recorded.source, label: recorded.label, counts }
    } catch (err) {
      if (err instanceof SkippedImport) return { source: recorded.source, label: recorded.label, skipped: err.message }
      if (!(err instanceof AppError)) throw err
      const partial = err instanceof PartialImportError && err.counts.read > 0 ? err.counts : undefined
      if (partial) addCounts(summary.totals, partial)
      return { source: recorded.source, label: recorded.label, ...(partial ? { counts: partial } : {}), error: err.message }
    }
  }
  for (const recorded of code) summary.imports.push(await run(recorded))
  summary.imports.push(...(await mapBounded(feeds, FEED_CONCURRENCY, run)))
  return summary
}

function addCounts(into: ImportCounts, counts: ImportCounts) {
  for (const k of Object.keys(into) as (keyof ImportCounts)[]) into[k] += counts[k]
}
