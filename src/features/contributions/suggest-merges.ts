import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { searchKey } from '../../lib/text.ts'
import { contributorIdentities, identityMergeSuggestions } from './schema.ts'

/** Names too generic to suggest merging on ("root" on two machines is two people). */
export const GENERIC_NAMES = new Set(['root', 'admin', 'administrator', 'ubuntu', 'user', 'test', 'unknown', 'dev', 'developer', 'git', 'github', 'runner', 'ec2-user', 'centos', 'debian', 'pi', 'vagrant', 'build'])

const IDEOGRAPHIC = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u

/**
 * Whether a folded name is too short to tell people apart: under three letters ("jo", "a"), but a name in
 * Chinese, Japanese or Korean script is often two characters (王磊), which is a whole name.
 */
function tooShort(folded: string): boolean {
  return [...folded].length < (IDEOGRAPHIC.test(folded) ? 2 : 3)
}

/** One suggested merge, with both identities. */
export interface MergeSuggestion {
  id: string
  reason: string
  status: 'open' | 'confirmed' | 'rejected'
  a: { key: string; name: string | null; personId: string | null }
  b: { key: string; name: string | null; personId: string | null }
}

/**
 * Finds identities that are probably the same person and records them as open suggestions (never merging):
 * the same name under different keys (not generic names, not bots), and a login seen without its GitHub id
 * next to the GitHub id that has that login. Returns the open suggestions.
 */
export async function suggestMerges(db: Db): Promise<MergeSuggestion[]> {
  const all = await db
    .select({ id: contributorIdentities.id, key: contributorIdentities.key, name: contributorIdentities.name, login: contributorIdentities.login, isBot: contributorIdentities.isBot, personId: contributorIdentities.personId })
    .from(contributorIdentities)
    .where(eq(contributorIdentities.isBot, false))
  const pairs: { a: number; b: number; reason: string }[] = []
  const byName = new Map<string, typeof all>()
  for (const i of all) {
    const folded = i.name ? searchKey(i.name) : ''
    if (tooShort(folded) || GENERIC_NAMES.has(folded)) continue
    byName.set(folded, [...(byName.get(folded) ?? []), i])
  }
  for (const [name, group] of byName) {
    for (let x = 1; x < group.length; x++) pairs.push({ a: group[0]!.id, b: group[x]!.id, reason: `same name "${name}"` })
  }
  const githubByLogin = new Map(all.filter((i) => i.key.startsWith('github:') && i.login).map((i) => [i.login!.toLowerCase(), i]))
  for (const i of all.filter((i) => i.key.startsWith('login:'))) {
    const gh = githubByLogin.get(i.key.slice('login:'.length))
    if (gh) pairs.push({ a: gh.id, b: i.id, reason: `GitHub user ${gh.key.slice(7)} has the login ${gh.login}` })
  }
  if (pairs.length) {
    await db
      .insert(identityMergeSuggestions)
      .values(pairs.map((p) => ({ identityId: Math.min(p.a, p.b), otherIdentityId: Math.max(p.a, p.b), reason: p.reason })))
      .onConflictDoNothing()
  }
  return listSuggestions(db, 'open')
}

/** Suggestions in a state, oldest first. */
export async function listSuggestions(db: Db, status: 'open' | 'confirmed' | 'rejected'): Promise<MergeSuggestion[]> {
  const rows = await db.execute(sql`
    select s.id, s.reason, s.status,
           ia.key as a_key, ia.name as a_name, ia.person_id as a_person,
           ib.key as b_key, ib.name as b_name, ib.person_id as b_person
      from ${identityMergeSuggestions} s
      join ${contributorIdentities} ia on ia.id = s.identity_id
      join ${contributorIdentities} ib on ib.id = s.other_identity_id
     where s.status = ${status}
     order by ia.key, ib.key`)
  return (rows as unknown as { rows: Record<string, string | null>[] }).rows.map((r) => ({
    id: r.id!,
    reason: r.reason!,
    status: r.status as MergeSuggestion['status'],
    a: { key: r.a_key!, name: r.a_name ?? null, personId: r.a_person ?? null },
    b: { key: r.b_key!, name: r.b_name ?? null, personId: r.b_person ?? null },
  }))
}

/** Marks suggestions decided (confirmed when a merge links both sides to one person). */
export async function decideSuggestion(db: Db, id: string, status: 'confirmed' | 'rejected', actor: string): Promise<boolean> {
  const rows = await db
    .update(identityMergeSuggestions)
    .set({ status, decidedBy: actor, decidedAt: new Date() })
    .where(and(eq(identityMergeSuggestions.id, id), eq(identityMergeSuggestions.status, 'open')))
    .returning({ id: identityMergeSuggestions.id })
  return rows.length > 0
}
