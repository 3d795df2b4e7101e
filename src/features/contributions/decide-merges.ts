// An admin's decisions on suggested merges of contributor identities (suggest-merges.ts finds them): each side
// shown with what the sources recorded and how much it contributed; confirmed by linking both identities to one
// person, or rejected (a rejected pair is not suggested again unless an admin reopens it); an identity linked by
// mistake is unlinked. Each decision is one transaction, audited.
import { isUuid } from '../../lib/ids.ts'
import { eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { queryRows } from '../../db/rows.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { mergeIdentities, splitIdentities } from './link-identities.ts'
import { decideSuggestion } from './suggest-merges.ts'
import { people } from '../people/schema.ts'
import { contributorIdentities, identityMergeSuggestions } from './schema.ts'

/** One side of a suggestion as an admin sees it. */
export interface SuggestedIdentity {
  key: string
  name: string | null
  email: string | null
  login: string | null
  lastSeenAt: Date
  contributions: number
  /** The person it is linked to already, if any. */
  person: { handle: string; displayName: string } | null
}

/** A suggestion with both sides. */
export interface SuggestionDetail {
  id: string
  reason: string
  status: 'open' | 'confirmed' | 'rejected'
  decidedBy: string | null
  decidedAt: Date | null
  a: SuggestedIdentity
  b: SuggestedIdentity
}

type Row = Record<string, string | number | Date | null>

const side = (r: Row, p: 'a' | 'b'): SuggestedIdentity => ({
  key: String(r[`${p}_key`]),
  name: (r[`${p}_name`] as string | null) ?? null,
  email: (r[`${p}_email`] as string | null) ?? null,
  login: (r[`${p}_login`] as string | null) ?? null,
  lastSeenAt: new Date(r[`${p}_seen`] as string | Date),
  contributions: Number(r[`${p}_count`] ?? 0),
  person: r[`${p}_handle`] ? { handle: String(r[`${p}_handle`]), displayName: String(r[`${p}_display`]) } : null,
})

/**
 * Open suggestions (by key), or decided ones (confirmed and rejected, latest decision first), with both sides;
 * at most `limit`, and how many there are in all.
 */
export async function suggestionDetails(db: Db, which: 'open' | 'decided', limit = 100): Promise<{ total: number; suggestions: SuggestionDetail[] }> {
  const identity = (p: 'a' | 'b') =>
    sql.raw(`i${p}.key as ${p}_key, i${p}.name as ${p}_name, i${p}.email as ${p}_email, i${p}.login as ${p}_login, i${p}.last_seen_at as ${p}_seen,
      p${p}.handle as ${p}_handle, p${p}.display_name as ${p}_display,
      (select count(*) from contributions c where c.identity_id = i${p}.id)::int as ${p}_count`)
  const rows = await queryRows<Row>(
    db,
    sql`select s.id, s.reason, s.status, s.decided_by, s.decided_at, ${identity('a')}, ${identity('b')}, count(*) over ()::int as total
          from ${identityMergeSuggestions} s
          join ${contributorIdentities} ia on ia.id = s.identity_id
          join ${contributorIdentities} ib on ib.id = s.other_identity_id
          left join ${people} pa on pa.id = ia.person_id
          left join ${people} pb on pb.id = ib.person_id
         where ${which === 'open' ? sql`s.status = 'open'` : sql`s.status <> 'open'`}
         order by ${which === 'open' ? sql`ia.key, ib.key` : sql`s.decided_at desc, ia.key`}
         limit ${limit}`,
  )
  return {
    total: rows.length ? Number(rows[0]!.total) : 0,
    suggestions: rows.map((r) => ({
      id: String(r.id),
      reason: String(r.reason),
      status: r.status as SuggestionDetail['status'],
      decidedBy: (r.decided_by as string | null) ?? null,
      decidedAt: r.decided_at ? new Date(r.decided_at as string | Date) : null,
      a: side(r, 'a'),
      b: side(r, 'b'),
    })),
  }
}

/** How many suggestions are in a state. */
export async function countSuggestions(db: Db, status: SuggestionDetail['status']): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(identityMergeSuggestions).where(eq(identityMergeSuggestions.status, status))
  return Number(row?.n ?? 0)
}

/** A Decision's message as a catalogue key and its values, for pages in the viewer's language. */
export type DecisionSay = { key: string; vars?: Record<string, string> }
/** What a decision did, or why it was not taken (nothing changed then); `say` is the same message as a catalogue key. */
export type Decision = { ok: true; message: string; say?: DecisionSay } | { ok: false; problem: string; say?: DecisionSay }


