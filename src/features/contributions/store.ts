import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { queryRows } from '../../db/rows.ts'
import { causeChain } from '../../lib/errors.ts'
import type { ContributionKind } from './schema.ts'
import { AuthorCache, type AuthorRef } from './identity.ts'
import { pgClientOf, stageAsJson, stageByCopy, type StagedContribution } from './copy-stage.ts'
import { CONTRIBUTIONS_KEY, insertAndQueue, insertAndRollUp, noJit, type KeyConflicts } from './rollup.ts'
import { contributionKey } from './natural-key.ts'
import { storeIdentities, type BatchIdentity, type IdentityMemo } from './store-identities.ts'

/** One contribution as an importer reads it. */
export interface ContributionRecord {
  kind: ContributionKind
  source: string
  /** owner/name, '' when none. */
  repository: string
  /** The natural id within (kind, repository): a sha, a PR number, a comment id, a URL. */
  externalId: string
  occurredAt: Date
  /** Commit date, when it differs from the author date (git, the GitHub API). */
  committedAt?: Date | null
  isMerge?: boolean
  title?: string | null
  url?: string | null
  author: AuthorRef
}

/** What one batch did. */
export interface IngestResult {
  inserted: number
  duplicates: number
  bots: number
}

/** Options of an ingest. */
export interface IngestOptions {
  /** Store bot contributions too (flagged), instead of skipping them. */
  keepBots?: boolean
  /** More bot names or logins than the built-in list. */
  extraBots?: string[]
  /**
   * Queue the day and month aggregates instead of raising them in the batch's statement (bulk imports): the
   * caller folds the queue with `foldRollUps` every so often and at the end. Counts stay exact meanwhile
   * (readers add the queue), and a killed import leaves its queue to the next fold.
   */
  deferRollUp?: boolean
  /** A bulk import's memo of the identities it stored (one per run): unchanged ones are then only locked. */
  identities?: IdentityMemo
  /** A bulk import's resolved authors (one per run), so that each is resolved once rather than once per batch. */
  authors?: AuthorCache
  /** A bulk import's record of whether its batches were all new (one per run): see BatchOutlook. */
  outlook?: BatchOutlook
}

/**
 * Whether every batch of a bulk import so far was new through and through (every row inserted). While they
 * were, the next batch is first inserted without looking up its keys (KeyConflicts 'new', decision 27), under
 * a savepoint: a row already stored fails that attempt, which is rolled back to the savepoint and run again
 * with the lookup. The first batch of an import is tried that way too (a re-import fails at its first row);
 * after a batch with a stored row, the import looks up every key (an hour of GH Archive repeats some events
 * of the hours before, so nearly every batch would fail its attempt).
 */
export class BatchOutlook {
  allNew = true
}

/** A batch ready to store (prepareContributions): its rows, deduplicated, and its identities. */
export interface PreparedBatch {
  rows: StagedContribution[]
  identities: BatchIdentity[]
  /** Records kept (not bots), duplicates within the batch included. */
  kept: number
  bots: number
}

/**
 * What an import does in the transaction of each batch it stores, once the rows are in: it saves its cursor
 * and counts there (ImportRun.saveCursor with `tx`), so that a batch and the cursor past it commit together and
 * no kill can land between them. A batch with nothing to store (empty, or only bots) has no transaction: `tx`
 * is then the database.
 */
export type WithinBatch = (tx: Db, result: IngestResult) => Promise<void>

/**
 * Stores a batch of contributions in one transaction: identities upserted by key, contributions inserted
 * unless their natural key exists, and the per-day aggregates raised by what was actually inserted. A batch
 * is all or nothing, and running it again changes nothing, so an import killed half-way resumes cleanly.
 * `within` runs in the same transaction, last (see WithinBatch).
 */
export async function ingestContributions(db: Db, records: ContributionRecord[], options: IngestOptions = {}, within?: WithinBatch): Promise<IngestResult> {
  return storeBatch(db, prepareContributions(records, options), options, within)
}

/**
 * The part of ingestContributions that needs no database, in one pass over the records: each distinct author
 * resolved once (once per run with options.authors: a busy author has thousands of records in a bulk
 * import), bots left out, the newest record per identity noted (it names the identity: a renamed GitHub login
 * shows its latest form), and of two records with the same natural key the first kept. A bulk import
 * prepares a batch while the previous one is being stored.
 */
