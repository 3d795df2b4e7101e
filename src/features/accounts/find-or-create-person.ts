import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { createPeople } from '../people/create-people.ts'
import { people } from '../people/schema.ts'
import { identities } from './schema.ts'
import { withoutBidiControls } from '../../lib/text.ts'
import { contributorKeyOf, linkContributorIdentity } from '../contributions/link-identities.ts'

/** A verified identity from a sign-in. */
export interface VerifiedIdentity {
  provider: string
  subject: string
  email?: string | null
  login?: string | null
  name?: string | null
}

/** The stored sign-in identity that is `identity` (same provider and subject). */
export const sameIdentity = (identity: Pick<VerifiedIdentity, 'provider' | 'subject'>) => and(eq(identities.provider, identity.provider), eq(identities.subject, identity.subject))

/**
 * The person behind a verified identity: the one already linked to it; else the person with that verified
 * email (linking the new identity); else a new person. Runs in one transaction.
 */
export async function findOrCreatePerson(db: Db, identity: VerifiedIdentity): Promise<{ personId: string; created: boolean }> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db
    const [linked] = await t.select({ personId: identities.personId }).from(identities).where(sameIdentity(identity))
    if (linked) {
      const key = contributorKeyOf(identity.provider, identity.subject)
      if (key) await linkContributorIdentity(t, key, linked.personId)
      await t.update(identities).set({ login: identity.login ?? null, email: identity.email ?? null }).where(sameIdentity(identity))
      // A renamed GitHub account: the numeric id is the same person; follow the new login.
      if (identity.provider === 'github' && identity.login) {
        await t.update(people).set({ githubLogin: identity.login }).where(eq(people.id, linked.personId))
      }
      return { personId: linked.personId, created: false }
    }
    const email = identity.email?.toLowerCase() ?? null
    const [byEmail] = email ? await t.select({ id: people.id }).from(people).where(sql`lower(${people.email}) = ${email}`) : []
    let personId = byEmail?.id
    const created = !personId
    if (!personId) {
      // A provider's name is taken as it comes, but without text-direction controls (names refuse them).
      const name = withoutBidiControls(identity.name ?? '').trim() || identity.login || (email ? email.split('@')[0]! : 'New member')
      const githubLogin = identity.provider === 'github' ? (identity.login ?? null) : null
      const [person] = await createPeople(t, [{ displayName: name, email, githubLogin }])
      personId = person!.id
      await recordAudit(t, { actor: personId, action: 'person.create', entity: 'person', entityId: personId, after: { provider: identity.provider } })
    }
    await t.insert(identities).values({ personId, provider: identity.provider, subject: identity.subject, login: identity.login ?? null, email })
    // A verified identity proves the contributions recorded under it (GitHub id, email address).
    const key = contributorKeyOf(identity.provider, identity.subject)
    if (key) await linkContributorIdentity(t, key, personId)
    return { personId, created }
  })
}
