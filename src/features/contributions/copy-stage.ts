import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { sql, type SQL } from 'drizzle-orm'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { ContributionRecord } from './store.ts'

/**
 * A contribution of a batch ready to store: the record as the importer read it, its key (contributionKey,
 * natural-key.ts) and the key of its identity, whose id `idOf` gives once the batch's identities are stored.
 */
export interface StagedContribution {
  record: ContributionRecord
  key: string
  identityKey: string
}

/**
 * The PostgreSQL connection under a Drizzle transaction on a pool, or undefined on PGlite. Only the
 * node-postgres driver exposes it (as the session's client); it is the connection the transaction runs on.
 */
export function pgClientOf(tx: unknown): pg.Client | undefined {
  const client = (tx as { session?: { client?: unknown } }).session?.client
  return client instanceof pg.Client ? client : undefined
}

/** A value in COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
function field(value: string | null): string {
  if (value === null) return '\\N'
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value
}

/**
 * Sends the rows with COPY FROM STDIN into a temporary table emptied at commit, and returns it as the
 * source of `insertAndRollUp` (rollup.ts). COPY streams one block of text the server parses at its own speed; the
 * JSON parameter it replaces cost a second parse and the building of a large string in JavaScript. The
 * table lives in the transaction's connection, so concurrent imports never see each other's rows.
 * Instants travel as whole milliseconds since the epoch (what a Date holds), turned into timestamps by the
 * select: formatting and parsing ISO 8601 text cost more on both sides than the rest of a row.
 */
export async function stageByCopy(client: pg.Client, rows: StagedContribution[], idOf: Map<string, number>): Promise<SQL> {
  await client.query(`create temp table if not exists contribution_staging_ms (
      key uuid, kind text, source text, repository text, "externalId" text, "identityId" bigint, "occurredMs" bigint,
      "committedMs" bigint, "isMerge" boolean, title text, url text) on commit delete rows`)
  // Kind, source and repository repeat across a batch: each distinct value is escaped once.
  const escaped = new Map<string, string>()
  const once = (value: string) => {
    let e = escaped.get(value)
    if (e === undefined) escaped.set(value, (e = field(value)))
    return e
  }
  // One string for the batch, written to the stream once (a line per row and their join cost a copy more).
  let text = ''
  for (const { record: r, key, identityKey } of rows) {
    const committed = r.committedAt ? r.committedAt.getTime() : undefined
    text += `${key}\t${once(r.kind)}\t${once(r.source)}\t${once(r.repository)}\t${field(r.externalId)}\t${idOf.get(identityKey)!}\t${r.occurredAt.getTime()}\t${
      committed === undefined ? '\\N' : committed
    }\t${r.isMerge ? 't' : 'f'}\t${field(r.title ?? null)}\t${field(r.url ?? null)}\n`
  }
  await pipeline(Readable.from([text]), client.query(copyFrom('copy contribution_staging_ms from stdin')))
  return sql`(select key, kind, source, repository, "externalId", "identityId", ${fromMs('"occurredMs"')} as "occurredAt", ${fromMs('"committedMs"')} as "committedAt",
          "isMerge", title, url from contribution_staging_ms) as staged`
}

/** The timestamp of a count of milliseconds since the epoch (exact: the product stays below 2^53 µs). */
const fromMs = (column: string) => sql.raw(`(timestamptz 'epoch' + ${column} * interval '1 millisecond')`)

/** The rows as a `jsonb_to_recordset` source: one parameter, for engines without COPY FROM STDIN (PGlite). */
export function stageAsJson(rows: StagedContribution[], idOf: Map<string, number>): SQL {
  const values = rows.map(({ record: r, key, identityKey }) => ({
    key,
    kind: r.kind,
    source: r.source,
    repository: r.repository,
    externalId: r.externalId,
    identityId: idOf.get(identityKey)!,
    occurredAt: r.occurredAt,
    committedAt: r.committedAt ?? null,
    isMerge: r.isMerge ?? false,
    title: r.title ?? null,
    url: r.url ?? null,
  }))
  return sql`jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
          as staged(key uuid, kind text, source text, repository text, "externalId" text, "identityId" bigint, "occurredAt" timestamptz,
               "committedAt" timestamptz, "isMerge" boolean, title text, url text)`
}
