import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { contributorIdentities, type ContributionKind } from './schema.ts'
import { resolveIdentity, type AuthorRef } from './identity.ts'

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
}

/**
 * Stores a batch of contributions in one transaction: identities upserted by key, contributions inserted
 * unless their natural key exists, and the per-day aggregates raised by what was actually inserted. A batch
 * is all or nothing, and running it again changes nothing, so an import killed half-way resumes cleanly.
 */
export async function ingestContributions(db: Db, records: ContributionRecord[], options: IngestOptions = {}): Promise<IngestResult> {
  if (records.length === 0) return { inserted: 0, duplicates: 0, bots: 0 }
  const resolved = records.map((r) => ({ record: r, identity: resolveIdentity(r.author, options.extraBots) }))
  const kept = options.keepBots ? resolved : resolved.filter((r) => !r.identity.isBot)
  const bots = resolved.length - kept.length
  if (kept.length === 0) return { inserted: 0, duplicates: 0, bots }

  return db.transaction(async (tx) => {
    const t = tx as unknown as Db
    // Per key, the newest record names the identity (a renamed GitHub login shows its latest form).
    const byKey = new Map<string, { identity: (typeof kept)[number]['identity']; at: Date }>()
    for (const { record, identity } of kept) {
      const seen = byKey.get(identity.key)
      if (!seen || record.occurredAt > seen.at) byKey.set(identity.key, { identity, at: record.occurredAt })
    }
    const newer = sql`excluded.last_seen_at >= ${contributorIdentities.lastSeenAt}`
    const identityRows = await t
      .insert(contributorIdentities)
      .values([...byKey.values()].map(({ identity: i, at }) => ({ key: i.key, personId: i.personId, name: i.name, email: i.email, login: i.login, isBot: i.isBot, lastSeenAt: at })))
      .onConflictDoUpdate({
        target: contributorIdentities.key,
        set: {
          name: sql`case when ${newer} then coalesce(excluded.name, ${contributorIdentities.name}) else ${contributorIdentities.name} end`,
          email: sql`coalesce(${contributorIdentities.email}, excluded.email)`,
          login: sql`case when ${newer} then coalesce(excluded.login, ${contributorIdentities.login}) else ${contributorIdentities.login} end`,
          lastSeenAt: sql`greatest(excluded.last_seen_at, ${contributorIdentities.lastSeenAt})`,
        },
      })
      .returning({ id: contributorIdentities.id, key: contributorIdentities.key })
    const idOf = new Map(identityRows.map((r) => [r.key, r.id]))

    // Two records of one batch with the same natural key: keep the first.
    const seen = new Set<string>()
    const values = []
    for (const { record: r, identity } of kept) {
      const natural = `${r.kind}\u0000${r.repository}\u0000${r.externalId}`
      if (seen.has(natural)) continue
      seen.add(natural)
      values.push({
        kind: r.kind,
        source: r.source,
        repository: r.repository,
        externalId: r.externalId,
        identityId: idOf.get(identity.key)!,
        occurredAt: r.occurredAt,
        committedAt: r.committedAt ?? null,
        isMerge: r.isMerge ?? false,
        title: r.title ?? null,
        url: r.url ?? null,
      })
    }
    // One JSON parameter per batch instead of tens of thousands of placeholders: building and parsing a
    // 20,000-parameter statement was most of an import's time.
    const insertedResult = await t.execute(sql`
      insert into contributions (kind, source, repository, external_id, identity_id, occurred_at, committed_at, is_merge, title, url)
      select kind, source, repository, "externalId", "identityId", "occurredAt", "committedAt", "isMerge", title, url
        from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
          as x(kind text, source text, repository text, "externalId" text, "identityId" bigint, "occurredAt" timestamptz,
               "committedAt" timestamptz, "isMerge" boolean, title text, url text)
      on conflict do nothing
      returning identity_id, kind, repository, occurred_at, committed_at, is_merge`)
    const inserted = (insertedResult as unknown as { rows: Record<string, unknown>[] }).rows.map((r) => ({
      identityId: Number(r.identity_id),
      kind: r.kind as ContributionKind,
      repository: r.repository as string,
      occurredAt: new Date(r.occurred_at as string | Date),
      committedAt: r.committed_at ? new Date(r.committed_at as string | Date) : null,
      isMerge: r.is_merge === true,
    }))

    type DayRow = { identityId: number; day: string; kind: ContributionKind; repository: string; isMerge: boolean; dateBasis: 'author' | 'commit'; count: number }
    const days = new Map<string, DayRow>()
    const add = (row: (typeof inserted)[number], at: Date, dateBasis: DayRow['dateBasis']) => {
      const day = at.toISOString().slice(0, 10)
      const k = `${row.identityId}|${day}|${row.kind}|${row.repository}|${row.isMerge}|${dateBasis}`
      const entry = days.get(k)
      if (entry) entry.count++
      else days.set(k, { identityId: row.identityId, day, kind: row.kind, repository: row.repository, isMerge: row.isMerge, dateBasis, count: 1 })
    }
    for (const row of inserted) {
      add(row, row.occurredAt, 'author')
      add(row, row.committedAt ?? row.occurredAt, 'commit')
    }
    if (days.size) {
      await t.execute(sql`
        insert into contribution_days (identity_id, day, kind, repository, is_merge, date_basis, count)
        select "identityId", day, kind, repository, "isMerge", "dateBasis", count
          from jsonb_to_recordset(${JSON.stringify([...days.values()])}::jsonb)
            as x("identityId" bigint, day date, kind text, repository text, "isMerge" boolean, "dateBasis" text, count integer)
        on conflict (identity_id, day, kind, repository, is_merge, date_basis)
        do update set count = contribution_days.count + excluded.count`)
    }
    return { inserted: inserted.length, duplicates: values.length - inserted.length + (kept.length - values.length), bots }
  })
}
