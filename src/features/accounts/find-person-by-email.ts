import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { people } from '../people/schema.ts'
import { identities } from './schema.ts'

/**
 * The person who signs in with `email` (already lower-cased, as signInAddress gives it): the owner of that
 * email sign-in identity, else the person whose profile email it is; undefined when nobody has it.
 */
export async function findPersonByEmail(db: Db, email: string): Promise<{ personId: string } | undefined> {
  const [byIdentity] = await db.select({ personId: identities.personId }).from(identities).where(and(eq(identities.provider, 'email'), eq(identities.subject, email)))
  if (byIdentity) return byIdentity
  const [byPerson] = await db.select({ personId: people.id }).from(people).where(sql`lower(${people.email}) = ${email}`).limit(1)
  return byPerson
}
