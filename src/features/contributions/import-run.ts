import { and, desc, eq } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import type { CommandIO } from '../../commands/command.ts'
import { importRuns } from './schema.ts'
import type { IngestResult } from './store.ts'

/** The counts every import reports at the end. */
export interface ImportCounts {
  read: number
  imported: number
  duplicates: number
  bots: number
  rejected: number
}

/** Zeroed counts. */
export const noCounts = (): ImportCounts => ({ read: 0, imported: 0, duplicates: 0, bots: 0, rejected: 0 })

/** "read 9,935, imported 6,120, skipped as duplicate 0, skipped as bot 506, rejected 0". */
export function describeCounts(c: ImportCounts): string {
  const n = (x: number) => x.toLocaleString('en-US')
  return `read ${n(c.read)}, imported ${n(c.imported)}, skipped as duplicate ${n(c.duplicates)}, skipped as bot ${n(c.bots)}, rejected ${n(c.rejected)}`
}

/** `counts` after a stored batch (a new object): what it inserted, skipped as duplicate or bot, and read or rejected. */
export function afterBatch<C extends ImportCounts>(counts: C, batch: IngestResult, read = 0, rejected = 0): C {
  return {
    ...counts,
    read: counts.read + read,
    imported: counts.imported + batch.inserted,
    duplicates: counts.duplicates + batch.duplicates,
    bots: counts.bots + batch.bots,
    rejected: counts.rejected + rejected,
  }
}

/**
 * A recorded import: its cursor is saved with each batch, in the batch's own transaction (`tx`, see WithinBatch
 * in store.ts), so an interrupted run resumes right after the last batch that committed.
 */
export interface ImportRun {
  id: string
  /** Where the previous, unfinished run of the same source and target stopped (empty when none). */
  resumeFrom: Record<string, unknown>
  /** Saves where the run is, on `tx` when given (a batch's transaction), else on its own. */
  saveCursor(cursor: Record<string, unknown>, counts: ImportCounts, tx?: Db): Promise<void>
  finish(counts: ImportCounts, error?: string): Promise<void>
}

/** Starts (or resumes) the run of an import of `target` from `source`. */
export async function startImportRun(db: Db, source: string, target: string): Promise<ImportRun> {
  const [previous] = await db
    .select()
    .from(importRuns)
    .where(and(eq(importRuns.source, source), eq(importRuns.target, target)))
    .orderBy(desc(importRuns.startedAt))
    .limit(1)
  const resumeFrom = previous && previous.status !== 'done' ? previous.cursor : {}
  const [run] = await db.insert(importRuns).values({ source, target, cursor: resumeFrom }).returning({ id: importRuns.id })
  const id = run!.id
  return {
    id,
    resumeFrom,
    async saveCursor(cursor, counts, tx = db) {
      await tx.update(importRuns).set({ cursor, counts: { ...counts } }).where(eq(importRuns.id, id))
    },
    async finish(counts, error) {
      await db
        .update(importRuns)
        .set({ status: error ? 'failed' : 'done', counts: { ...counts }, error: error ?? null, finishedAt: new Date() })
        .where(eq(importRuns.id, id))
    },
  }
}

/** A progress line at most four times a second ("git kubesphere/console: 1,234 read, 1,200 imported…"). */
export function progressReporter(io: CommandIO, label: string): (counts: ImportCounts, force?: boolean) => void {
  let last = 0
  return (counts, force = false) => {
    const now = Date.now()
    if (!force && now - last < 250) return
    last = now
    io.progress?.(`${label}: ${describeCounts(counts)}`)
  }
}

/** `io` with its standard output dropped (and its errors too unless `keepErr`), progress lines kept: an import run inside another command. */
export function quietIO(io: CommandIO, keepErr: boolean): CommandIO {
  return { out: () => {}, err: keepErr ? (l) => io.err(l) : () => {}, ...(io.progress ? { progress: (l: string) => io.progress!(l) } : {}) }
}
