import { and, eq, isNotNull, ne, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { identities } from '../accounts/schema.ts'
import { people } from '../people/schema.ts'

/**
 * A person's email addresses, lower-cased: the account's own and those of their sign-in identities (an address
 * added on the account page, a GitHub account's address), leaving out any that another account also holds, so
 * that downloading or erasing one person's data never reaches someone else's mail.
 */
export async function personAddresses(db: Db, personId: string, accountEmail: string | null): Promise<string[]> {
  const rows = await db.select({ email: identities.email }).from(identities).where(and(eq(identities.personId, personId), isNotNull(identities.email)))
  const mine = [...new Set([accountEmail, ...rows.map((r) => r.email)].filter((e): e is string => !!e).map((e) => e.toLowerCase()))]
  const out: string[] = []
  for (const address of mine) {
    const [otherPerson] = await db.select({ id: people.id }).from(people).where(and(ne(people.id, personId), sql`lower(${people.email}) = ${address}`)).limit(1)
    const [otherIdentity] = await db.select({ id: identities.id }).from(identities).where(and(ne(identities.personId, personId), sql`lower(${identities.email}) = ${address}`)).limit(1)
    if (address === accountEmail?.toLowerCase() || (!otherPerson && !otherIdentity)) out.push(address)
  }
  return out
}
