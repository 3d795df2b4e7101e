import { and, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { contributorIdentities } from './schema.ts'

/**
 * Links the contributor identity `key` to a person: called when the person proves it (a GitHub sign-in
 * proves `github:<id>`, an email link proves `email:<address>`) or when an admin confirms a merge.
 * An identity already linked to someone else is left alone and reported.
 */
export async function linkContributorIdentity(db: Db, key: string, personId: string): Promise<'linked' | 'already' | 'taken'> {
  const [row] = await db
    .insert(contributorIdentities)
    .values({ key, personId, lastSeenAt: new Date(0) })
    .onConflictDoUpdate({ target: contributorIdentities.key, set: { personId: sql`coalesce(${contributorIdentities.personId}, excluded.person_id)` } })
    .returning({ personId: contributorIdentities.personId })
  if (row?.personId === personId) return 'linked'
  return 'taken'
}

/** The contributor identity key a verified sign-in identity proves, if any. */
export function contributorKeyOf(provider: string, subject: string): string | undefined {
  if (provider === 'github') return `github:${subject}`
  if (provider === 'email') return `email:${subject.toLowerCase()}`
  return undefined
}

/** Links identities (by key) to a person, as an admin's confirmed merge; audited (`context` joins the entry). */
export async function mergeIdentities(db: Db, keys: string[], personId: string, actor: string, context: Record<string, unknown> = {}) {
  const rows = await db.select({ id: contributorIdentities.id, key: contributorIdentities.key, personId: contributorIdentities.personId }).from(contributorIdentities).where(inArray(contributorIdentities.key, keys))
  const missing = keys.filter((k) => !rows.some((r) => r.key === k))
  const taken = rows.filter((r) => r.personId && r.personId !== personId).map((r) => r.key)
  const linkable = rows.filter((r) => !r.personId).map((r) => r.id)
  if (linkable.length) {
    await db.update(contributorIdentities).set({ personId }).where(and(inArray(contributorIdentities.id, linkable), isNull(contributorIdentities.personId)))
    await recordAudit(db, { actor, action: 'identities.merge', entity: 'person', entityId: personId, after: { keys: rows.filter((r) => linkable.includes(r.id)).map((r) => r.key).sort(), ...context } })
  }
  return { linked: linkable.length, missing, taken }
}

/** Unlinks identities from whoever they belong to; audited. */
export async function splitIdentities(db: Db, keys: string[], actor: string) {
  const rows = await db
    .update(contributorIdentities)
    .set({ personId: null })
    .where(and(inArray(contributorIdentities.key, keys), sql`${contributorIdentities.personId} is not null`))
    .returning({ key: contributorIdentities.key })
  if (rows.length) await recordAudit(db, { actor, action: 'identities.split', entity: 'contributor_identity', after: { keys: rows.map((r) => r.key) } })
  return rows.length
}