export function prepareContributions(records: ContributionRecord[], options: IngestOptions = {}): PreparedBatch {
  const authors = options.authors ?? new AuthorCache()
  const byIdentity = new Map<string, BatchIdentity>()
  const seen = new Set<string>()
  const rows: StagedContribution[] = []
  let bots = 0
  let kept = 0
  for (const r of records) {
    const identity = authors.resolve(r.author, options.extraBots)
    if (identity.isBot && !options.keepBots) {
      bots++
      continue
    }
    kept++
    const newest = byIdentity.get(identity.key)
    if (!newest || r.occurredAt.getTime() > newest.at.getTime()) byIdentity.set(identity.key, { identity, at: r.occurredAt })
    const key = contributionKey(r.kind, r.repository, r.externalId)
    if (seen.has(key)) continue
    seen.add(key)
    rows.push({ record: r, key, identityKey: identity.key })
  }
  return { rows, identities: [...byIdentity.values()], kept, bots }
}

/** Stores a prepared batch in one transaction, `within` last (see ingestContributions). */
export async function storeBatch(db: Db, batch: PreparedBatch, options: IngestOptions = {}, within?: WithinBatch): Promise<IngestResult> {
  const { rows, identities, kept, bots } = batch
  if (kept === 0) return outside(db, { inserted: 0, duplicates: 0, bots }, within)
  const result = await db.transaction(async (tx) => {
    const t = tx as unknown as Db
    if (options.deferRollUp) await t.execute(noJit)
    const stored = await storeIdentities(t, identities, options.identities)
    // PostgreSQL: COPY into a temporary table. PGlite: one JSON parameter. Either replaces a multi-row
    // INSERT of tens of thousands of placeholders, whose building and parsing was most of an import's time.
    const client = pgClientOf(tx)
    const source = client ? await stageByCopy(client, rows, stored.ids) : stageAsJson(rows, stored.ids)
    const insert = (c: KeyConflicts) => queryRows<{ inserted: number }>(t, options.deferRollUp ? insertAndQueue(source, c) : insertAndRollUp(source, c))
    const [row] = await insertWithFallback(t, options.outlook?.allNew ? 'new' : 'absent', insert)
    const inserted = Number(row!.inserted)
    await within?.(t, { inserted, duplicates: kept - inserted, bots })
    return { inserted, duplicates: kept - inserted, bots, remember: stored.remember }
  })
  // What the batch's identities taught the import's memo, kept now that the transaction has committed.
  result.remember()
  if (options.outlook && result.inserted < rows.length) options.outlook.allNew = false
  return { inserted: result.inserted, duplicates: result.duplicates, bots: result.bots }
}

/** The result of a batch that needed no transaction, after `within` has run on the database itself. */
async function outside(db: Db, result: IngestResult, within: WithinBatch | undefined): Promise<IngestResult> {
  await within?.(db, result)
  return result
}

/** How a batch meets stored contributions, from the cheapest attempt to the one that cannot fail on a key. */
const FALLBACKS: readonly KeyConflicts[] = ['new', 'absent', 'skip']

/**
 * Runs `insert(first)` under a savepoint, and on a unique violation of contributions_pk rolls back to it (the
 * staged rows stay) and runs the next way down FALLBACKS: a stored row fails 'new' (decision 27), and a row
 * another transaction stored meanwhile fails 'absent' (decision 25); 'skip' is `on conflict do nothing`. Any
 * other error is the batch's.
 */
export async function insertWithFallback<T>(t: Db, first: KeyConflicts, insert: (conflicts: KeyConflicts) => Promise<T>): Promise<T> {
  await t.execute(sql`savepoint batch_insert`)
  for (let k = FALLBACKS.indexOf(first); ; k++) {
    const conflicts = FALLBACKS[k]!
    try {
      const result = await insert(conflicts)
      await t.execute(sql`release savepoint batch_insert`)
      return result
    } catch (err) {
      if (conflicts === 'skip' || !violates(err, CONTRIBUTIONS_KEY)) throw err
      await t.execute(sql`rollback to savepoint batch_insert`)
    }
  }
}

/** Whether a database error (along Drizzle's cause chain) is a unique violation of `constraint`. */
function violates(err: unknown, constraint: string): boolean {
  for (const { code, constraint: name, message } of causeChain(err)) {
    if (code === '23505') return name === constraint || (name === undefined && String(message).includes(constraint))
  }
  return false
}