/** The catalogue message about a pair of identity keys (a suggestion has two; the message falls back to English when not). */
const pairSay = (key: string, keys: string[], vars: Record<string, string> = {}): DecisionSay | undefined => (keys.length === 2 ? { key, vars: { a: keys[0]!, b: keys[1]!, ...vars } } : undefined)

/** The open suggestion `id` locked in `t`, with its identities; or the problem. */
async function openSuggestion(t: Db, id: string) {
  if (!isUuid(id)) return { problem: 'There is no such suggestion.', say: { key: 'identities.problem.noSuggestion' } } as const
  const [s] = await t.select().from(identityMergeSuggestions).where(eq(identityMergeSuggestions.id, id)).for('update')
  if (!s) return { problem: 'There is no such suggestion.', say: { key: 'identities.problem.noSuggestion' } } as const
  if (s.status !== 'open') {
    const say: DecisionSay = s.decidedBy ? { key: `identities.problem.${s.status}By`, vars: { by: s.decidedBy } } : { key: `identities.problem.${s.status}` }
    return { problem: `This suggestion was ${s.status} already${s.decidedBy ? ` by ${s.decidedBy}` : ''}.`, say } as const
  }
  const identities = await t
    .select({ id: contributorIdentities.id, key: contributorIdentities.key, personId: contributorIdentities.personId })
    .from(contributorIdentities)
    .where(inArray(contributorIdentities.id, [s.identityId, s.otherIdentityId]))
    .for('update')
  return { suggestion: s, identities } as const
}

/**
 * Confirms a suggestion: both identities are linked to the person with `handle` (so their contributions count
 * for that person), unless one belongs to someone else already. Audited as `identities.merge` by `actor` (a
 * person id, or "cli"); `by` is what the suggestion shows as its decider (the admin's @handle).
 */
export async function confirmSuggestion(db: Db, id: string, handle: string, actor: string, by = actor): Promise<Decision> {
  return db.transaction(async (tx): Promise<Decision> => {
    const t = tx as unknown as Db
    const found = await openSuggestion(t, id)
    if ('problem' in found) return { ok: false, problem: found.problem!, say: found.say }
    const wanted = handle.trim().replace(/^@/, '')
    if (!wanted) return { ok: false, problem: 'Give the handle of the person both identities belong to.', say: { key: 'identities.problem.noHandle' } }
    const [person] = await t.select({ id: people.id, displayName: people.displayName, handle: people.handle }).from(people).where(eq(people.handle, wanted))
    if (!person) return { ok: false, problem: `There is no person with the handle "${wanted}".`, say: { key: 'identities.problem.noPerson', vars: { handle: wanted } } }
    const taken = found.identities.filter((i) => i.personId && i.personId !== person.id)
    if (taken.length) {
      const say: DecisionSay = taken.length === 1 ? { key: 'identities.problem.takenOne', vars: { key: taken[0]!.key } } : { key: 'identities.problem.takenBoth', vars: { a: taken[0]!.key, b: taken[1]!.key } }
      return { ok: false, problem: `${taken.map((i) => i.key).join(' and ')} ${taken.length === 1 ? 'belongs' : 'belong'} to someone else already: split ${taken.length === 1 ? 'it' : 'them'} first (embassy identities split KEY), or link both to that person.`, say }
    }
    const keys = found.identities.map((i) => i.key).sort()
    await mergeIdentities(t, keys, person.id, actor, { suggestion: id })
    await decideSuggestion(t, id, 'confirmed', by)
    return { ok: true, message: `${keys.join(' and ')} now belong to ${person.displayName} (@${person.handle}).`, say: pairSay('identities.done.confirmed', keys, { name: person.displayName, handle: person.handle }) }
  })
}

/** Rejects a suggestion: the pair stays apart and is not suggested again. Audited as `identities.reject`. */
export async function rejectSuggestion(db: Db, id: string, actor: string, by = actor): Promise<Decision> {
  return db.transaction(async (tx): Promise<Decision> => {
    const t = tx as unknown as Db
    const found = await openSuggestion(t, id)
    if ('problem' in found) return { ok: false, problem: found.problem!, say: found.say }
    await decideSuggestion(t, id, 'rejected', by)
    const keys = found.identities.map((i) => i.key).sort()
    await recordAudit(t, { actor, action: 'identities.reject', entity: 'identity_merge_suggestion', entityId: id, after: { keys } })
    return { ok: true, message: `${keys.join(' and ')} stay apart; they will not be suggested again.`, say: pairSay('identities.done.rejected', keys) }
  })
}

