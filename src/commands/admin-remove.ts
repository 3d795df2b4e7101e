import { and, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { identities } from '../features/accounts/schema.ts'
import { revokeRole } from '../features/accounts/revoke-role.ts'
import { people } from '../features/people/schema.ts'
import { AppError } from '../lib/errors.ts'
import type { DbCommand } from './command.ts'

/**
 * `embassy admin remove --email …`: takes the deployment-wide admin role from the person signing in with that
 * address (idempotent). The only admin keeps the role: the command says so and exits with 1.
 */
export const adminRemoveCommand: DbCommand = {
  name: 'admin-remove',
  async run(deps, options, io) {
    const email = z.email().max(254).safeParse(String(options.email ?? '').trim().toLowerCase())
    if (!email.success) {
      io.err('admin remove: --email must be an email address')
      return 2
    }
    const [byIdentity] = await deps.db.select({ personId: identities.personId }).from(identities).where(and(eq(identities.provider, 'email'), eq(identities.subject, email.data)))
    const [byPerson] = byIdentity ? [] : await deps.db.select({ personId: people.id }).from(people).where(sql`lower(${people.email}) = ${email.data}`)
    const personId = byIdentity?.personId ?? byPerson?.personId
    if (!personId) {
      io.err(`admin remove: nobody signs in with ${email.data}`)
      return 1
    }
    try {
      const removed = await revokeRole(deps.db, personId, 'admin', null, 'cli')
      io.out(`${email.data}: ${removed ? 'admin role removed' : 'was not an admin'}.`)
      return 0
    } catch (err) {
      if (err instanceof AppError && err.code === 'conflict') {
        io.err(`admin remove: ${err.message}`)
        return 1
      }
      throw err
    }
  },
}
