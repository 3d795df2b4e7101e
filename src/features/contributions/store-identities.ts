// The identities of a batch being stored (store.ts): upserted by key, or, in a bulk import, only locked when
// the import already stored them and the batch changes nothing about them.
import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { queryRows } from '../../db/rows.ts'
import type { ResolvedIdentity } from './identity.ts'

/** An identity of a batch, with the instant of its newest contribution there. */
export interface BatchIdentity {
  identity: ResolvedIdentity
  at: Date
}

/** What an identity's row holds, as far as the import that stored it knows. */
interface KnownRow {
  id: number
  name: string | null
  email: string | null
  login: string | null
  lastSeenAt: number
}

/**
 * The identities a bulk import has stored, by key (at most `max`, the oldest forgotten first, so memory stays
 * bounded whatever the input): a later batch of the same import locks those rows instead of upserting them
 * again, unless it changes them. Pass one per import run (IngestOptions.identities).
 */
export class IdentityMemo {
  readonly #rows = new Map<string, KnownRow>()
  constructor(readonly max = 50_000) {}

  get(key: string): KnownRow | undefined {
    return this.#rows.get(key)
  }

  set(key: string, row: KnownRow): void {
    this.#rows.delete(key)
    this.#rows.set(key, row)
    if (this.#rows.size > this.max) this.#rows.delete(this.#rows.keys().next().value!)
  }

  forget(key: string): void {
    this.#rows.delete(key)
  }

  get size(): number {
    return this.#rows.size
  }
}

/** Whether the upsert below would rewrite `row` for `b` (the same rules as its `where`). */
function changes(row: KnownRow, { identity: i, at }: BatchIdentity): boolean {
  const t = at.getTime()
  if (row.email === null && i.email !== null) return true
  if (t < row.lastSeenAt) return false
  return t > row.lastSeenAt || (i.name !== null && i.name !== row.name) || (i.login !== null && i.login !== row.login)
}

/** The ids of a batch's identities by key, and what to add to the memo once the batch's transaction commits. */
export interface StoredIdentities {
  ids: Map<string, number>
  /** Adds what the upsert returned to the memo: call it after the commit (a rolled-back row must not be remembered). */
  remember(): void
}

/**
 * Stores the batch's identities in transaction `t` and returns their ids by key. Each identity row is locked
 * until the transaction ends (the upsert's row lock, or `for key share`), so an identity deleted meanwhile
 * waits for the batch, and its delete trigger then removes the batch's rows too: no contribution can point at
 * a deleted identity.
 *
 * The upsert is one JSON parameter; an identity is rewritten only when this batch changes it (a newer name or
 * login, a first email), so re-imports and busy authors do not churn the table. Those not rewritten are read
 * from the snapshot (the outer select does not see the upsert's own rows). With a memo, identities the import
 * stored before and this batch does not change are only locked by id (one index probe each, where the upsert
 * parsed, probed and re-checked every one of them); one found deleted is upserted again.
 */
export async function storeIdentities(t: Db, batch: BatchIdentity[], memo?: IdentityMemo): Promise<StoredIdentities> {
  const ids = new Map<string, number>()
  const learned: [string, KnownRow][] = []
  const stored = { ids, remember: () => learned.forEach(([key, row]) => memo!.set(key, row)) }
  const toUpsert: BatchIdentity[] = []
  const toLock: { key: string; id: number }[] = []
  for (const b of batch) {
    const known = memo?.get(b.identity.key)
    if (known && !changes(known, b)) toLock.push({ key: b.identity.key, id: known.id })
    else toUpsert.push(b)
  }
  if (toLock.length) {
    const locked = await queryRows<{ id: string | number }>(t, sql`select id from contributor_identities where id = any(${`{${toLock.map((l) => l.id).join(',')}}`}::bigint[]) for key share`)
    const present = new Set(locked.map((r) => Number(r.id)))
    for (const { key, id } of toLock) {
      if (present.has(id)) ids.set(key, id)
      else memo!.forget(key)
    }
    // Deleted since the import stored them: created again below.
    if (ids.size < toLock.length) {
      const gone = new Set(toLock.filter((l) => !ids.has(l.key)).map((l) => l.key))
      toUpsert.push(...batch.filter((b) => gone.has(b.identity.key)))
    }
  }
  if (toUpsert.length === 0) return stored

  const input = toUpsert.map(({ identity: i, at }) => ({ key: i.key, personId: i.personId, name: i.name, email: i.email, login: i.login, isBot: i.isBot, lastSeenAt: at }))
  type Row = { id: string | number; key: string; name: string | null; email: string | null; login: string | null; seen_ms: number }
  const result = await queryRows<Row>(t, sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb)
        as x(key text, "personId" uuid, name text, email text, login text, "isBot" boolean, "lastSeenAt" timestamptz)
    ), up as (
      insert into contributor_identities as c (key, person_id, name, email, login, is_bot, last_seen_at)
      select key, "personId", name, email, login, "isBot", "lastSeenAt" from input
      on conflict (key) do update set
        name = case when excluded.last_seen_at >= c.last_seen_at then coalesce(excluded.name, c.name) else c.name end,
        email = coalesce(c.email, excluded.email),
        login = case when excluded.last_seen_at >= c.last_seen_at then coalesce(excluded.login, c.login) else c.login end,
        last_seen_at = greatest(excluded.last_seen_at, c.last_seen_at)
      where (excluded.last_seen_at >= c.last_seen_at
             and (excluded.name is distinct from c.name and excluded.name is not null
                  or excluded.login is distinct from c.login and excluded.login is not null
                  or excluded.last_seen_at > c.last_seen_at))
         or (c.email is null and excluded.email is not null)
      returning c.id, c.key, c.name, c.email, c.login, (extract(epoch from c.last_seen_at) * 1000)::float8 as seen_ms
    )
    select id, key, name, email, login, seen_ms from up
    union all
    select c.id, c.key, c.name, c.email, c.login, (extract(epoch from c.last_seen_at) * 1000)::float8 from contributor_identities c join input using (key) where not exists (select 1 from up where up.key = c.key)`)
  for (const r of result) {
    const id = Number(r.id)
    ids.set(r.key, id)
    if (memo) learned.push([r.key, { id, name: r.name, email: r.email, login: r.login, lastSeenAt: Number(r.seen_ms) }])
  }
  return stored
}
