import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import type { CommandIO } from '../../commands/command.ts'
import { AppError } from '../../lib/errors.ts'
import { describeCounts, noCounts, type ImportCounts } from './import-run.ts'
import { importGitRepository } from './git/import-git.ts'
import { importGharchiveFile } from './gharchive/import.ts'

/** One recorded import that can be run again from what its run saved. */
export interface RecordedImport {
  source: 'git' | 'gharchive'
  target: string
  /** The repository (git) or the selection (gharchive) it imports, for progress lines. */
  label: string
  /** Owners whose repositories it imports; null when it imports every repository (a GH Archive file with no selection). */
  owners: string[] | null
  rerun(db: Db, io: CommandIO): Promise<ImportCounts>
}

/** What running the recorded imports again did. */
export interface ReimportSummary {
  imports: { source: string; label: string; counts?: ImportCounts; error?: string }[]
  totals: ImportCounts
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
    async rerun(db, io) {
      const r = await importGitRepository(db, { path, ref, since: text(cursor.since), until: text(cursor.until), repo: repository }, io)
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
    async rerun(db, io) {
      const r = await importGharchiveFile(db, file, { orgs, repos }, (c) => io.progress?.(`gharchive ${file}: ${describeCounts(c)}`))
      if (r.error) throw new AppError('bad_request', r.error)
      return { read: r.counts.read, imported: r.counts.imported, duplicates: r.counts.duplicates, bots: r.counts.bots, rejected: r.counts.rejected }
    },
  }
}

/**
 * The imports recorded in import_runs (the newest run of each source and target) that bring contributions
 * to repositories of these owners; every recorded import when `owners` is empty. Git repositories and
 * GH Archive files are local and can be read again; API and feed imports need their own commands.
 */
export async function recordedImports(db: Db, owners: string[]): Promise<RecordedImport[]> {
  const result = await db.execute(sql`
    select distinct on (source, target) source, target, cursor from import_runs
     where source in ('git', 'gharchive') order by source, target, started_at desc`)
  const wanted = new Set(owners.map((o) => o.toLowerCase()))
  const found: RecordedImport[] = []
  for (const row of (result as unknown as { rows: { source: string; target: string; cursor: Record<string, unknown> }[] }).rows) {
    const recorded = row.source === 'git' ? gitImport(row.target, row.cursor ?? {}) : gharchiveImport(row.target)
    if (!recorded) continue
    if (wanted.size && recorded.owners && !recorded.owners.some((o) => wanted.has(o.toLowerCase()))) continue
    found.push(recorded)
  }
  return found
}

/**
 * Runs the recorded imports again, one after the other, with a progress line each; an import that fails
 * (a repository moved away, a file deleted) is reported and the others go on. Imports are idempotent, so
 * only what is new since the last run is stored.
 */
export async function reimportSources(db: Db, owners: string[], io: CommandIO): Promise<ReimportSummary> {
  const imports = await recordedImports(db, owners)
  const summary: ReimportSummary = { imports: [], totals: noCounts() }
  for (const [i, recorded] of imports.entries()) {
    io.progress?.(`re-import ${i + 1}/${imports.length}: ${recorded.source} ${recorded.label}`)
    try {
      const counts = await recorded.rerun(db, io)
      for (const k of Object.keys(summary.totals) as (keyof ImportCounts)[]) summary.totals[k] += counts[k]
      summary.imports.push({ source: recorded.source, label: recorded.label, counts })
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      summary.imports.push({ source: recorded.source, label: recorded.label, error: err.message })
    }
  }
  return summary
}
