// A signed-in person connects one more verified identity to their account: another email address (proved by a
// link sent to it) or their GitHub account (proved by signing in there). The contributions recorded under it
// then count for them: people commit with a work and a personal address, under a GitHub account and a laptop's
// git configuration.
import { and, eq, isNull } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { contributorKeyOf, linkContributorIdentity } from '../contributions/link-identities.ts'
import { people } from '../people/schema.ts'
import { sameIdentity, type VerifiedIdentity } from './find-or-create-person.ts'
import { identities } from './schema.ts'

/**
 * What connecting did:
 * - 'connected': the identity is the person's now;
 * - 'already': it was theirs before;
 * - 'taken': it signs another account in, and nothing changed (two accounts are never merged on their own: if
 *   both are the person's, they delete the one they do not use, then connect its identity again).
 * `contributions` is 'taken' when the contributions recorded under it were linked to someone else by an admin
 * (the sign-in identity is connected all the same; an admin settles who wrote them).
 */
export interface ConnectResult {
  status: 'connected' | 'already' | 'taken'
  contributions?: 'linked' | 'taken'
}

/** Connects a verified identity to `personId`, in one transaction; audited as `identity.connect`. */
export async function connectIdentity(db: Db, personId: string, identity: VerifiedIdentity): Promise<ConnectResult> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db
    const [existing] = await t.select({ personId: identities.personId }).from(identities).where(sameIdentity(identity)).for('update')
    if (existing && existing.personId !== personId) return { status: 'taken' }
    if (!existing) {
      await t.insert(identities).values({ personId, provider: identity.provider, subject: identity.subject, login: identity.login ?? null, email: identity.email?.toLowerCase() ?? null })
    } else {
      await t.update(identities).set({ login: identity.login ?? null, email: identity.email?.toLowerCase() ?? null }).where(sameIdentity(identity))
    }
    if (identity.provider === 'github' && identity.login) {
      // The profile's GitHub link, unless the person set one already.
      await t.update(people).set({ githubLogin: identity.login }).where(and(eq(people.id, personId), isNull(people.githubLogin)))
    }
    const key = contributorKeyOf(identity.provider, identity.subject)
    const linked = key ? await linkContributorIdentity(t, key, personId) : undefined
    const contributions = linked === undefined ? undefined : linked === 'taken' ? ('taken' as const) : ('linked' as const)
    if (!existing) {
      await recordAudit(t, { actor: personId, action: 'identity.connect', entity: 'person', entityId: personId, after: { provider: identity.provider, subject: identity.subject, login: identity.login ?? null, contributions } })
    }
    return { status: existing ? 'already' : 'connected', ...(contributions ? { contributions } : {}) }
  })
}