/**
 * Takes a rejection back: the suggestion is open again, to be decided anew. A confirmed suggestion is not
 * reopened here (its identities may have been linked by sign-in too): it is undone by unlinking the identities
 * that should not belong to the person (unlinkIdentity). Audited as `identities.reopen`.
 */
export async function reopenSuggestion(db: Db, id: string, actor: string): Promise<Decision> {
  if (!isUuid(id)) return { ok: false, problem: 'There is no such suggestion.', say: { key: 'identities.problem.noSuggestion' } }
  return db.transaction(async (tx): Promise<Decision> => {
    const t = tx as unknown as Db
    const [s] = await t.select().from(identityMergeSuggestions).where(eq(identityMergeSuggestions.id, id)).for('update')
    if (!s) return { ok: false, problem: 'There is no such suggestion.', say: { key: 'identities.problem.noSuggestion' } }
    if (s.status === 'open') return { ok: false, problem: 'This suggestion is open already.', say: { key: 'identities.problem.openAlready' } }
    if (s.status === 'confirmed') {
      return { ok: false, problem: 'A confirmed suggestion is not reopened: unlink the identities that do not belong to the person (the Unlink buttons by the decision, or embassy identities split KEY).', say: { key: 'identities.problem.confirmedNotReopened' } }
    }
    await t.update(identityMergeSuggestions).set({ status: 'open', decidedBy: null, decidedAt: null }).where(eq(identityMergeSuggestions.id, id))
    const identities = await t.select({ key: contributorIdentities.key }).from(contributorIdentities).where(inArray(contributorIdentities.id, [s.identityId, s.otherIdentityId]))
    const keys = identities.map((i) => i.key).sort()
    await recordAudit(t, { actor, action: 'identities.reopen', entity: 'identity_merge_suggestion', entityId: id, before: { status: s.status, decidedBy: s.decidedBy }, after: { keys } })
    return { ok: true, message: `The suggestion of ${keys.join(' and ')} is open again.`, say: pairSay('identities.done.reopened', keys) }
  })
}

/**
 * Unlinks one identity from the person it belongs to (a merge confirmed by mistake, a wrong address): its
 * contributions then count for nobody until it is linked again. Audited as `identities.split`.
 */
export async function unlinkIdentity(db: Db, key: string, actor: string): Promise<Decision> {
  const wanted = key.trim()
  if (!wanted) return { ok: false, problem: 'Give the key of an identity, such as github:12345 or email:ana@example.org.', say: { key: 'identities.problem.noKey' } }
  return db.transaction(async (tx): Promise<Decision> => {
    const t = tx as unknown as Db
    const [row] = await t
      .select({ personId: contributorIdentities.personId, handle: people.handle, displayName: people.displayName })
      .from(contributorIdentities)
      .leftJoin(people, eq(people.id, contributorIdentities.personId))
      .where(eq(contributorIdentities.key, wanted))
      .for('update', { of: contributorIdentities })
    if (!row) return { ok: false, problem: `There is no identity ${wanted}.`, say: { key: 'identities.problem.noIdentity', vars: { key: wanted } } }
    if (!row.personId) return { ok: false, problem: `${wanted} belongs to nobody already.`, say: { key: 'identities.problem.nobodyAlready', vars: { key: wanted } } }
    await splitIdentities(t, [wanted], actor)
    return {
      ok: true,
      message: `${wanted} no longer belongs to ${row.displayName} (@${row.handle}); its contributions count for nobody until it is linked again.`,
      say: { key: 'identities.done.unlinked', vars: { key: wanted, name: row.displayName ?? '', handle: row.handle ?? '' } },
    }
  })
}

/** The suggestion with `status` between two identity keys, if any (the CLI names suggestions by their keys). */
export async function suggestionBetween(db: Db, keyA: string, keyB: string, status: SuggestionDetail['status'] = 'open'): Promise<string | undefined> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select s.id from ${identityMergeSuggestions} s
          join ${contributorIdentities} ia on ia.id = s.identity_id
          join ${contributorIdentities} ib on ib.id = s.other_identity_id
         where s.status = ${status} and ((ia.key = ${keyA} and ib.key = ${keyB}) or (ia.key = ${keyB} and ib.key = ${keyA}))`,
  )
  return rows[0]?.id
}
